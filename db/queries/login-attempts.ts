/**
 * The login limit: failed logins per email and client address, and per address across all emails
 * (password spraying), counted in `login_attempts` over a sliding window.
 *
 * Invariant: the count and the record are one step. An attempt is *reserved* before its password
 * is checked: under a transaction-scoped advisory lock on the client address, the failures are
 * counted and, if the limit allows, a row is written as a failure at once. Concurrent attempts
 * from one address queue on the lock, so each sees every attempt reserved before it; of twenty
 * sent at the same moment, exactly LOGIN_FAILURES_ALLOWED are checked and the rest are refused.
 * (Counting first and recording after the argon2 check let every concurrent attempt count the same
 * zero.) A login that succeeds then turns its row into a success and clears the pair's failures;
 * a process that dies in between leaves a failure behind, which errs on the side of the limit.
 *
 * One lock per address covers both limits, since the per-email count is a subset of the address's.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

/** Failed logins allowed per email and address within the window before further tries are refused. */
export const LOGIN_FAILURES_ALLOWED = 5;
/** The window, in minutes, over which failures are counted. */
export const LOGIN_WINDOW_MINUTES = 15;
/** Failed logins allowed from one address across all emails (password spraying). */
export const LOGIN_FAILURES_PER_ADDRESS = 30;

/** A reserved attempt (its row id, to settle after the password check) or the refusal sentence. */
export type LoginReservation = { allowed: true; attemptId: string } | { allowed: false; message: string };

/**
 * Counts `address`'s recent failures and, when both limits allow, records this attempt as a
 * failure in the same locked transaction. `email` must already be normalised (trimmed, lower case).
 * @throws the database's error when the table cannot be read or written.
 */
export async function reserveLoginAttempt(db: Kysely<Database>, email: string, address: string): Promise<LoginReservation> {
  return db.transaction().execute(async (trx) => {
    // Held until commit; the key is a 64-bit hash of the address (a collision only serialises two addresses).
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`loupe.login_attempts:${address}`}, 0))`.execute(trx);
    const { rows } = await sql<{ for_pair: number; for_address: number; oldest_for_pair: Date | null; oldest_for_address: Date | null }>`
      SELECT
        count(*) FILTER (WHERE email = ${email})::int AS for_pair,
        count(*)::int AS for_address,
        min(at) FILTER (WHERE email = ${email}) AS oldest_for_pair,
        min(at) AS oldest_for_address
      FROM login_attempts
      WHERE ip = ${address} AND NOT succeeded AND at > now() - make_interval(mins => ${LOGIN_WINDOW_MINUTES})`.execute(trx);
    const counts = rows[0];
    if (counts && (counts.for_pair >= LOGIN_FAILURES_ALLOWED || counts.for_address >= LOGIN_FAILURES_PER_ADDRESS)) {
      const oldest = counts.for_pair >= LOGIN_FAILURES_ALLOWED ? counts.oldest_for_pair : counts.oldest_for_address;
      return { allowed: false, message: waitSentence(oldest) };
    }
    const row = await trx.insertInto('login_attempts').values({ email, ip: address, succeeded: false }).returning('id').executeTakeFirstOrThrow();
    return { allowed: true, attemptId: row.id };
  });
}

/** The refusal, with the whole minutes until the oldest counted failure leaves the window. */
function waitSentence(oldest: Date | null): string {
  const oldestMs = oldest ? new Date(oldest).getTime() : Date.now();
  const minutes = Math.max(1, Math.ceil((oldestMs + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 60_000));
  return `Too many failed logins from your address; wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask an admin to reset your password.`;
}

/**
 * Settles a reserved attempt after the password check. A failure is already recorded, so only a
 * success writes: the attempt becomes a success and the pair's other failures are cleared, so a
 * typo earlier in the day does not count against the user.
 */
export async function settleLoginAttempt(db: Kysely<Database>, attemptId: string, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  await db.transaction().execute(async (trx) => {
    const attempt = await trx.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', attemptId)
      .returning(['email', 'ip']).executeTakeFirst();
    if (!attempt) return;
    await trx.deleteFrom('login_attempts')
      .where('email', '=', attempt.email).where('ip', '=', attempt.ip).where('succeeded', '=', false).execute();
  });
}
