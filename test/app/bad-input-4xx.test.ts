/**
 * Issue 10, item 11: bad input that used to answer 500 answers 4xx with a sentence. One test per
 * kind, each with the case found by hand and its relatives (the property test in
 * property-no-5xx.test.ts looks for more of each kind):
 * - dates outside what PostgreSQL stores (feed and queue cursors, audit filters, both exports);
 * - ids that only look like UUIDs (36 dashes) in cursors and file names;
 * - numbers too large for their column (an audit entry number, a queue cursor's priority);
 * - text with a NUL character;
 * - a form post whose body is no form;
 * - tRPC error answers: no stack trace, and no library's own message.
 */
import { randomUUID } from 'node:crypto';
import { openSession, type SessionStaff } from '../../app/services/sessions.server';
import { encodeCursor } from '../../db/queries/keyset-cursor';
import { isPgInteger, isPgTimestampText, isStorableDate } from '../../db/queries/storable';
import { callerAs, createStaff, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let auditor: SessionStaff;
let auditorCookie: string;
let reviewer: SessionStaff;

beforeAll(async () => {
  auditor = await createStaff(ctx.db, 'auditor');
  auditorCookie = `loupe_session=${await openSession(ctx.db, auditor.id)}`;
  reviewer = await createStaff(ctx.db, 'reviewer');
});

const DASHES = '-'.repeat(36);
/** 36 characters of hex and dashes, as a loose pattern wants, but no UUID PostgreSQL reads. */
const MISPLACED_DASHES = '0123456789abcdef0123456789abcdef----';
/** Dates JavaScript reads but PostgreSQL's timestamptz (4713 BC to 294276 AD) or Loupe's years 1–9999 do not take. */
const OUT_OF_RANGE_DATES = ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '-004714-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z'];

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

describe('the storable-value checks', () => {
  it('take the years 1 to 9999 only', () => {
    for (const text of OUT_OF_RANGE_DATES) expect({ text, storable: isStorableDate(new Date(text)) }).toEqual({ text, storable: false });
    for (const text of ['0001-01-01T00:00:00.000Z', '2025-10-10T12:00:00.000Z', '9999-12-31T23:59:59.999Z']) expect(isStorableDate(new Date(text))).toBe(true);
  });

  it('read PostgreSQL timestamp text as PostgreSQL writes it, on real calendar days', () => {
    for (const text of ['2025-10-10 12:00:00+00', '2025-10-10 12:00:00.123456+00', '2024-02-29 23:59:59.5-05', '1900-01-01 00:00:00+05:53:28', '2025-10-10 12:00:00+05:30']) {
      expect({ text, ok: isPgTimestampText(text) }).toEqual({ text, ok: true });
    }
    for (const text of ['2025-02-29 00:00:00+00', '2024-13-01 00:00:00+00', '0000-01-01 00:00:00+00', '2025-10-10T12:00:00Z', '1e23', '-271821-04-20 00:00:00+00', '2025-10-10 24:00:00+00', '']) {
      expect({ text, ok: isPgTimestampText(text) }).toEqual({ text, ok: false });
    }
  });

  it('take whole numbers within PostgreSQL integer', () => {
    expect([0, '7', -2147483648, '2147483647'].map(isPgInteger)).toEqual([true, true, true, true]);
    expect([1e23, '1e23', 2147483648, '99999999999', 1.5, 'NaN', null].map(isPgInteger)).toEqual([false, false, false, false, false, false, false]);
  });
});

it('refuses a feed cursor whose id is not a UUID or whose date PostgreSQL cannot store, with 400 and a sentence', async () => {
  const cursors = [
    { publishedAt: '2025-01-01T00:00:00.000Z', id: DASHES },
    { publishedAt: '2025-01-01T00:00:00.000Z', id: MISPLACED_DASHES },
    ...OUT_OF_RANGE_DATES.map((publishedAt) => ({ publishedAt, id: randomUUID() })),
    { publishedAt: '1e23', id: randomUUID() },
  ];
  for (const cursor of cursors) {
    const response = await get(`/api/feed?cursor=${encodeCursor(cursor)}`);
    expect({ cursor, status: response.status }).toEqual({ cursor, status: 400 });
    expect(await response.json()).toEqual({ error: 'That cursor is not valid; start again without one.' });
  }
  // A real cursor still pages.
  const first = await get(`/api/feed?cursor=${encodeCursor({ publishedAt: new Date().toISOString(), id: randomUUID() })}`);
  expect(first.status).toBe(200);
});

it('answers /media/ with an id that only looks like one (36 dashes) with 404', async () => {
  for (const name of [`${DASHES}.mp4`, `${MISPLACED_DASHES}.mp4`, '--------0123-4567-89ab-cdef01234567.mp4']) {
    expect({ name, status: (await get(`/media/${name}`)).status }).toEqual({ name, status: 404 });
  }
});

