/**
 * Property: no request a client can send makes Loupe answer 5xx, or show a stack trace, or break a
 * response off half-way. Generated hostile input (test/support/hostile-input.ts) is thrown at EVERY
 * route file in app/routes and EVERY tRPC procedure (walked from the router's `_def.procedures`),
 * anonymously and as each staff role, over real HTTP against the built console.
 *
 * Runs are bounded and reproducible: a fixed seed, ROUTE_RUNS requests per route and
 * PROCEDURE_RUNS per procedure: (routes × 40) + (procedures × 24) generated requests per run, about
 * 3,700 with the routes and procedures of issue 11 (the first test prints the exact count).
 * LOUPE_FUZZ_SEED and LOUPE_FUZZ_RUNS override both to search further by hand; LOUPE_FUZZ_DUMP
 * names a file that receives the full body of every failing answer. A failure prints the smallest
 * request fast-check could shrink it to.
 *
 * The server runs behind one declared proxy (LOUPE_TRUSTED_PROXIES=1), as a deployment behind a
 * load balancer does: the forwarded headers are then believed and so get hostile values too, and
 * every request names this file's own client address (CLIENT_ADDRESS), so its failed logins and
 * verify checks count against no other test file.
 *
 * Calls that would change what other test files see are kept to input the procedure refuses (see
 * SHARED_STATE_PROCEDURES); ids of creators and staff are never offered, so no generated request
 * can submit a clip, disable a colleague or change a role.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { openSession as openStaffSession, type SessionStaff } from '../../app/services/sessions.server';
import { appRouter } from '../../app/trpc/router.server';
import { STAFF_ROLES, type StaffRole } from '../../db/schema';
import { startHttpServer } from '../../scripts/stack/http-server';
import {
  hostileCursor, hostileHeaderValue, hostileId, hostileJson, hostileMethod, hostileText, inputLike, NASTY_DATES, NASTY_NUMBER_TEXT,
  type HostileVocabulary,
} from '../support/hostile-input';
import { closeRawConnections, rawRequest, type RawRequest, type RawResponse } from '../support/raw-http';
import { connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';
import { loadToolEnv } from '../../config/env';

const FUZZ = loadToolEnv(['LOUPE_FUZZ_SEED', 'LOUPE_FUZZ_RUNS', 'LOUPE_FUZZ_DUMP']);
const SEED = FUZZ.LOUPE_FUZZ_SEED;
const ROUTE_RUNS = FUZZ.LOUPE_FUZZ_RUNS ?? 40;
const PROCEDURE_RUNS = FUZZ.LOUPE_FUZZ_RUNS ?? 24;

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const ROUTES_DIR = path.join(PROJECT_ROOT, 'app/routes');

/**
 * Procedures whose valid input changes state every later test file shares (organisation settings,
 * the live policy and its registries, a catalogue-wide workflow, a lease on another test's item):
 * they are sent only input their own schema refuses. Their valid paths have their own tests.
 */
const SHARED_STATE_PROCEDURES = [
  'review.setQaSampleRate', 'review.setOrgWellness', 'review.start', 'policy.restoreShipped', 'policy.promote',
  'policy.savePublicFigure', 'provenance.startCatalogueRun', 'policy.importRegistry',
  'copyrightWorks.setStance', 'copyrightWorks.promote', 'copyrightWorks.import', 'copyrightWorks.edit',
] as const;

// ---------------------------------------------------------------------------------------------
// What there is to call: route files as URL patterns, procedures with their type and input schema.

/** A route file's URL as segments: text, ':name' for a `$name` parameter, '*' for a splat. */
function routeSegments(file: string): string[] {
  const name = file.replace(/\.tsx?$/, '');
  // Remix flat routes: '.' separates segments except inside [...] (escaped text, e.g. `export[.]csv`).
  return name
    .split(/\.(?![^[]*\])/)
    .filter((segment) => segment !== '_index' && !/^_[^.]/.test(segment))
    .map((segment) => {
      const text = segment.replace(/_$/, '').replace(/\[([^\]]*)\]/g, '$1');
      if (text === '$') return '*';
      return text.startsWith('$') ? `:${text.slice(1)}` : text;
    });
}

