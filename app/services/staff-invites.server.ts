/**
 * Redeeming a one-time staff invite, which anyone holding the link may try. Hashing the new
 * password is the one expensive step (argon2: ~19 MiB and a few milliseconds of a libuv thread),
 * so an anonymous caller must not be able to buy it for free: the caller's address is counted
 * first (rate-limiter-flexible's PostgreSQL store, as for /api/verify), then the token is checked,
 * and only a live invite's password is hashed. The redemption itself stays one conditional update
 * (db/queries/staff-admin.ts), so of two racing redemptions one wins and the other is refused.
 */
import type { Kysely } from 'kysely';
import { rateLimiterFor, type RateLimit } from '../../db/rate-limiter';
import { acceptInvite, inviteByToken } from '../../db/queries/staff-admin';
import type { Database } from '../../db/schema';
import { hashPassword } from './passwords.server';
import { ServiceRefusal } from './refusal';

/**
 * Per client address: 10 redemption attempts per 15 minutes. A person redeems one invite, perhaps
 * after a retry or two (a too-short password is refused by the schema before this counts); ten
 * bounds an attacker to ten argon2 hashes per address per window.
 */
export const INVITE_REDEMPTION_LIMIT: RateLimit = { name: 'invite-redeem', points: 10, durationSeconds: 15 * 60 };

const INVITE_GONE = 'This invite link has been used or has expired; ask an admin for a new one.';

/**
 * The invite behind `token` while it can still be redeemed (unused and unexpired): the email and
 * role it was made for; null for an unknown, used or expired token.
 */
export async function liveInvite(db: Kysely<Database>, token: string) {
  const invite = await inviteByToken(db, token);
  if (!invite || invite.used_at || invite.expires_at <= new Date()) return null;
  return { email: invite.email, role: invite.role };
}

/** What the invite form sends, and who sent it (the HTTP server's client address; null when unknown). */
export interface InviteRedemption {
  token: string;
  displayName: string;
  password: string;
  clientAddress: string | null;
}

/**
 * Creates the invited account with the chosen name and password; the link then stops working.
 * The new member's `staff.join` is audited in the same transaction as the account.
 * @throws ServiceRefusal TOO_MANY_REQUESTS when the address has used up its attempts (the sentence
 *   says how long to wait), BAD_REQUEST when the token is unknown, used or expired.
 * @throws StaffAdminError when a racing redemption of the same link won.
 */
export async function redeemInvite(db: Kysely<Database>, redemption: InviteRedemption): Promise<{ email: string }> {
  const decision = await rateLimiterFor(db, INVITE_REDEMPTION_LIMIT).consume(redemption.clientAddress ?? 'unknown');
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    throw new ServiceRefusal('TOO_MANY_REQUESTS', `Too many invite attempts from your address; wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`);
  }
  if (!(await liveInvite(db, redemption.token))) throw new ServiceRefusal('BAD_REQUEST', INVITE_GONE);
  const staff = await acceptInvite(db, redemption.token, redemption.displayName, await hashPassword(redemption.password));
  return { email: staff.email };
}
