/**
 * The console's HTTP edge: what the server refuses before any route runs, and how it answers an
 * error that happens outside every route. The Remix adapter turns each request into a Fetch
 * `Request`, which cannot carry some of what a client may send; those requests used to fail inside
 * the adapter and reach Express's default error page (500, with a stack trace outside production):
 *
 * - methods the Fetch Standard forbids (`TRACE`, `TRACK`, `CONNECT`: `new Request()` throws on
 *   them) and methods no Loupe route serves (`PROPFIND`, `LOCK`, ...): 405 with an `Allow` header,
 *   as RFC 9110 section 15.5.6 asks of a method the target does not support;
 * - a `Host` that does not make a URL (`[`, a port above 65535, spaces, a list), and behind
 *   declared proxies an `X-Forwarded-Host` that does not or an `X-Forwarded-Proto` other than http
 *   or https: the adapter builds the request's URL from them, so they are refused with 400 first.
 *
 * Host headers that pass are rewritten as URL parsing reads them (lower case, no default port), so
 * that every reader, Remix's own comparison with `Origin` included, sees the same host.
 *
 * Without declared proxies (LOUPE_TRUSTED_PROXIES=0) `X-Forwarded-Host` is removed before anything
 * reads it: Express ignores it then, but the adapter still takes a port from it and Remix's own
 * check of form posts compares `Origin` with it, so a client could otherwise turn any form post into
 * a 500 by sending one.
 *
 * `answerEdgeErrors` is the last Express error handler: anything that still reaches it (a static
 * file path with broken percent-encoding, for one) is answered with its status and a sentence, and
 * never with the error's own text or stack.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The methods Loupe's routes serve: GET and HEAD (pages, files, tRPC queries), POST (forms, tRPC
 * mutations, /api/verify), OPTIONS (preflight), and PUT, PATCH and DELETE, which Remix hands to a
 * route's action like POST (a route without an action answers them with 405 itself).
 */
export const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const SERVED = new Set<string>(SERVED_METHODS);
const ALLOW = SERVED_METHODS.join(', ');

/** The parts of a request the edge reads (a node IncomingMessage has them). */
export interface EdgeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingMessage['headers'];
}

/** How the server runs: whether headers set by reverse proxies are believed (LOUPE_TRUSTED_PROXIES > 0). */
export interface EdgeOptions {
  trustForwardedHeaders: boolean;
}

/** An edge refusal: the status and the sentence the client reads. */
export interface EdgeRefusal {
  status: 400 | 405;
  message: string;
  headers?: Record<string, string>;
}

const HOST_ADVICE = "does not name a host; send the console's own address (for example localhost:3000).";

/**
 * Null when the request may go on to the routes; otherwise why not. Forwarded headers are only
 * checked when they are believed. Never throws, whatever the request holds.
 */
export function edgeRefusal(request: EdgeRequest, options: EdgeOptions): EdgeRefusal | null {
  const method = request.method ?? 'GET';
  if (!SERVED.has(method)) {
    return { status: 405, message: `Loupe does not answer ${method} requests; use one of ${ALLOW}.`, headers: { Allow: ALLOW } };
  }
  const host = request.headers.host;
  if (host !== undefined && !isHost(host)) return { status: 400, message: `The Host header ${HOST_ADVICE}` };
  if (!options.trustForwardedHeaders) return null;
  const forwardedHost = joined(request.headers['x-forwarded-host']);
  // A proxy chain lists one host per hop; Express and Remix read the first.
  if (forwardedHost !== undefined && !forwardedHost.split(',').every(isHost)) return { status: 400, message: `The X-Forwarded-Host header ${HOST_ADVICE}` };
  const proto = joined(request.headers['x-forwarded-proto']);
  if (proto !== undefined && !proto.split(',').every((entry) => /^https?$/i.test(entry.trim()))) {
    return { status: 400, message: 'The X-Forwarded-Proto header must be http or https.' };
  }
  return null;
}

/** A header's value as one string (node gives a few repeated headers as arrays). */
function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Whether `value` is one host with an optional port that makes a valid http URL and nothing more
 * (no list, path, user or query: the adapter appends the path to it).
 */
function isHost(value: string): boolean {
  const host = value.trim();
  if (host === '' || /[\s,/?#@\\]/.test(host)) return false;
  try {
    new URL(`http://${host}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Express-style middleware (plain node types): drops X-Forwarded-Host when no proxy is believed,
 * then answers the refusal, or puts the host headers in canonical form and passes the request on.
 */
export function refuseUnservableRequests(options: EdgeOptions) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (!options.trustForwardedHeaders) delete request.headers['x-forwarded-host'];
    const refusal = edgeRefusal(request, options);
    if (refusal !== null) return answer(request, response, refusal.status, refusal.message, refusal.headers);
    canonicalizeHosts(request, options);
    next();
  };
}

/**
 * Rewrites Host (and a believed X-Forwarded-Host) the way URL parsing reads them: lower case, and
 * without the scheme's default port. Remix compares a form post's Origin with them as plain text, so
 * `Host: LOCALHOST:3000` or `Host: localhost:80` beside `Origin: http://localhost` (the same origin,
 * as the cross-site check already decided) made it throw a 500. Call only after `edgeRefusal`
 * passed the request, so every value here parses.
 */
function canonicalizeHosts(request: IncomingMessage, options: EdgeOptions): void {
  const proto = options.trustForwardedHeaders ? joined(request.headers['x-forwarded-proto'])?.split(',')[0]?.trim().toLowerCase() : undefined;
  const scheme = proto === 'https' ? 'https' : 'http';
  if (request.headers.host !== undefined) request.headers.host = new URL(`http://${request.headers.host.trim()}`).host;
  const forwarded = joined(request.headers['x-forwarded-host']);
  if (forwarded !== undefined) {
    request.headers['x-forwarded-host'] = forwarded.split(',').map((entry) => new URL(`${scheme}://${entry.trim()}`).host).join(', ');
  }
}

/** The `status` or `statusCode` an error from Express or its static-file middleware carries (http-errors). */
function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : null;
}

/**
 * The last Express error handler (four parameters, so Express registers it as one). A client error
 * (4xx) keeps its status with a sentence; anything else is logged and answered 500 with a sentence.
 */
export function answerEdgeErrors() {
  return (error: unknown, request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    if (response.headersSent) return next(error);
    const status = statusOf(error) ?? 500;
    if (status >= 500) {
      console.error(`[http] ${request.method} ${request.url}:`, error);
      return answer(request, response, 500, 'Loupe could not answer this request because of a problem on our side; try again later.');
    }
    answer(request, response, status, `This request could not be read (${STATUS_CODES[status] ?? 'client error'}): check its address and headers and send it again.`);
  };
}

/** A refusal as JSON `{ "error": { "message" } }` under /api/ (the APIs' error shape) and as plain text elsewhere. */
function answer(request: EdgeRequest, response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const api = (request.url ?? '').startsWith('/api/');
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(request.method === 'HEAD' ? undefined : api ? JSON.stringify({ error: { message } }) : message);
}
