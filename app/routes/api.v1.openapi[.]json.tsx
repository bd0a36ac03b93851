/** GET /api/v1/openapi.json: the app API's OpenAPI 3.1 description (public, read-only), generated from its zod schemas. */
import { apiHeaders } from '../services/app-api/errors';
import { API_V1_ENDPOINTS } from '../services/app-api/endpoints/index.server';
import { openApiDocument } from '../services/app-api/openapi.server';

export function loader() {
  return Response.json(openApiDocument(API_V1_ENDPOINTS), { headers: apiHeaders({ 'Cache-Control': 'public, max-age=300' }) });
}
