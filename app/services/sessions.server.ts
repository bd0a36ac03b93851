/**
 * Staff sessions: a random token in an httpOnly, SameSite=Lax cookie; only its SHA-256 is stored,
 * so sessions can be listed and revoked in PostgreSQL and a database leak does not leak logins.
 */
import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit';
import type { Database, StaffRole } from '../../db/schema';
import { hashBearerToken } from '../../db/queries/token-hash';

export const SESSION_COOKIE = 'loupe_session';
const SESSION_HOURS = 12;

export interface SessionStaff {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
}


export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

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

export type LoginResult = { ok: true; token: string; staff: SessionStaff } | { ok: false; message: string };

export async function logIn(db: Kysely<Database>, email: string, password: string): Promise<LoginResult> {
  const staff = await db.selectFrom('staff').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  // Same message whether the email or the password is wrong: no account enumeration.
  const refused = { ok: false as const, message: 'That email and password do not match an active staff account.' };
  if (!staff || staff.disabled_at || !(await verify(staff.password_hash, password).catch(() => false))) {
    await appendAudit(db, { actorStaffId: staff?.id ?? null, actorLabel: email, action: 'auth.login_failed', subjectType: 'staff', subjectId: staff?.id ?? email });
    return refused;
  }
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('staff_sessions')
    .values({ token_hash: hashBearerToken(token), staff_id: staff.id, expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) })
    .execute();
  await appendAudit(db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'auth.login', subjectType: 'staff', subjectId: staff.id });
  return { ok: true, token, staff: { id: staff.id, email: staff.email, displayName: staff.display_name, role: staff.role } };
}

export async function logOut(db: Kysely<Database>, request: Request, staff: SessionStaff | null): Promise<void> {
  const token = readSessionToken(request);
  if (!token) return;
  await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('token_hash', '=', hashBearerToken(token)).execute();
  if (staff) await appendAudit(db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'auth.logout', subjectType: 'staff', subjectId: staff.id });
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
