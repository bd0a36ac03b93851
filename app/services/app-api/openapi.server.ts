/**
 * The OpenAPI 3.1 description of the app-facing API, generated from the endpoints' own zod schemas
 * (@asteasolutions/zod-to-openapi), so it describes exactly what the dispatcher validates. Served
 * at GET /api/v1/openapi.json; docs/api.md is its guide for people.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_BASE_PATH, CREATOR_HEADER } from './dispatch.server';
import type { ApiEndpoint } from './endpoint';
import { API_ERROR_STATUS, apiErrorSchema, API_VERSION, type ApiErrorCode } from './errors';

/** Which errors each call can answer besides its own refusals (4xx from services are listed under 400, 404, 409). */
const COMMON_ERRORS: ApiErrorCode[] = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited'];

const creatorHeader = z.object({
  [CREATOR_HEADER]: z.uuid().meta({ description: 'The id of the creator this call acts for. Every call names one.' }),
});

/** The document, built once per process (the endpoints do not change while it runs). */
let cached: ReturnType<OpenApiGeneratorV31['generateDocument']> | null = null;

/** The OpenAPI 3.1 document for `endpoints`. */
export function buildOpenApiDocument(endpoints: readonly ApiEndpoint[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'appKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The app client\'s key, created by an admin under Admin → App clients and shown once.',
  });
  const errorContent = { 'application/json': { schema: apiErrorSchema } };
  const statuses = [...new Set(COMMON_ERRORS.map((code) => API_ERROR_STATUS[code]))];
  for (const endpoint of endpoints) {
    registry.registerPath({
      method: endpoint.method,
      path: endpoint.path,
      operationId: endpoint.operationId,
      tags: [endpoint.tag],
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      security: [{ [bearer.name]: [] }],
      request: {
        headers: creatorHeader,
        ...(endpoint.params ? { params: endpoint.params } : {}),
        ...(endpoint.query ? { query: endpoint.query } : {}),
        ...(endpoint.body ? { body: { required: true, content: { 'application/json': { schema: endpoint.body } } } } : {}),
      },
      responses: {
        [endpoint.status]: { description: 'Done.', content: { 'application/json': { schema: endpoint.response } } },
        ...Object.fromEntries(statuses.map((status) => [status, { description: 'Refused; the message says why and what to do.', content: errorContent }])),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Loupe app API',
      version: `${API_VERSION}.0.0`,
      description: 'The server-to-server API a consumer app calls for its creators: requests, cameos and consent, approvals, '
        + 'videos with one\'s likeness, appeals, reports, notifications, follows and likeness complaints. See docs/api.md.',
    },
    servers: [{ url: API_BASE_PATH }],
  });
}

/** The document for the running server's endpoints (cached). */
export function openApiDocument(endpoints: readonly ApiEndpoint[]) {
  cached ??= buildOpenApiDocument(endpoints);
  return cached;
}
