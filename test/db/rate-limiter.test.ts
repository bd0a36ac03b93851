/**
 * Rate limits counted in PostgreSQL (db/rate-limiter.ts) hold across processes: two limiters on two
 * separate connections, as two console processes would have, share one count per client. The
 * counters live in the table migration 008 made, because the app's role may not create tables.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { inject } from 'vitest';
import { createDb } from '../../db/connection';
import { PostgresRateLimiter, rateLimiterFor, type RateLimit } from '../../db/rate-limiter';
import type { Database } from '../../db/schema';

let processA: Kysely<Database>;
let processB: Kysely<Database>;
beforeAll(() => {
  // The app's restricted role, as the console connects.
  processA = createDb(inject('stack').databaseUrl, { maxConnections: 2 });
  processB = createDb(inject('stack').databaseUrl, { maxConnections: 2 });
});
afterAll(async () => {
  await processA.destroy();
  await processB.destroy();
});

/** Each test counts under its own limit name, so tests never share counters. */
const freshLimit = (points: number, durationSeconds: number): RateLimit => ({ name: `test-${randomUUID().slice(0, 8)}`, points, durationSeconds });

it('shares one count per client between limiters on different connections, and refuses with the seconds to wait', async () => {
  const limit = freshLimit(3, 600);
  const a = new PostgresRateLimiter(processA, limit);
  const b = new PostgresRateLimiter(processB, limit);
  expect(await a.consume('198.51.100.7')).toEqual({ allowed: true });
  expect(await b.consume('198.51.100.7')).toEqual({ allowed: true });
  expect(await a.consume('198.51.100.7')).toEqual({ allowed: true });

  const refusedB = await b.consume('198.51.100.7');
  const refusedA = await a.consume('198.51.100.7');
  for (const refused of [refusedA, refusedB]) {
    expect(refused.allowed).toBe(false);
    if (refused.allowed) continue;
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
  }
  // Another client has its own count.
  expect(await b.consume('2001:db8::1')).toEqual({ allowed: true });
  const row = await processA.selectFrom('rate_limits').select(['points']).where('key', '=', `${limit.name}:198.51.100.7`).executeTakeFirstOrThrow();
  expect(row.points).toBe(5);
});

it('lets a client in again once the window ends, or once its count is forgotten', async () => {
  const limit = freshLimit(1, 1);
  const limiter = new PostgresRateLimiter(processA, limit);
  expect(await limiter.consume('203.0.113.9')).toEqual({ allowed: true });
  expect(await limiter.consume('203.0.113.9')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect(await limiter.consume('203.0.113.9')).toEqual({ allowed: true });

  const long = new PostgresRateLimiter(processB, freshLimit(1, 600));
  expect((await long.consume('203.0.113.9')).allowed).toBe(true);
  expect((await long.consume('203.0.113.9')).allowed).toBe(false);
  await long.forget('203.0.113.9');
  expect((await long.consume('203.0.113.9')).allowed).toBe(true);
});

it('keeps one limiter per connection and limit name, and refuses the same name with other numbers', () => {
  const limit = freshLimit(2, 60);
  expect(rateLimiterFor(processA, limit)).toBe(rateLimiterFor(processA, { ...limit }));
  expect(rateLimiterFor(processB, limit)).not.toBe(rateLimiterFor(processA, limit));
  expect(() => rateLimiterFor(processA, { ...limit, points: 3 })).toThrow(/already in use with other numbers/);
  expect(() => new PostgresRateLimiter(processA, { name: 'a b', points: 1, durationSeconds: 1 })).toThrow(/letters, digits/);
  expect(() => new PostgresRateLimiter(processA, { name: 'ok', points: 0, durationSeconds: 1 })).toThrow(/at least 1/);
});

it('needs the table from migration 008: the app role may not create one itself', async () => {
  await expect(sql`CREATE TABLE rate_limits_probe (key text)`.execute(processA)).rejects.toMatchObject({ code: '42501' });
});
