/**
 * Staff administration (admin only): one-time invite links, disabling (which revokes every
 * session at once) and re-roling. Every change is audited in the same transaction. The login
 * limit is in login-attempts.ts.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, StaffRole } from '../schema';
import { appendAudit } from './audit';
import { hashBearerToken } from './token-hash';

/** How long an invite link works. */
export const INVITE_HOURS = 72;

/** The admin doing something, as the audit log names them. */
export interface Actor {
  id: string;
  email: string;
}

/** A refused administration step, with the sentence for the admin (mapped to BAD_REQUEST in app/trpc/init.server.ts). */
export class StaffAdminError extends Error {}


/**
 * What a login checks for `email` (already trimmed and lower case): the account's id, role, name,
 * argon2 password hash and whether it is disabled; undefined when there is no such account.
 */
export function staffCredentials(db: Kysely<Database>, email: string) {
  return db.selectFrom('staff').select(['id', 'email', 'display_name', 'role', 'password_hash', 'disabled_at'])
    .where('email', '=', email).executeTakeFirst();
}

/** Every staff account, by email, with how many unexpired, unrevoked sessions each has. */
export function listStaff(db: Kysely<Database>) {
  return db
    .selectFrom('staff')
    .select((eb) => [
      'id', 'email', 'display_name', 'role', 'disabled_at', 'created_at',
      eb.selectFrom('staff_sessions').select(eb.fn.countAll<string>().as('n'))
        .whereRef('staff_sessions.staff_id', '=', 'staff.id').where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`).as('active_sessions'),
    ])
    .orderBy('email')
    .execute();
}

/** The 50 newest invites (email, role, expiry, when used), newest first; never their tokens. */
export function listInvites(db: Kysely<Database>) {
  return db.selectFrom('staff_invites').select(['email', 'role', 'expires_at', 'used_at', 'created_at']).orderBy('created_at', 'desc').limit(50).execute();
}

/** Creates an invite and returns its one-time token (only its hash is stored). */
export async function inviteStaff(db: Kysely<Database>, actor: Actor, email: string, role: StaffRole): Promise<{ token: string }> {
  const normalised = email.trim().toLowerCase();
  const existing = await db.selectFrom('staff').select('id').where('email', '=', normalised).executeTakeFirst();
  if (existing) throw new StaffAdminError(`${normalised} already has a staff account; re-role or re-enable it instead.`);
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('staff_invites').values({
      token_hash: hashBearerToken(token), email: normalised, role, invited_by: actor.id, expires_at: new Date(Date.now() + INVITE_HOURS * 3600_000),
    }).execute();
    await appendAudit(trx, { actorStaffId: actor.id, actorLabel: actor.email, action: 'staff.invite', subjectType: 'staff_invite', subjectId: normalised, after: { role } });
  });
  return { token };
}

/** The invite whose one-time token is `token` (looked up by its hash), used or not; undefined when none. */
export async function inviteByToken(db: Kysely<Database>, token: string) {
  return db.selectFrom('staff_invites').select(['email', 'role', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashBearerToken(token)).executeTakeFirst();
}

/**
 * Redeems an invite: creates the account with the chosen password hash and audits `staff.join`, in
 * one transaction; the link works once (a conditional update, so of two racing redemptions one wins).
 * passwordHash: argon2, computed by the caller (app/services/passwords.server.ts) after it has
 * checked the token, so a dead link costs no hashing.
 * @throws StaffAdminError when the link is unknown, used or expired.
 */
export async function acceptInvite(db: Kysely<Database>, token: string, displayName: string, passwordHash: string) {
  return db.transaction().execute(async (trx) => {
    const invite = await trx.updateTable('staff_invites').set({ used_at: new Date() })
      .where('token_hash', '=', hashBearerToken(token)).where('used_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
      .returning(['email', 'role']).executeTakeFirst();
    if (!invite) throw new StaffAdminError('This invite link has been used or has expired; ask an admin for a new one.');
    const staff = await trx.insertInto('staff').values({ email: invite.email, display_name: displayName, role: invite.role, password_hash: passwordHash })
      .returning(['id', 'email']).executeTakeFirstOrThrow();
    await appendAudit(trx, { actorStaffId: staff.id, actorLabel: staff.email, action: 'staff.join', subjectType: 'staff', subjectId: staff.id, after: { role: invite.role } });
    return staff;
  });
}

/**
 * Disables (revoking every session and handing back every claim) or re-enables an account, audited.
 * @throws StaffAdminError for one's own account or an unknown id.
 */
export async function setStaffDisabled(db: Kysely<Database>, actor: Actor, staffId: string, disabled: boolean) {
  if (staffId === actor.id && disabled) throw new StaffAdminError('You cannot disable your own account; ask another admin.');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('staff').select(['email', 'disabled_at']).where('id', '=', staffId).forUpdate().executeTakeFirst();
    if (!before) throw new StaffAdminError('There is no staff member with that id.');
    await trx.updateTable('staff').set({ disabled_at: disabled ? new Date() : null }).where('id', '=', staffId).execute();
    // Disabling ends every session now, and hands their claims back to the pool.
    const revoked = disabled
      ? await trx.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('staff_id', '=', staffId).where('revoked_at', 'is', null).executeTakeFirst()
      : null;
    if (disabled) await trx.deleteFrom('review_leases').where('staff_id', '=', staffId).execute();
    await appendAudit(trx, {
      actorStaffId: actor.id, actorLabel: actor.email, action: disabled ? 'staff.disable' : 'staff.enable', subjectType: 'staff', subjectId: staffId,
      before: { disabled: before.disabled_at !== null }, after: { disabled, sessionsRevoked: Number(revoked?.numUpdatedRows ?? 0n) },
    });
  });
}

/**
 * Gives an account another role, audited with the role before and after.
 * @throws StaffAdminError when an admin would drop their own admin role, or for an unknown id.
 */
export async function setStaffRole(db: Kysely<Database>, actor: Actor, staffId: string, role: StaffRole) {
  if (staffId === actor.id && role !== 'admin') throw new StaffAdminError('You cannot remove your own admin role; ask another admin.');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('staff').select(['role']).where('id', '=', staffId).forUpdate().executeTakeFirst();
    if (!before) throw new StaffAdminError('There is no staff member with that id.');
    await trx.updateTable('staff').set({ role }).where('id', '=', staffId).execute();
    await appendAudit(trx, { actorStaffId: actor.id, actorLabel: actor.email, action: 'staff.role', subjectType: 'staff', subjectId: staffId, before: { role: before.role }, after: { role } });
  });
}
