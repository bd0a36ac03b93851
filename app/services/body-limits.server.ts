/**
 * How large a request body may be on each route, how fast it must arrive, and the answer a client
 * gets when it breaks either. The HTTP server enforces these for every route while the body
 * streams in (scripts/stack/remix-handler.ts with app/services/body-guard.server.ts), chunked
 * bodies without a Content-Length included, before any route parses a byte: a declared length over
 * the limit is refused at once, and a body that grows past it is cut at the first byte too many.
 *
 * The limits, each the largest thing the route legitimately receives plus room for its form:
 * - `POST /api/verify`: the checked file (`MAX_UPLOAD_BYTES`, 50 MB) plus 64 KiB of multipart framing.
 * - `POST /requests`: the source image (`SOURCE_IMAGE_LIMITS.maxBytes`, 10 MB) plus 256 KiB for its
 *   form fields (8 fields of at most 16 KiB, as the route reads them) and framing.
 *   Both routes refuse an oversized file themselves while parsing, with their own sentence, and
 *   stop reading there (the rest is dropped after the answer, scripts/stack/remix-handler.ts); the
 *   limit here is the backstop, so their own answer is the one people see.
 * - `POST /likeness-complaint`: the evidence files (`EVIDENCE_LIMITS`: 5 of at most 5 MB) plus 256 KiB
 *   for the form's fields and framing; the route refuses a file over its own limit while parsing.
 * - `POST /policy/registries`: one protected-persons list (`REGISTRY_FILE_MAX_BYTES`, 5 MB) plus 64 KiB
 *   for the form's fields and framing; the route refuses a larger file itself while parsing.
 * - `POST /api/v1/requests` (the app API): 1 MiB of JSON plus one base64-encoded source image, as
 *   `requests.submit` on tRPC; `POST /api/v1/likeness-complaints`: every evidence file base64-encoded
 *   (`EVIDENCE_LIMITS`) plus 256 KiB for the complaint's other fields.
 * - `POST /api/v1/cameos/{cameoId}/enrolments` (issue 12): one face capture base64-encoded
 *   (`CAPTURE_MAX_BYTES`, 20 MB) plus 64 KiB for the challenge id and the JSON around it.
 * - `/api/trpc`: 1 MiB of JSON, plus one base64-encoded source image for each `requests.submit`
 *   call in the batch; a batch of more than `MAX_BATCH_CALLS` calls is refused whatever its size.
 * - every other route (login, logout, invites, Remix actions, anything added later): 64 KiB, far
 *   above any of their forms and small enough that parsing it costs nothing.
 *
 * Refusals are 413 (too large) or 408 (too slow), each with one sentence saying what to do, in the
 * shape the route's callers read: tRPC's error envelope on `/api/trpc` (one per call of a batch),
 * `{ error: { message } }` on other `/api/` routes, plain text elsewhere.
 */
import { CAPTURE_MAX_BYTES, CAPTURE_TOO_LARGE } from '../../policies/faces/capture';
import { EVIDENCE_LIMITS, EVIDENCE_TOO_LARGE } from '../../policies/likeness-complaints';
import { CLAIM_LIMITS, CLAIM_TOO_LARGE } from '../../policies/copyright/claims';
import { REGISTRY_FILE_MAX_BYTES, REGISTRY_FILE_TOO_LARGE } from '../../policies/registry-import';
import { SOURCE_IMAGE_LIMITS, SOURCE_IMAGE_TOO_LARGE } from '../../policies/source-image';
import { MAX_BATCH_CALLS } from '../trpc/batch-limit';
import { FILE_TOO_LARGE, MAX_UPLOAD_BYTES } from './verify-upload.server';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Bodies of routes not listed below. */
export const DEFAULT_BODY_BYTES = 64 * KiB;
/** A tRPC request's JSON, before any source images it carries. */
export const TRPC_BODY_BYTES = 1 * MiB;
/** `requests.submit` carries its source image base64-encoded: 4 characters for every 3 bytes. */
const SUBMIT_IMAGE_BASE64_BYTES = Math.ceil(SOURCE_IMAGE_LIMITS.maxBytes / 3) * 4;

