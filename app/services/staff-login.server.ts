/**
 * Logging in to the console: the login limit, the password check, the session, and the audit
 * entry, in that order.
 *
 * - The attempt is reserved against the limit before the password is checked (one locked step in
 *   db/queries/login-attempts.ts), so concurrent guesses cannot all slip under it.
 * - Every attempt the limit lets through costs one argon2 verification, whether or not the email
 *   has an account (passwords.server.ts), and gets the same sentence: neither the answer nor its
 *   time says which emails are staff.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit';
import { reserveLoginAttempt, settleLoginAttempt } from '../../db/queries/login-attempts';
import { staffCredentials } from '../../db/queries/staff-admin';
import type { Database } from '../../db/schema';
import { verifyPassword } from './passwords.server';
import { openSession, type SessionStaff } from './sessions.server';

/** What the login form sends, and who sent it (the HTTP server's client address; null when unknown). */
export interface LoginInput {
  email: string;
  password: string;
  clientAddress: string | null;
}

/**
 * A login's outcome: the new session's token, or the refusal sentence shown to the user, with
 * `limited` true when the login limit refused it before anything was checked (HTTP 429).
 */
export type LoginResult = { ok: true; token: string; staff: SessionStaff } | { ok: false; limited: boolean; message: string };

/** The same sentence whether the email or the password is wrong: no account enumeration. */
const NO_MATCH = 'That email and password do not match an active staff account.';

/**
 * Checks `email` and `password` against active staff within the login limit. A refused or wrong
 * login answers `{ ok: false, message }`; a right one opens a session. Every checked attempt is in
 * the audit log (`auth.login` or `auth.login_failed`); attempts the limit refuses are not checked.
 * @throws the database's error when it cannot be reached.
 */
export async function logIn(db: Kysely<Database>, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const reservation = await reserveLoginAttempt(db, email, input.clientAddress ?? 'unknown');
  if (!reservation.allowed) return { ok: false, limited: true, message: reservation.message };

  const staff = await staffCredentials(db, email);
  // Verified even for a disabled or unknown account, so all three refusals take the same time.
  const passwordMatches = await verifyPassword(staff?.password_hash ?? null, input.password);
  if (!staff || staff.disabled_at || !passwordMatches) {
    await appendAudit(db, { actorStaffId: staff?.id ?? null, actorLabel: email, action: 'auth.login_failed', subjectType: 'staff', subjectId: staff?.id ?? email });
    return { ok: false, limited: false, message: NO_MATCH };
  }
  const token = await openSession(db, staff.id);
  await settleLoginAttempt(db, reservation.attemptId, true);
  await appendAudit(db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'auth.login', subjectType: 'staff', subjectId: staff.id });
  return { ok: true, token, staff: { id: staff.id, email: staff.email, displayName: staff.display_name, role: staff.role } };
}