const routeFiles = fs.readdirSync(ROUTES_DIR).filter((file) => /\.tsx?$/.test(file)).sort();
const routeIds = ['root', ...routeFiles.map((file) => `routes/${file.replace(/\.tsx?$/, '')}`)];

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(([name, procedure]) => ({
  name,
  type: procedure._def.type,
  schema: procedure._def.inputs[0],
}));

// ---------------------------------------------------------------------------------------------
// The run's data: a published video, an item in prompt review, and a session for every role.

let ctx: TestContext;
let server: { url: string; close(): Promise<void> };
const sessions = new Map<StaffRole, string>();
const staffByRole = new Map<StaffRole, SessionStaff>();
let known: { videoId: string; itemId: string; requestId: string };
/** The client address of this file's requests, so its failed logins and verify checks count against nobody else. */
const CLIENT_ADDRESS = '198.51.100.77';

async function openSession(role: StaffRole): Promise<void> {
  sessions.set(role, await openStaffSession(ctx.db, staffByRole.get(role)!.id));
}

beforeAll(async () => {
  ctx = await connectTestContext();
  // One trusted proxy hop: this file's requests say who they come from (X-Forwarded-For).
  server = await startHttpServer({ context: ctx, host: '127.0.0.1', port: 0, trustedProxies: 1 });
  for (const role of STAFF_ROLES) {
    staffByRole.set(role, await createStaff(ctx.db, role));
    await openSession(role);
  }
  const creator = await createCreator(ctx.db);
  const published = await submit(ctx, { creatorId: creator.id, prompt: 'A lighthouse beam sweeping over a calm sea at night' });
  const held = await submit(ctx, { creatorId: creator.id, prompt: 'Breaking news footage: a rainy morning at a polling station on election day' });
  const result = await ctx.temporal.workflow.getHandle(published.requestId).result();
  await waitForStatus(ctx.db, held.requestId, ['prompt_review']);
  const item = await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', held.requestId).executeTakeFirstOrThrow();
  known = { videoId: result.videoId!, itemId: item.id, requestId: held.requestId };
}, 300_000);

/** How often each status came back, printed at the end: it shows how much input got past validation. */
const statusCounts = new Map<number, number>();

afterAll(async () => {
  const summary = [...statusCounts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
  console.log(`[property-no-5xx] answers by status: ${summary}`);
  closeRawConnections();
  await server?.close();
  await ctx?.close();
});

// ---------------------------------------------------------------------------------------------
// Generators for whole requests.

const vocabulary: HostileVocabulary = {
  ids: fc.constantFrom('video', 'item', 'request').map((which) => (which === 'video' ? known.videoId : which === 'item' ? known.itemId : known.requestId)),
};
const ids = hostileId(vocabulary);
const roles = fc.constantFrom<StaffRole | null>(null, ...STAFF_ROLES);

/** Percent-encodes what a request target may not carry raw, and leaves the rest (broken escapes included) as it is. */
function asRequestTarget(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code > 0x20 && code < 0x7f && !'#?'.includes(char) ? char : [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
  return out;
}
/** Strict percent-encoding (lone surrogates become U+FFFD, as a browser would send them). */
const encode = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
/** Either strictly encoded or sent as raw as HTTP allows (broken escapes survive). */
const encoded = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.boolean()).map(([value, strict]) => (strict ? encode(value) : asRequestTarget(value)));

/** A value for a URL parameter of the route, by the parameter's name. */
function paramValue(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'file':
      return fc.oneof(
        ids.map((id) => `${id}.mp4`),
        fc.constantFrom('jpg', 'png', 'webp', 'mp4', 'JPG').chain((ext) => fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `${hex}.${ext}`)),
        hostileText,
      );
    case 'queue':
      return fc.oneof(fc.constantFrom('prompt_review', 'clip_review', 'senior_review', 'appeals', 'user_reports', 'qa_sample'), hostileText);
    case 'token':
      return fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), hostileText);
    case '*':
      return fc.oneof(fc.constantFrom(...procedures.map((p) => p.name)), fc.array(fc.constantFrom(...procedures.map((p) => p.name)), { minLength: 2, maxLength: 3 }).map((names) => names.join(',')), hostileText);
    default:
      return ids;
  }
}

