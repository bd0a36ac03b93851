/**
 * Staff sessions: a random token in an httpOnly, SameSite=Lax cookie; only its SHA-256 is stored,
 * so sessions can be listed and revoked in PostgreSQL and a database leak does not leak logins.
 */
import { randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit';
import type { Database, StaffRole } from '../../db/schema';
import { hashBearerToken } from '../../db/queries/token-hash';

/** Name of the staff session cookie. */
export const SESSION_COOKIE = 'loupe_session';
/** A session lasts one working day; the cookie and the stored session expire together. */
const SESSION_HOURS = 12;

/** The signed-in staff member a session belongs to. */
export interface SessionStaff {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

/**
 * The session token from the request's Cookie header, or null when there is none. Parsed by the
 * `cookie` package; a value that is not valid percent-encoding (`loupe_session=%E0%A4%A`) is no
 * session rather than an error, since a client can send any bytes it likes.
 */
export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  const cookies = parseCookie(header, { decode: decodeOrSkip });
  return cookies[SESSION_COOKIE] || null;
}

/** decodeURIComponent, except that malformed input makes `cookie` skip that cookie (returns undefined). */
function decodeOrSkip(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The active staff member whose unexpired, unrevoked session the request carries, or null. */
export async function staffForRequest(db: Kysely<Database>, request: Request): Promise<SessionStaff | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const row = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
    .select(['staff.id', 'staff.email', 'staff.display_name', 'staff.role'])
    .where('staff_sessions.token_hash', '=', hashBearerToken(token))
    .where('staff_sessions.revoked_at', 'is', null)
    .where('staff_sessions.expires_at', '>', new Date())
    .where('staff.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, email: row.email, displayName: row.display_name, role: row.role } : null;
}

/**
 * Stores a new session for `staffId` (only its token's SHA-256) valid for SESSION_HOURS, and
 * returns the token for the cookie. The caller has already checked who this is (staff-login.server.ts).
 */
export async function openSession(db: Kysely<Database>, staffId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('staff_sessions')
    .values({ token_hash: hashBearerToken(token), staff_id: staffId, expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) })
    .execute();
  return token;
}

/** Revokes the request's session, if any, and records the logout in the audit log. */
export async function logOut(db: Kysely<Database>, request: Request, staff: SessionStaff | null): Promise<void> {
  const token = readSessionToken(request);
  if (!token) return;
  await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('token_hash', '=', hashBearerToken(token)).execute();
  if (staff) await appendAudit(db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'auth.logout', subjectType: 'staff', subjectId: staff.id });
}

/** The Set-Cookie value that gives the browser `token` for SESSION_HOURS (Secure when served over HTTPS). */
export function sessionCookie(token: string, secure: boolean): string {
  return setSessionCookie(token, SESSION_HOURS * 3600, secure);
}

/** The Set-Cookie value that makes the browser drop its session cookie at once. */
export function clearedSessionCookie(secure: boolean): string {
  return setSessionCookie('', 0, secure);
}

/**
 * httpOnly (no script can read the token) and SameSite=Lax (no cross-site POST carries it).
 * `cookie` checks the name and value and writes the attributes; Max-Age is appended after them
 * because `cookie` would write it first, and Loupe's Set-Cookie has always begun with
 * `name=value; Path=/; HttpOnly; SameSite=Lax` (test/app/http.test.ts holds it to that).
 */
function setSessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const cookie = stringifySetCookie({ name: SESSION_COOKIE, value, path: '/', httpOnly: true, sameSite: 'lax', secure });
  return `${cookie}; Max-Age=${maxAgeSeconds}`;
}