/**
 * How fast a body must arrive, for every route. Both rules exist because each misses what the
 * other catches:
 * - a minimum rate: after each `windowMs` of reading, at least `minBytesPerWindow` more must have
 *   arrived (unless the body is complete, or the route has stopped reading). 8 KiB/s is a weak
 *   mobile uplink (64 kbit/s); a client trickling one byte a second is cut within one window, so it
 *   cannot hold an upload slot for minutes while sending nothing.
 * - a deadline: the whole body within `deadlineMs`, however steady. Four minutes bounds how long
 *   any one upload can occupy the server; a 50 MB file needs about 1.7 Mbit/s to make it. It is
 *   shorter than Node.js's own `requestTimeout` (5 minutes), which would answer with no sentence.
 * Windows in which the route was not reading (its buffer full) are not held against the client.
 */
export interface BodyReadRules {
  windowMs: number;
  minBytesPerWindow: number;
  deadlineMs: number;
}

export const BODY_READ_RULES: BodyReadRules = { windowMs: 10_000, minBytesPerWindow: 80 * KiB, deadlineMs: 240_000 };

/** How a route's callers read a refusal. */
export type RefusalShape = 'trpc' | 'json' | 'text';

/** The limit for one request: its largest body in bytes, how its refusals look, and (tRPC) how many calls it carries. */
export interface BodyLimit {
  maxBytes: number;
  /** The sentence for a body over `maxBytes`, in the route's own words where it has them. */
  tooLarge: string;
  shape: RefusalShape;
  /** tRPC only: the number of procedure calls in the request (1 unless `?batch=1`). */
  calls: number;
  /** tRPC only: the request is a batch (`?batch=1`), answered with an array even for one call. */
  batch: boolean;
}

/** The tRPC procedure paths a request to `/api/trpc/<paths>` names (a batch names several, comma-separated). */
function trpcPaths(url: URL): string[] {
  const rest = url.pathname.slice('/api/trpc/'.length);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    decoded = rest;
  }
  return url.searchParams.get('batch') === '1' ? decoded.split(',') : [decoded];
}

/** The body limit of a request to `url` (its path decides; the method does not). */
export function bodyLimitFor(url: URL): BodyLimit {
  if (url.pathname === '/api/trpc' || url.pathname.startsWith('/api/trpc/')) {
    const paths = trpcPaths(url);
    const submits = paths.filter((path) => path === 'requests.submit').length;
    const maxBytes = TRPC_BODY_BYTES + submits * SUBMIT_IMAGE_BASE64_BYTES;
    return { maxBytes, tooLarge: tooLargeSentence(maxBytes), shape: 'trpc', calls: paths.length, batch: url.searchParams.get('batch') === '1' };
  }
  const single = { calls: 1, batch: false };
  if (url.pathname === '/api/verify') {
    return { maxBytes: MAX_UPLOAD_BYTES + 64 * KiB, tooLarge: FILE_TOO_LARGE, shape: 'json', ...single };
  }
  if (url.pathname === '/requests') {
    return { maxBytes: SOURCE_IMAGE_LIMITS.maxBytes + 256 * KiB, tooLarge: SOURCE_IMAGE_TOO_LARGE, shape: 'text', ...single };
  }
  if (url.pathname === '/demo/submit') {
    // Issue 12: the demo's submit form carries an optional source image file, as /requests does.
    return { maxBytes: SOURCE_IMAGE_LIMITS.maxBytes + 256 * KiB, tooLarge: SOURCE_IMAGE_TOO_LARGE, shape: 'text', ...single };
  }
  if (url.pathname === '/api/v1/requests') {
    const maxBytes = TRPC_BODY_BYTES + SUBMIT_IMAGE_BASE64_BYTES;
    return { maxBytes, tooLarge: tooLargeSentence(maxBytes), shape: 'json', ...single };
  }
  if (url.pathname === '/api/v1/likeness-complaints') {
    const maxBytes = Math.ceil((EVIDENCE_LIMITS.maxFiles * EVIDENCE_LIMITS.maxFileBytes) / 3) * 4 + 256 * KiB;
    return { maxBytes, tooLarge: EVIDENCE_TOO_LARGE, shape: 'json', ...single };
  }
  if (url.pathname === '/api/v1/copyright-claims') {
    // Issue 13: every claim file base64-encoded (CLAIM_LIMITS.maxTotalBytes), plus 256 KiB for the entities and statement.
    return { maxBytes: Math.ceil(CLAIM_LIMITS.maxTotalBytes / 3) * 4 + 256 * KiB, tooLarge: CLAIM_TOO_LARGE, shape: 'json', ...single };
  }
  if (url.pathname === '/copyright-claim') {
    // Issue 13: the public claim form's files at their total limit, plus 256 KiB for the fields and framing.
    return { maxBytes: CLAIM_LIMITS.maxTotalBytes + 256 * KiB, tooLarge: CLAIM_TOO_LARGE, shape: 'text', ...single };
  }
  if (url.pathname === '/demo/enrol') {
    // Issue 12: the demo's enrol form carries the capture video as a file.
    return { maxBytes: CAPTURE_MAX_BYTES + 256 * KiB, tooLarge: CAPTURE_TOO_LARGE, shape: 'text', ...single };
  }
  if (/^\/api\/v1\/cameos\/[^/]+\/enrolments$/.test(url.pathname)) {
    return { maxBytes: Math.ceil(CAPTURE_MAX_BYTES / 3) * 4 + 64 * KiB, tooLarge: CAPTURE_TOO_LARGE, shape: 'json', ...single };
  }
  if (url.pathname === '/likeness-complaint') {
    // Every evidence file at its limit, plus 256 KiB for the form's fields (16 of at most 24 KiB) and framing.
    return { maxBytes: EVIDENCE_LIMITS.maxFiles * EVIDENCE_LIMITS.maxFileBytes + 256 * KiB, tooLarge: EVIDENCE_TOO_LARGE, shape: 'text', ...single };
  }
  if (url.pathname === '/policy/registries') {
    return { maxBytes: REGISTRY_FILE_MAX_BYTES + 64 * KiB, tooLarge: REGISTRY_FILE_TOO_LARGE, shape: 'text', ...single };
  }
  return { maxBytes: DEFAULT_BODY_BYTES, tooLarge: tooLargeSentence(DEFAULT_BODY_BYTES), shape: url.pathname.startsWith('/api/') ? 'json' : 'text', ...single };
}

