/**
 * Rate limits that hold across processes: rate-limiter-flexible's PostgreSQL store, counting in the
 * `rate_limits` table (migration 008) through Loupe's own connection, so every console process
 * behind a load balancer sees the same counts and a restart forgets nothing.
 *
 * Fixed windows: a client's first request opens a window of `durationSeconds`; within it at most
 * `points` requests pass, and the refusal says how long until the window ends. The store is told
 * the table exists (`tableCreated: true`), because the app's role may not CREATE tables.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from './schema';

/** One limit, e.g. `{ name: 'verify', points: 20, durationSeconds: 600 }`: 20 per 10 minutes per client. */
export interface RateLimit {
  /** Names the limit's counters (the key prefix in `rate_limits`); letters, digits, '-' and '_'. */
  name: string;
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
}

/** A request either passes, or is refused with the whole seconds until the client may try again (at least 1). */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The one table whose layout the store expects (created by migration 008). */
const RATE_LIMITS_TABLE = 'rate_limits';

/**
 * The store's queries, run on the Kysely connection instead of a second `pg` pool. The store
 * speaks to a pg-style client (`query({ text, values })` answering `{ rows, rowCount }`); this is that.
 */
function storeClientFor(db: Kysely<Database>) {
  return {
    async query({ text, values }: { text: string; values?: readonly unknown[] }) {
      const result = await db.executeQuery(CompiledQuery.raw(text, [...(values ?? [])]));
      return { rows: result.rows, rowCount: result.numAffectedRows === undefined ? result.rows.length : Number(result.numAffectedRows) };
    },
  };
}

/** A limit counted in PostgreSQL. Build one per process and limit (see rateLimiterFor); instances share counts. */
export class PostgresRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(db: Kysely<Database>, readonly limit: RateLimit) {
    if (!/^[\w-]+$/.test(limit.name)) throw new Error(`A rate limit's name must be letters, digits, '-' or '_', not "${limit.name}".`);
    if (!Number.isInteger(limit.points) || limit.points < 1) throw new Error(`Rate limit ${limit.name}: points must be a whole number of at least 1.`);
    if (!Number.isInteger(limit.durationSeconds) || limit.durationSeconds < 1) {
      throw new Error(`Rate limit ${limit.name}: durationSeconds must be a whole number of at least 1.`);
    }
    this.limiter = new RateLimiterPostgres({
      storeClient: storeClientFor(db),
      storeType: 'pool',
      tableName: RATE_LIMITS_TABLE,
      tableCreated: true,
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
    });
  }

  /**
   * Counts one request from `client` (e.g. its address) and says whether it may go ahead.
   * @throws the database's error when the counters cannot be read or written.
   */
  async consume(client: string): Promise<RateLimitDecision> {
    try {
      await this.limiter.consume(client);
      return { allowed: true };
    } catch (refusal) {
      // The store rejects with a RateLimiterRes when the limit is reached, with an Error otherwise.
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      throw refusal;
    }
  }

  /**
   * Says whether `client` may go ahead without counting anything: for limits counted only once a
   * request succeeded (check first, `consume` after).
   * @throws the database's error when the counters cannot be read.
   */
  async check(client: string): Promise<RateLimitDecision> {
    const counted = await this.limiter.get(client);
    if (!counted || counted.consumedPoints < this.limit.points) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)) };
  }

  /** Forgets `client`'s count, as if its window had ended. */
  async forget(client: string): Promise<void> {
    await this.limiter.delete(client);
  }
}

const limiters = new WeakMap<Kysely<Database>, Map<string, PostgresRateLimiter>>();

/**
 * The process's limiter for `limit` on `db`, built on first use. Counts live in the database, so
 * every process (and every instance) enforces one shared limit.
 * @throws Error when the same name is asked for with different numbers.
 */
export function rateLimiterFor(db: Kysely<Database>, limit: RateLimit): PostgresRateLimiter {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map()));
  const known = byName.get(limit.name);
  if (known) {
    if (known.limit.points !== limit.points || known.limit.durationSeconds !== limit.durationSeconds) {
      throw new Error(`Rate limit ${limit.name} is already in use with other numbers; give each limit its own name.`);
    }
    return known;
  }
  const limiter = new PostgresRateLimiter(db, limit);
  byName.set(limit.name, limiter);
  return limiter;
}
