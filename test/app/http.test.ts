/**
 * The console's HTTP surface as a client sees it: health, the public feed API with its cursor,
 * video bytes with range support, and the rule that drafts never reach a public route.
 */
import {
  callerAs, createCameo, createCreator, createStaff, submit, TEST_PASSWORD, waitForStatus, type TestContext,
} from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let publishedIds: string[] = [];
let draftVideoId: string;

beforeAll(async () => {
  const creator = await createCreator(ctx.db);
  const results = [];
  for (const prompt of ['A robot barista pouring latte art', 'Time-lapse of a sunflower field']) {
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt });
    results.push(await ctx.temporal.workflow.getHandle(requestId).result());
  }
  publishedIds = results.map((result) => result.videoId!);
  // A draft: someone else's cameo sends the clip to review, so it is rendered but not published.
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const draft = await submit(ctx, { creatorId: creator.id, prompt: 'A cozy cabin in the snow', cameoIds: [cameo.id] });
  await waitForStatus(ctx.db, draft.requestId, ['clip_review']);
  draftVideoId = (await ctx.db.selectFrom('videos').select('id').where('request_id', '=', draft.requestId).executeTakeFirstOrThrow()).id;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

it('reports health of the database and Temporal', async () => {
  const response = await get('/healthz');
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', database: { up: true }, temporal: { up: true } });
});

it('lists published videos newest first with a working cursor, and never a draft', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/api/feed?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { id: string; videoUrl: string; createdAt: string; provenanceUrl: string }[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(1);
    for (const item of page.items) {
      expect(item).toMatchObject({ videoUrl: `/media/${item.id}.mp4`, provenanceUrl: `/videos/${item.id}` });
      expect(Date.parse(item.createdAt)).not.toBeNaN();
      seen.push(item.id);
    }
    cursor = page.nextCursor;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  // Newest first: the second clip was published after the first.
  expect(seen.indexOf(publishedIds[1]!)).toBeLessThan(seen.indexOf(publishedIds[0]!));
  expect(seen).not.toContain(draftVideoId);
});

it('explains a broken cursor instead of failing', async () => {
  const response = await get('/api/feed?cursor=not-a-cursor');
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: expect.stringMatching(/cursor is not valid/) });
});

it('serves video bytes with HTTP range support', async () => {
  const whole = await get(`/media/${publishedIds[0]}.mp4`);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('accept-ranges')).toBe('bytes');
  const size = Number(whole.headers.get('content-length'));
  const bytes = new Uint8Array(await whole.arrayBuffer());
  expect(bytes.length).toBe(size);

  const first = await get(`/media/${publishedIds[0]}.mp4`, { Range: 'bytes=0-99' });
  expect(first.status).toBe(206);
  expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
  expect(new Uint8Array(await first.arrayBuffer())).toEqual(bytes.slice(0, 100));

  const tail = await get(`/media/${publishedIds[0]}.mp4`, { Range: 'bytes=-10' });
  expect(tail.status).toBe(206);
  expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(size - 10));

  expect((await get(`/media/${publishedIds[0]}.mp4`, { Range: `bytes=${size + 5}-` })).status).toBe(416);
});

