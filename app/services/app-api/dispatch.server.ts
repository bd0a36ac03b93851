/**
 * The app-facing API's one entry point (`/api/v1/*`, app/routes/api.v1.$.tsx): finds the endpoint,
 * then checks, in this order, each with its own refusal:
 *   1. the app key: `Authorization: Bearer <key>` of an enabled client (401 `unauthorized`);
 *   2. the client's rate limit, per client per minute (429 `rate_limited`, with Retry-After);
 *   3. a browser's cross-site write (Origin of another site): 403 `forbidden`. The HTTP server already
 *      refuses these for every route (origin-check.server.ts); asking the same check here keeps the
 *      API safe wherever the dispatcher is mounted;
 *   4. the acting creator: `Loupe-Creator: <creator id>` names an existing creator (400, 404 `creator_not_found`);
 *   5. the input: path parameters, query and JSON body against the endpoint's zod schemas (400).
 * Then it makes the endpoint's one call and answers JSON. Typed refusals of the services become
 * 4xx with their sentence; anything else is logged and answered 500 `internal` with no detail.
 * Body size and speed are held by the HTTP server's body guard before this reads a byte.
 */
import { z } from 'zod';
import type { AppContext } from '../../context';
import { appClientForKey, type AuthenticatedAppClient } from '../../../db/queries/app-clients';
import { InvalidCursor } from '../../../db/queries/keyset-cursor';
import { creatorExists } from '../../../db/queries/requests';
import { holdsNulText, NUL_TEXT_SENTENCE } from '../../../db/queries/storable';
import { rateLimiterFor } from '../../../db/rate-limiter';
import { crossSiteRefusal } from '../origin-check.server';
import { ServiceRefusal, type RefusalCode } from '../refusal';
import { SubmissionError } from '../submit-request.server';
import { WorkflowRefusedUpdate } from '../workflow-client.server';
import type { ApiEndpoint } from './endpoint';
import { ApiError, apiHeaders, errorResponse, type ApiErrorCode } from './errors';
import { describeValidationIssues } from '../validation-sentence';

/** The header that names the acting creator on every call. */
export const CREATOR_HEADER = 'Loupe-Creator';
/** Where the API lives; endpoint paths are below it. */
export const API_BASE_PATH = '/api/v1';

/** What the dispatcher needs besides the request: the process's context and the endpoints. */
export interface DispatchOptions {
  ctx: AppContext;
  endpoints: readonly ApiEndpoint[];
  /** Whether X-Forwarded-Host is believed for the cross-site check (behind declared proxies). */
  trustForwardedHost?: boolean;
}

interface CompiledPath {
  pattern: RegExp;
  names: string[];
}
const compiled = new WeakMap<ApiEndpoint, CompiledPath>();

/** `/cameos/{cameoId}/grants/{creatorId}` as a pattern matching one segment per parameter. */
function compile(endpoint: ApiEndpoint): CompiledPath {
  let known = compiled.get(endpoint);
  if (!known) {
    const names: string[] = [];
    const source = endpoint.path.split('/').map((segment) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    }).join('/');
    known = { pattern: new RegExp(`^${source}$`), names };
    compiled.set(endpoint, known);
  }
  return known;
}

/** The endpoint for a path and method, its raw path parameters, or which methods the path has. */
function route(endpoints: readonly ApiEndpoint[], path: string, method: string): { endpoint: ApiEndpoint; params: Record<string, string> } | { allowed: string[] } {
  const allowed: string[] = [];
  for (const endpoint of endpoints) {
    const { pattern, names } = compile(endpoint);
    const match = pattern.exec(path);
    if (!match) continue;
    allowed.push(endpoint.method.toUpperCase());
    if (endpoint.method === method || (method === 'head' && endpoint.method === 'get')) {
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(match[i + 1]!);
        } catch {
          throw new ApiError('bad_request', `The path segment for ${name} is not valid percent-encoding.`);
        }
      });
      return { endpoint, params };
    }
  }
  return { allowed };
}

/** The service refusals' codes as API error codes. */
const REFUSAL_CODES: Record<RefusalCode, ApiErrorCode> = {
  NOT_FOUND: 'not_found', CONFLICT: 'conflict', BAD_REQUEST: 'bad_request', FORBIDDEN: 'forbidden', TOO_MANY_REQUESTS: 'rate_limited',
};