it('refuses a review queue cursor whose sort value or id PostgreSQL would refuse, with BAD_REQUEST and a sentence', async () => {
  const list = callerAs(ctx, reviewer).review.list;
  const cases: { sort: 'due_at' | 'created_at' | 'priority'; position: unknown[] }[] = [
    { sort: 'due_at', position: ['2025-01-01 00:00:00+00', DASHES] },
    { sort: 'due_at', position: ['1e23', randomUUID()] },
    { sort: 'due_at', position: ['-271821-04-20 00:00:00+00', randomUUID()] },
    { sort: 'created_at', position: ['2025-02-30 00:00:00+00', randomUUID()] },
    { sort: 'created_at', position: [20251010, randomUUID()] },
    { sort: 'priority', position: [1e23, randomUUID()] },
    { sort: 'priority', position: ['99999999999', randomUUID()] },
    { sort: 'priority', position: ['high', randomUUID()] },
  ];
  for (const { sort, position } of cases) {
    await expect(list({ sort, cursor: encodeCursor(position) }), JSON.stringify({ sort, position })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This page link is out of date (its cursor is not valid); go back to the first page.',
    });
  }
  // Cursors as the list writes them still work.
  await expect(list({ sort: 'due_at', cursor: encodeCursor(['2025-01-01 00:00:00.123456+00', randomUUID()]) })).resolves.toMatchObject({ rows: expect.any(Array) });
  await expect(list({ sort: 'priority', cursor: encodeCursor(['0', randomUUID()]) })).resolves.toMatchObject({ rows: expect.any(Array) });
});

it('answers /audit with an entry number too large for its column, or a date out of range, with 400', async () => {
  for (const query of ['before=99999999999999999999', 'before=9223372036854775808', 'before=1e23', 'from=-271821-04-20', 'to=%2B275760-09-13']) {
    const response = await get(`/audit?${query}`, { cookie: auditorCookie });
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
  }
  expect((await get('/audit?before=9223372036854775807', { cookie: auditorCookie })).status).toBe(200);
});

it('refuses exports whose dates are out of range before the first byte, with 400 and a sentence', async () => {
  for (const path of ['/audit/export.csv?from=-271821-04-20', '/audit/export.csv?to=%2B275760-09-13', '/dashboard/transparency.csv?from=-271821-04-20', '/dashboard/transparency.csv?to=0000-01-01', '/dashboard/transparency.csv?from=1e23']) {
    const response = await get(path, { cookie: auditorCookie });
    const body = await response.text();
    expect({ path, status: response.status }).toEqual({ path, status: 400 });
    expect(body).toMatch(/between the years 1 and 9999/);
  }
  const fine = await get('/dashboard/transparency.csv?from=2020-01-01&to=2030-01-01', { cookie: auditorCookie });
  expect(fine.status).toBe(200);
  await fine.text();
});

it('refuses text with a NUL character in any procedure with BAD_REQUEST and a sentence', async () => {
  const sentence = 'Text may not contain binary data or control characters such as NUL (U+0000); remove them and send again.';
  await expect(callerAs(ctx, auditor).audit.search({ actor: 'a\u0000b' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: sentence });
  await expect(callerAs(ctx, reviewer).review.list({ creatorHandle: '\u0000' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: sentence });
  const response = await get(`/api/trpc/audit.search?input=${encodeURIComponent(JSON.stringify({ subjectType: 'x\u0000' }))}`, { cookie: auditorCookie });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toBe(sentence);
  expect((await get(`/audit/export.csv?action=${encodeURIComponent('\u0000')}`, { cookie: auditorCookie })).status).toBe(400);
});

it('answers a form post to /requests whose body is not a form with 400 and a sentence', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const cookie = `loupe_session=${await openSession(ctx.db, manager.id)}`;
  for (const [contentType, body] of [['text/plain', ''], ['application/json', '{"prompt":"a boat"}'], ['application/octet-stream', 'x']]) {
    const response = await fetch(`${server.url}/requests?_data=routes%2Frequests`, {
      method: 'POST', body, headers: { cookie, origin: server.url, 'content-type': contentType! },
    });
    expect({ contentType, status: response.status }).toEqual({ contentType, status: 400 });
    expect(await response.json()).toEqual({ ok: false, error: expect.stringMatching(/^The request could not be read as a form/) });
  }
});

it('answers tRPC errors without a stack trace', async () => {
  for (const path of ['/api/trpc/audit.search?input=%7B%7D', '/api/trpc/feed.list?input=%7B', '/api/trpc/no.such.procedure']) {
    const body = await (await get(path)).text();
    expect({ path, stack: body.includes('"stack"') || /\bat .*:\d+:\d+/.test(body) }).toEqual({ path, stack: false });
  }
});