it('answers every kind of Range header as RFC 9110 says: merged, clamped, ignored or 416', async () => {
  const url = `/media/${publishedIds[0]}.mp4`;
  const bytes = Buffer.from(await (await get(url)).arrayBuffer());
  const size = bytes.length;
  /** Status, Content-Range, and whether the body is exactly `expected` (Buffer.equals: a deep compare of ~0.5 MB is slow). */
  const ask = async (range: string, expected: Buffer | null = null) => {
    const response = await get(url, { Range: range });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, contentRange: response.headers.get('content-range'), body: expected === null ? null : body.equals(expected) };
  };

  // Open-ended, single byte, and an end past the file (clamped to the last byte).
  expect(await ask('bytes=100-', bytes.subarray(100))).toEqual({ status: 206, contentRange: `bytes 100-${size - 1}/${size}`, body: true });
  expect(await ask('bytes=0-0', bytes.subarray(0, 1))).toEqual({ status: 206, contentRange: `bytes 0-0/${size}`, body: true });
  expect(await ask(`bytes=${size - 5}-${size + 1000}`, bytes.subarray(size - 5))).toEqual({ status: 206, contentRange: `bytes ${size - 5}-${size - 1}/${size}`, body: true });
  // Overlapping ranges merge into one; disjoint ones are ignored (the whole file, no multipart body).
  expect(await ask('bytes=0-49, 40-99', bytes.subarray(0, 100))).toEqual({ status: 206, contentRange: `bytes 0-99/${size}`, body: true });
  expect(await ask('bytes=0-9,50-59', bytes)).toEqual({ status: 200, contentRange: null, body: true });
  // A unit Loupe does not serve is ignored.
  expect(await ask('items=0-5', bytes)).toEqual({ status: 200, contentRange: null, body: true });
  // Unsatisfiable and malformed ranges: 416 naming the size.
  for (const range of [`bytes=${size}-`, `bytes=${size}-${size + 10}`, 'bytes=abc', 'bytes=9-3', 'bytes=', 'garbage']) {
    expect({ range, ...(await ask(range)) }).toEqual({ range, status: 416, contentRange: `bytes */${size}`, body: null });
  }
});

it('keeps drafts off every public route', async () => {
  expect((await get(`/media/${draftVideoId}.mp4`)).status).toBe(404);
  expect((await get(`/videos/${draftVideoId}`)).status).toBe(404);
  const feedPage = await (await get('/feed')).text();
  expect(feedPage).not.toContain(draftVideoId);
  expect(feedPage).toContain(publishedIds[0]);
  const provenance = await get(`/videos/${publishedIds[0]}`);
  expect(provenance.status).toBe(200);
  expect(await provenance.text()).toContain('Trusted');
});

it('refuses cross-origin mutations and anonymous console calls', async () => {
  const crossSite = await fetch(`${server.url}/api/trpc/review.decide`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({}),
  });
  expect(crossSite.status).toBe(403);
  const anonymous = await get('/api/trpc/review.openItems?input=%7B%7D');
  expect(anonymous.status).toBe(401);
  const page = await fetch(`${server.url}/queues`, { redirect: 'manual' });
  expect(page.status).toBe(302);
  expect(page.headers.get('location')).toBe('/login?next=%2Fqueues');
});

it('logs staff in with an httpOnly, SameSite=Lax session cookie that opens drafts under review', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const wrong = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: reviewer.email, password: 'nope' }), redirect: 'manual' });
  expect(wrong.status).toBe(200);
  expect(await wrong.text()).toContain('do not match an active staff account');

  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: reviewer.email, password: TEST_PASSWORD, next: '/queues' }),
    redirect: 'manual',
  });
  expect(login.status).toBe(302);
  const cookie = login.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^loupe_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  const session = cookie.split(';')[0]!;
  expect((await get(`/media/${draftVideoId}.mp4`, { cookie: session })).status).toBe(200);
  expect(await callerAs(ctx, reviewer).review.openItems({})).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'clip' })]));
});

/**
 * Cookie headers a client may send, each of a different kind of malformation. None is a session;
 * none may fail a page. (Control characters other than tab never reach Loupe: node's HTTP parser
 * answers 400 itself.)
 */