const QUERY_KEYS = [
  'cursor', 'limit', 'before', 'from', 'to', 'next', 'days', 'queue', 'failing', 'actor', 'action', 'subjectType', 'subjectId', 'kind',
  'state', 'sort', 'dir', 'claim', 'overdue', 'creator', '_data', 'index', 'session', 'input', 'batch', 'videoId', 'token',
] as const;

function queryValue(key: string): fc.Arbitrary<string> {
  switch (key) {
    case 'cursor':
      return hostileCursor(ids);
    case 'before':
      return fc.oneof(fc.bigInt({ min: -1n, max: 10n ** 30n }).map(String), fc.constantFrom(...NASTY_NUMBER_TEXT, '1e23'), hostileText);
    case 'from':
    case 'to':
      return fc.oneof(fc.constantFrom(...NASTY_DATES), hostileText);
    case 'limit':
    case 'days':
      return fc.oneof(fc.integer({ min: -10, max: 1000 }).map(String), fc.constantFrom(...NASTY_NUMBER_TEXT), hostileText);
    case '_data':
      return fc.oneof(fc.constantFrom(...routeIds), hostileText);
    case 'input':
      return hostileJson.map((value) => JSON.stringify(value) ?? 'undefined');
    default:
      return fc.oneof(hostileText, ids);
  }
}