/** Why a request is refused before its route answers it. */
export type BodyRefusal = 'too_large' | 'too_slow' | 'too_many_calls';

/** "50.06 MB", "64 KB": sizes as people read them (1 KB = 1024 bytes here, as the limits are set). */
function describeSize(bytes: number): string {
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(2))} MB`;
  return `${Number((bytes / KiB).toFixed(1))} KB`;
}

/** The sentence for a body over `maxBytes` on a route without words of its own. */
function tooLargeSentence(maxBytes: number): string {
  return `The request body is too large: this address accepts at most ${describeSize(maxBytes)}. Send a smaller file or form.`;
}

/** The sentence for a refusal, saying what the client can do. */
export function refusalSentence(limit: BodyLimit, refusal: BodyRefusal, rules: BodyReadRules = BODY_READ_RULES): string {
  switch (refusal) {
    case 'too_large':
      return limit.tooLarge;
    case 'too_slow':
      return `The request body arrived too slowly (under ${describeSize(rules.minBytesPerWindow / (rules.windowMs / 1000))} per second, `
        + `or not complete within ${Math.round(rules.deadlineMs / 1000)} seconds); try again on a faster connection.`;
    case 'too_many_calls':
      return `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one has ${limit.calls}. Send them in smaller batches.`;
  }
}

/** True when a tRPC request names more calls than one batch may carry. */
export function tooManyCalls(limit: BodyLimit): boolean {
  return limit.shape === 'trpc' && limit.calls > MAX_BATCH_CALLS;
}

/** tRPC's JSON-RPC error codes for the two statuses (`TRPC_ERROR_CODES_BY_KEY` in @trpc/server). */
const TRPC_CODES = { 413: { name: 'PAYLOAD_TOO_LARGE', number: -32013 }, 408: { name: 'TIMEOUT', number: -32008 } } as const;

/**
 * The refusal's response in the route's shape. After a body too slow the connection is closed (the
 * rest is not worth waiting for); after one too large the server drops what is still arriving for
 * a short while, so the client reads the refusal (scripts/stack/remix-handler.ts).
 */
export function refusalResponse(limit: BodyLimit, refusal: BodyRefusal, rules: BodyReadRules = BODY_READ_RULES): Response {
  const status = refusal === 'too_slow' ? 408 : 413;
  const message = refusalSentence(limit, refusal, rules);
  const headers: Record<string, string> = refusal === 'too_slow' ? { connection: 'close' } : {};
  if (limit.shape === 'text') return new Response(`${message}\n`, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  if (limit.shape === 'json') return Response.json({ error: { message } }, { status, headers });
  const code = TRPC_CODES[status];
  const envelope = { error: { message, code: code.number, data: { code: code.name, httpStatus: status } } };
  // A batch is answered call by call, as the client matches answers to its calls by position.
  return Response.json(limit.batch ? Array.from({ length: limit.calls }, () => envelope) : envelope, { status, headers });
}