const MALFORMED_COOKIES: [kind: string, header: string][] = [
  ['invalid percent-encoding', 'loupe_session=%E0%A4%A'],
  ['invalid percent-encoding after another cookie', 'theme=dark; loupe_session=%E0%A4%A'],
  ['an unterminated quote', 'loupe_session="unterminated'],
  ['a quoted invalid escape', 'loupe_session="%E0%A4%A"'],
  ['a lone percent sign', 'loupe_session=%'],
  ['percent followed by non-hex', 'loupe_session=%ZZ%G1'],
  ['an encoded NUL', 'loupe_session=%00'],
  ['encoded bytes that are not UTF-8', 'loupe_session=%FF%FE%FD'],
  ['an encoded lone surrogate', 'loupe_session=%ED%A0%80'],
  ['raw bytes above ASCII', 'loupe_session=\u00e9\u00ff\u0080'],
  ['a name without a value', 'loupe_session'],
  ['an empty value', 'loupe_session='],
  ['an empty name', '=loupe_session'],
  ['only separators', ';;; ;'],
  ['only an equals sign', '='],
  ['an empty header', ''],
  ['a value with equals signs', 'loupe_session=a=b=c'],
  ['whitespace and a tab around the value', ' ; loupe_session = \t%E0 ; '],
  ['the cookie twice, the first malformed', 'loupe_session=%E0%A4%A; loupe_session=also-unknown'],
  ['prototype names', '__proto__=x; constructor=y; toString=z; loupe_session=%E0'],
  ['a long value', `loupe_session=${'%41'.repeat(2000)}`],
  ['many cookies', Array.from({ length: 300 }, (_, i) => `c${i}=%E0%A4`).join('; ')],
  ['a well-formed token no session has', 'loupe_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
];

it('treats a malformed session cookie as no session instead of failing', async () => {
  // %E0%A4%A is not valid percent-encoding: decoding it throws, which once answered 500.
  for (const cookie of MALFORMED_COOKIES.map(([, header]) => header)) {
    const feed = await get('/feed', { cookie });
    expect({ cookie, status: feed.status }).toEqual({ cookie, status: 200 });
    const login = await get('/login', { cookie });
    expect({ cookie, status: login.status }).toEqual({ cookie, status: 200 });
    expect((await get(`/media/${draftVideoId}.mp4`, { cookie })).status).toBe(404);
  }
  const queues = await fetch(`${server.url}/queues`, { headers: { cookie: 'loupe_session=%E0%A4%A' }, redirect: 'manual' });
  expect(queues.status).toBe(302);
  for (const [kind, cookie] of MALFORMED_COOKIES) {
    const console = await fetch(`${server.url}/queues`, { headers: { cookie }, redirect: 'manual' });
    expect({ kind, status: console.status, location: console.headers.get('location') }).toEqual({ kind, status: 302, location: '/login?next=%2Fqueues' });
    const api = await get('/api/trpc/auth.me', { cookie });
    expect({ kind, status: api.status }).toEqual({ kind, status: 401 });
  }
});

it('sends a signed-in visitor of /login only to a path on this origin', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const login = await fetch(`${server.url}/login`, {
    method: 'POST', body: new URLSearchParams({ email: reviewer.email, password: TEST_PASSWORD, next: '/\\evil.example' }), redirect: 'manual',
  });
  expect({ status: login.status, location: login.headers.get('location') }).toEqual({ status: 302, location: '/queues' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  // `next` as it arrives in the query string: percent-encoded once, as a link would carry it.
  const cases: [next: string, location: string][] = [
    ['%2F%5Cevil.example', '/queues'],
    ['%2F%2Fevil.example', '/queues'],
    ['%5C%5Cevil.example', '/queues'],
    ['%2F%09%2Fevil.example', '/queues'],
    ['%2F%0A%2Fevil.example', '/queues'],
    ['%20%2F%2Fevil.example', '/queues'],
    ['https%3A%2F%2Fevil.example', '/queues'],
    ['javascript%3Aalert(1)', '/queues'],
    ['%2Fa%2F..%2F..%2F%2Fevil.example', '/queues'],
    ['%252F%255Cevil.example', '/queues'],
    ['%2Fqueues%2Fappeals%3Fview%3Dmine', '/queues/appeals?view=mine'],
    ['%2Fpolicy', '/policy'],
  ];
  for (const [next, location] of cases) {
    const response = await fetch(`${server.url}/login?next=${next}`, { headers: { cookie }, redirect: 'manual' });
    expect({ next, status: response.status, location: response.headers.get('location') }).toEqual({ next, status: 302, location });
  }
});