const queryString = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: hostileText }), { maxLength: 5 })
  .chain((keys) => fc.tuple(...keys.map((key) => fc.tuple(encoded(fc.constant(key)), encoded(queryValue(key))))))
  .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}` : ''));

const FORM_FIELDS = ['email', 'password', 'next', 'displayName', 'prompt', 'cameoId', 'videoId', 'file', 'intent', 'statement', 'reason', 'title'] as const;

/** A body and the Content-Type it claims (which need not match). */
const body: fc.Arbitrary<{ contentType: string | null; body: string | Buffer | undefined }> = fc.oneof(
  fc.constant({ contentType: null, body: undefined }),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...FORM_FIELDS), hostileText), fc.oneof(hostileText, ids)), { maxLength: 5 })
    .chain((pairs) => fc.tuple(fc.constant(pairs), fc.boolean()))
    .map(([pairs, strict]) => ({
      contentType: 'application/x-www-form-urlencoded',
      body: pairs.map(([key, value]) => (strict ? `${encode(key)}=${encode(value)}` : `${asRequestTarget(key)}=${asRequestTarget(value)}`)).join('&'),
    })),
  hostileJson.map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? '' })),
  fc.tuple(fc.constantFrom(...FORM_FIELDS), hostileText, fc.constantFrom('XyZ', '', '"q"', 'a'.repeat(80)), fc.boolean()).map(([field, value, boundary, closed]) => ({
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: `--XyZ\r\nContent-Disposition: form-data; name="${field}"; filename="${value.slice(0, 20)}"\r\nContent-Type: video/mp4\r\n\r\n${value}\r\n${closed ? '--XyZ--\r\n' : ''}`,
  })),
  fc.tuple(fc.constantFrom('text/plain', 'application/octet-stream', 'multipart/form-data', 'application/json; charset=utf-16', 'image/png'), fc.uint8Array({ maxLength: 300 })).map(([contentType, bytes]) => ({ contentType, body: Buffer.from(bytes) })),
  fc.tuple(hostileHeaderValue, hostileText).map(([contentType, text]) => ({ contentType, body: text })),
);

const MALFORMED_COOKIES = ['loupe_session=%E0%A4%A', 'loupe_session=', 'loupe_session', '=;;=', 'loupe_session="', `loupe_session=${'a'.repeat(4000)}`, 'loupe_session=a; loupe_session=b', 'loupe_session=\u00ff'];

/** Headers beyond the session: origin, ranges, caching, proxies, host, odd names. */
function headersFor(url: string) {
  const origin = fc.option(fc.oneof({ weight: 4, arbitrary: fc.constant(url) }, { weight: 2, arbitrary: fc.constantFrom('null', 'https://evil.example', 'http://localhost', url.replace('http:', 'https:')) }, { weight: 1, arbitrary: hostileHeaderValue }), { nil: undefined });
  const more = fc.dictionary(
    fc.constantFrom('range', 'accept', 'accept-encoding', 'accept-language', 'if-none-match', 'if-modified-since', 'referer', 'user-agent', 'x-forwarded-host', 'x-forwarded-proto', 'host', 'x-http-method-override', 'content-language'),
    fc.oneof(hostileHeaderValue, fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=99999999999999999999-', 'application/json', '*/*', 'gzip, br', 'localhost:0', 'a:b c', '[', 'evil.example')),
    { maxKeys: 3 },
  );
  // Anything to the left of the last hop is the client's own text; the last hop is this file's address.
  const forwardedFor = fc.option(hostileHeaderValue, { nil: undefined }).map((left) => (left ? `${left}, ${CLIENT_ADDRESS}` : CLIENT_ADDRESS));
  return fc.record({ origin, more, forwardedFor, junkCookie: fc.option(fc.constantFrom(...MALFORMED_COOKIES), { nil: undefined }) });
}

function assembleHeaders(role: StaffRole | null, extra: { origin?: string; more: Record<string, string>; forwardedFor: string; junkCookie?: string }, contentType: string | null) {
  // No Expect header: Node's server answers any but 100-continue with 417 before the app sees it.
  const headers: Record<string, string> = { ...extra.more, 'x-forwarded-for': extra.forwardedFor };
  const cookies = [role ? `loupe_session=${sessions.get(role)}` : null, extra.junkCookie].filter(Boolean);
  if (cookies.length) headers.cookie = cookies.join('; ');
  if (extra.origin !== undefined) headers.origin = extra.origin;
  if (contentType !== null) headers['content-type'] = contentType;
  return headers;
}

// ---------------------------------------------------------------------------------------------
// The check every answer must pass.

/** A line of a JavaScript stack trace, or a path inside this checkout. */
const STACK_LINE = /\bat (?:[^\n]*\()?(?:\/|file:|node:)[^\n)]*:\d+:\d+/;

function problemWith(response: RawResponse): string | null {
  if (response.status >= 500) return `answered ${response.status}`;
  if (!response.complete) return `answered ${response.status} but the body broke off`;
  if (STACK_LINE.test(response.body) || /"stack"\s*:/.test(response.body) || response.body.includes(PROJECT_ROOT)) return `answered ${response.status} with a stack trace or a server path`;
  return null;
}

async function send(request: RawRequest, role: StaffRole | null): Promise<void> {
  let response: RawResponse;
  try {
    response = await rawRequest(server.url, request);
  } catch (error) {
    throw new Error(`${request.method} ${request.path} as ${role ?? 'anonymous'}: no answer (${(error as Error).message})`, { cause: error });
  }
  // A logout revokes the session it carried; the next request of that role needs a fresh one.
  if (role && /^\/logout(?:[/?]|$)/.test(request.path) && request.method !== 'GET' && request.method !== 'HEAD') await openSession(role);
  statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
  const problem = problemWith(response);
  if (problem && FUZZ.LOUPE_FUZZ_DUMP) fs.appendFileSync(FUZZ.LOUPE_FUZZ_DUMP, `\n=== ${request.method} ${request.path}\n${response.body}\n`);
  if (problem) {
    throw new Error(
      `${request.method} ${request.path} as ${role ?? 'anonymous'} ${problem}.\nrequest headers: ${JSON.stringify(request.headers)}\nrequest body: ${JSON.stringify(String(request.body ?? '').slice(0, 300))}\nresponse: ${response.body.slice(0, 600)}`,
    );
  }
}

/** Each route and procedure gets its own seed (the run's seed plus a hash of its name), so they do not all see the same sequence. */
const runOptions = (name: string, numRuns: number) => ({
  seed: [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, SEED),
  numRuns,
  verbose: 0 as const,
});

// ---------------------------------------------------------------------------------------------

it('finds every route file and every procedure to try', () => {
  expect(routeFiles.length).toBeGreaterThanOrEqual(30);
  for (const file of routeFiles) expect(routeSegments(file).every((segment) => !segment.includes('$') && !segment.includes('['))).toBe(true);
  expect(routeSegments('audit.export[.]csv.tsx')).toEqual(['audit', 'export.csv']);
  expect(routeSegments('queues_.$queue.tsx')).toEqual(['queues', ':queue']);
  expect(routeSegments('api.trpc.$.tsx')).toEqual(['api', 'trpc', '*']);
  expect(routeSegments('_index.tsx')).toEqual([]);
  expect(procedures.length).toBeGreaterThanOrEqual(41);
  const names = procedures.map((p) => p.name);
  for (const name of SHARED_STATE_PROCEDURES) expect(names).toContain(name);
  console.log(`[property-no-5xx] seed ${SEED}: ${routeFiles.length} routes × ${ROUTE_RUNS} requests + ${procedures.length} procedures × ${PROCEDURE_RUNS} calls = ${routeFiles.length * ROUTE_RUNS + procedures.length * PROCEDURE_RUNS} generated requests per run`);
});

describe.each(routeFiles)('route %s', (file) => {
  const segments = routeSegments(file);
  it('answers any request without a 5xx, a stack trace or a broken body', async () => {
    const pathArb = fc.tuple(...segments.map((segment) => (segment.startsWith(':') || segment === '*' ? encoded(paramValue(segment === '*' ? '*' : segment.slice(1))) : fc.constant(segment))));
    const request = fc.record({
      role: roles,
      method: hostileMethod,
      pathParts: segments.length ? pathArb : fc.constant([] as string[]),
      trailingSlash: fc.boolean(),
      query: queryString,
      body,
      extra: headersFor(server.url),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ role, method, pathParts, trailingSlash, query, body: payload, extra }) => {
        const hasBody = !['GET', 'HEAD', 'get'].includes(method);
        const target = `/${pathParts.join('/')}${trailingSlash && pathParts.length ? '/' : ''}${query}`;
        await send({ method, path: target, headers: assembleHeaders(role, extra, hasBody ? payload.contentType : null), body: hasBody ? payload.body : undefined }, role);
      }),
      runOptions(file, ROUTE_RUNS),
    );
  });
});

describe.each(procedures)('procedure $name', ({ name, type, schema }) => {
  it('answers any call without a 5xx or a stack trace', async () => {
    const shared = (SHARED_STATE_PROCEDURES as readonly string[]).includes(name);
    const input = inputLike(schema, vocabulary).filter((value) => !shared || !schema || !schema.safeParse(value).success);
    const call = fc.record({
      role: roles,
      input,
      transport: fc.constantFrom('proper', 'proper', 'proper', 'batch', 'other-method', 'not-json', 'form'),
      extra: headersFor(server.url),
    });
    await fc.assert(
      fc.asyncProperty(call, async ({ role, input: value, transport, extra }) => {
        const json = JSON.stringify(value) ?? '';
        const asQuery = (type === 'query') !== (transport === 'other-method');
        const batch = transport === 'batch';
        const text = transport === 'not-json' ? `${json.slice(0, -1)}` : batch ? JSON.stringify({ 0: value, 1: value }) : json;
        const target = `/api/trpc/${batch ? `${name},${name}` : name}${batch ? '?batch=1' : ''}`;
        if (asQuery) {
          const separator = target.includes('?') ? '&' : '?';
          await send({ method: 'GET', path: `${target}${value === undefined ? '' : `${separator}input=${encode(text)}`}`, headers: assembleHeaders(role, extra, null) }, role);
        } else {
          const contentType = transport === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
          const payload = transport === 'form' ? `input=${encode(text)}` : text;
          await send({ method: 'POST', path: target, headers: assembleHeaders(role, { ...extra, origin: extra.origin ?? server.url }, contentType), body: payload }, role);
        }
      }),
      runOptions(name, PROCEDURE_RUNS),
    );
  });
});
