/**
 * The OpenAPI description and the dispatcher agree: every endpoint the dispatcher serves is in the
 * document served at /api/v1/openapi.json, and every operation of the document reaches an endpoint
 * (it answers 401 for want of a key, never 404 or 405).
 */
import { API_V1_ENDPOINTS } from '../../app/services/app-api/endpoints/index.server';
import { callApi } from '../support/app-api';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import type { TestContext } from '../support/fixtures';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; required?: boolean }[] }>>;
  components: { securitySchemes: Record<string, unknown> };
}

async function fetchDocument(): Promise<{ document: OpenApiDocument; response: Response }> {
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  return { document: (await response.json()) as OpenApiDocument, response };
}

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)).sort();

it('is served publicly as OpenAPI 3.1 with the bearer scheme and the version header', async () => {
  const { document, response } = await fetchDocument();
  expect(response.status).toBe(200);
  expect(response.headers.get('loupe-api-version')).toBe('1');
  expect(document.openapi).toBe('3.1.0');
  expect(document.servers).toEqual([{ url: '/api/v1' }]);
  expect(document.components.securitySchemes).toHaveProperty('appKey');
});

it('lists every dispatched endpoint, and nothing else', async () => {
  const { document } = await fetchDocument();
  const dispatched = API_V1_ENDPOINTS.map((endpoint) => `${endpoint.method.toUpperCase()} ${endpoint.path}`).sort();
  expect(dispatched.length).toBeGreaterThanOrEqual(6);
  expect(new Set(dispatched).size).toBe(dispatched.length);
  expect(operationsOf(document)).toEqual(dispatched);
  // Every operation names the acting creator's header.
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods)) {
      expect(operation.parameters?.find((parameter) => parameter.in === 'header' && parameter.name === 'Loupe-Creator')?.required).toBe(true);
    }
  }
});

it('has no operation the dispatcher does not serve', async () => {
  const { document } = await fetchDocument();
  for (const [path, methods] of Object.entries(document.paths)) {
    const concrete = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
    for (const method of Object.keys(methods)) {
      const answer = await callApi(ctx, method.toUpperCase(), concrete, method === 'get' ? {} : { body: {} });
      expect({ operation: `${method} ${path}`, status: answer.status }).toEqual({ operation: `${method} ${path}`, status: 401 });
    }
  }
});