/** A zod failure as one sentence per field ("body.accessLevel must be one of …"), as the console's tRPC errors read. */
function validationSentence(error: z.ZodError, where: string): string {
  return describeValidationIssues(error.issues, { prefix: where });
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | Record<string, never> {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('bad_request', validationSentence(parsed.error, where));
  return parsed.data;
}

/** The presented key, or a 401 saying how to present one. */
async function authenticate(ctx: AppContext, request: Request): Promise<AuthenticatedAppClient> {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="loupe-api"' };
  const header = request.headers.get('authorization');
  if (!header) throw new ApiError('unauthorized', 'Send your app key as "Authorization: Bearer <key>"; an admin creates keys under Admin → App clients.', challenge);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError('unauthorized', 'The Authorization header must be "Bearer <key>".', challenge);
  // Keys are short ASCII; anything longer is not one, and need not be hashed.
  const client = match[1]!.length <= 200 ? await appClientForKey(ctx.db, match[1]!) : null;
  if (!client) {
    throw new ApiError('unauthorized', 'This app key is not valid: it is unknown, disabled, or was rotated out more than its grace period ago. Ask an admin for the current key.', challenge);
  }
  return client;
}

/** The acting creator's id, checked to exist. */
async function actingCreator(ctx: AppContext, request: Request): Promise<string> {
  const raw = request.headers.get(CREATOR_HEADER);
  if (!raw) throw new ApiError('bad_request', `Name the creator this call acts for in the ${CREATOR_HEADER} header (their creator id).`);
  const id = z.uuid().safeParse(raw.trim());
  if (!id.success) throw new ApiError('bad_request', `The ${CREATOR_HEADER} header must be a creator id (a UUID).`);
  if (!(await creatorExists(ctx.db, id.data))) throw new ApiError('creator_not_found', `There is no creator with id ${id.data}; create the creator in Loupe before acting for them.`);
  return id.data;
}

/** The JSON body, or undefined when there is none. */
async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('bad_request', 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.');
  }
}

/** The query string as an object; a name given twice keeps its last value. */
function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/** Maps what a handler threw to an API error, or null for an unexpected failure. */
function refusalOf(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ServiceRefusal) return new ApiError(REFUSAL_CODES[error.code], error.message);
  if (error instanceof SubmissionError || error instanceof InvalidCursor) return new ApiError('bad_request', error.message);
  if (error instanceof WorkflowRefusedUpdate) return new ApiError('conflict', error.message);
  // A service that validates its own input with zod.
  if (error instanceof z.ZodError) return new ApiError('bad_request', validationSentence(error, 'input'));
  return null;
}

/** Answers one API request. Never throws: every failure is an error answer. */
export async function dispatchApiRequest(request: Request, options: DispatchOptions): Promise<Response> {
  const { ctx, endpoints } = options;
  const url = new URL(request.url);
  const method = request.method.toLowerCase();
  try {
    const path = url.pathname.startsWith(API_BASE_PATH) ? url.pathname.slice(API_BASE_PATH.length) || '/' : url.pathname;
    const found = route(endpoints, path.length > 1 ? path.replace(/\/$/, '') : path, method);
    if (!('endpoint' in found)) {
      if (found.allowed.length === 0) throw new ApiError('not_found', `There is no API endpoint at ${url.pathname}; the endpoints are listed in ${API_BASE_PATH}/openapi.json.`);
      throw new ApiError('method_not_allowed', `${url.pathname} answers ${found.allowed.join(', ')}, not ${request.method}.`, { Allow: found.allowed.join(', ') });
    }
    const { endpoint } = found;
    const client = await authenticate(ctx, request);
    const limit = await rateLimiterFor(ctx.db, { name: `app-api-${client.rateLimitPerMinute}`, points: client.rateLimitPerMinute, durationSeconds: 60 }).consume(client.id);
    if (!limit.allowed) {
      throw new ApiError('rate_limited', `This app has used its ${client.rateLimitPerMinute} calls per minute; try again in ${limit.retryAfterSeconds} seconds.`, { 'Retry-After': String(limit.retryAfterSeconds) });
    }
    const crossSite = crossSiteRefusal({ method: request.method, headers: Object.fromEntries(request.headers.entries()) }, { trustForwardedHost: options.trustForwardedHost ?? false });
    if (crossSite) throw new ApiError('forbidden', crossSite);
    const creatorId = await actingCreator(ctx, request);

    const params = parse(endpoint.params, found.params, 'path');
    const rawQuery = queryObject(url);
    if (holdsNulText(rawQuery)) throw new ApiError('bad_request', NUL_TEXT_SENTENCE);
    const query = parse(endpoint.query, rawQuery, 'query');
    let body: unknown = undefined;
    if (endpoint.body) {
      const raw = await jsonBody(request);
      if (holdsNulText(raw)) throw new ApiError('bad_request', NUL_TEXT_SENTENCE);
      body = parse(endpoint.body, raw ?? {}, 'body');
    }
    const result = await endpoint.handle({ ctx, creatorId, appClient: { id: client.id, name: client.name }, params, query, body });
    return Response.json(result, { status: endpoint.status, headers: apiHeaders() });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) return errorResponse(refusal);
    console.error(`[loupe] ${request.method} ${url.pathname} failed:`, error);
    return errorResponse(new ApiError('internal', 'Loupe could not do this because of a problem on our side; try again later.'));
  }
}
