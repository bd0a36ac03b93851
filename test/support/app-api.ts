/**
 * Calling the app-facing API (/api/v1) in tests: an app client of the test's own (so rate limits and
 * rotations of one test touch no other), and a call helper that goes straight to the dispatcher
 * (no HTTP server, no build) or over HTTP to a running console.
 */
import { randomUUID } from 'node:crypto';
import { createAppClient } from '../../app/services/app-api/app-clients.server';
import { dispatchApiRequest } from '../../app/services/app-api/dispatch.server';
import { API_V1_ENDPOINTS } from '../../app/services/app-api/endpoints/index.server';
import { connectTestContext, type TestContext } from './fixtures';

/** A new enabled client with `rateLimitPerMinute` calls a minute; its id and key in clear. */
export async function createTestAppClient(ctx: TestContext, rateLimitPerMinute = 10_000) {
  return createAppClient(ctx.db, { actorStaffId: null, actorLabel: 'test' }, { name: `test app ${randomUUID().slice(0, 8)}`, rateLimitPerMinute });
}

/**
 * Registers the hooks of a test file that calls the API: before all, a database context and an app
 * client of the file's own, handed to `receive`; after all, the context closed.
 */
export function useAppApiClient(receive: (client: { ctx: TestContext; key: string }) => void): void {
  let ctx: TestContext | undefined;
  beforeAll(async () => {
    ctx = await connectTestContext();
    receive({ ctx, key: (await createTestAppClient(ctx)).key });
  });
  afterAll(async () => ctx?.close());
}

/** One API call's input: the key, the acting creator, a JSON body and any other headers. */
export interface ApiCallOptions {
  key?: string | null;
  creatorId?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

function requestFor(base: string, method: string, path: string, options: ApiCallOptions): Request {
  const headers = new Headers(options.headers);
  if (options.key) headers.set('authorization', `Bearer ${options.key}`);
  if (options.creatorId) headers.set('loupe-creator', options.creatorId);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`${base}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
}

/** Calls the dispatcher directly and answers the status, headers and parsed JSON body. */
export async function callApi(ctx: TestContext, method: string, path: string, options: ApiCallOptions = {}) {
  const response = await dispatchApiRequest(requestFor('http://localhost', method, path, options), { ctx, endpoints: API_V1_ENDPOINTS });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

/** The same call over HTTP to a running console at `baseUrl`. */
export async function callApiOverHttp(baseUrl: string, method: string, path: string, options: ApiCallOptions = {}) {
  const request = requestFor(baseUrl, method, path, options);
  const response = await fetch(request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string } } };
}
