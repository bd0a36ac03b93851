/**
 * App clients of the app-facing API (migration 013): create, rotate, disable, list, and find the
 * client a presented key belongs to. Keys arrive here already hashed (token-hash.ts), except in
 * `appClientForKey`, which hashes the presented key itself. Every staff change is audited in the
 * same transaction as the change.
 *
 * Invariant: a key hash names at most one client. `key_hash` is unique; a previous key is only ever
 * a former `key_hash` of the same row, and keys are 256 random bits, so two rows never share one.
 */
import { timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { appendAudit, type AuditEntry } from './audit';
import { hashBearerToken } from './token-hash';

/** Who changes a client: a staff member, or the server itself (the demo app's client). */
export type AppClientActor = Pick<AuditEntry, 'actorStaffId' | 'actorLabel'>;

/** A client as staff see it: never a key or a hash. */
export interface AppClientSummary {
  id: string;
  name: string;
  keyPrefix: string;
  rateLimitPerMinute: number;
  createdBy: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  /** When the rotated-out key stops working; null when there is none (or it has expired). */
  previousKeyExpiresAt: Date | null;
  disabledAt: Date | null;
}

/** Every client, newest first, with the email of the staff member who created it. */
export async function listAppClients(db: Kysely<Database>): Promise<AppClientSummary[]> {
  const rows = await db
    .selectFrom('app_clients')
    .leftJoin('staff', 'staff.id', 'app_clients.created_by')
    .select([
      'app_clients.id', 'app_clients.name', 'app_clients.key_prefix', 'app_clients.rate_limit_per_minute', 'staff.email',
      'app_clients.created_at', 'app_clients.rotated_at', 'app_clients.previous_key_expires_at', 'app_clients.disabled_at',
    ])
    .orderBy('app_clients.created_at', 'desc')
    .execute();
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdBy: row.email,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    previousKeyExpiresAt: row.previous_key_expires_at && row.previous_key_expires_at.getTime() > now ? row.previous_key_expires_at : null,
    disabledAt: row.disabled_at,
  }));
}

/** Inserts a client whose key hashes to `keyHash`; audits `app_client.create`. Returns its id. */
export async function insertAppClient(
  db: Kysely<Database>,
  actor: AppClientActor,
  client: { id?: string; name: string; keyPrefix: string; keyHash: string; rateLimitPerMinute: number },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('app_clients')
      .values({
        ...(client.id ? { id: client.id } : {}),
        name: client.name,
        key_prefix: client.keyPrefix,
        key_hash: client.keyHash,
        rate_limit_per_minute: client.rateLimitPerMinute,
        created_by: actor.actorStaffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      ...actor, action: 'app_client.create', subjectType: 'app_client', subjectId: row.id,
      after: { name: client.name, keyPrefix: client.keyPrefix, rateLimitPerMinute: client.rateLimitPerMinute },
    });
    return row.id;
  });
}

/**
 * Replaces a client's key: the current key becomes the previous one, valid `graceSeconds` more
 * (0: it stops at once), and a previous key still in its grace period is dropped. Audits
 * `app_client.rotate`. Returns false when there is no such client or it is disabled.
 */
export async function rotateAppClientKey(
  db: Kysely<Database>,
  actor: AppClientActor,
  clientId: string,
  next: { keyPrefix: string; keyHash: string; graceSeconds: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('app_clients').select(['key_prefix', 'key_hash'])
      .where('id', '=', clientId).where('disabled_at', 'is', null).forUpdate().executeTakeFirst();
    if (!before) return false;
    const keepPrevious = next.graceSeconds > 0;
    await trx
      .updateTable('app_clients')
      .set({
        key_prefix: next.keyPrefix,
        key_hash: next.keyHash,
        previous_key_hash: keepPrevious ? before.key_hash : null,
        previous_key_expires_at: keepPrevious ? sql<Date>`now() + make_interval(secs => ${next.graceSeconds})` : null,
        rotated_at: sql<Date>`now()`,
      })
      .where('id', '=', clientId)
      .execute();
    await appendAudit(trx, {
      ...actor, action: 'app_client.rotate', subjectType: 'app_client', subjectId: clientId,
      before: { keyPrefix: before.key_prefix }, after: { keyPrefix: next.keyPrefix, previousKeyGraceSeconds: next.graceSeconds },
    });
    return true;
  });
}

/** Disables a client (both of its keys stop at once); audits `app_client.disable`. False when there is no enabled client with that id. */
export async function disableAppClient(db: Kysely<Database>, actor: AppClientActor, clientId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('app_clients').set({ disabled_at: sql<Date>`now()` })
      .where('id', '=', clientId).where('disabled_at', 'is', null).returning(['name']).executeTakeFirst();
    if (!row) return false;
    await appendAudit(trx, { ...actor, action: 'app_client.disable', subjectType: 'app_client', subjectId: clientId, after: { name: row.name } });
    return true;
  });
}

/** The client a presented key opens, as the API needs it. */
export interface AuthenticatedAppClient {
  id: string;
  name: string;
  rateLimitPerMinute: number;
}

/**
 * The enabled client whose current key, or previous key within its grace period, is `presentedKey`;
 * null otherwise. The key is hashed first and the stored hash compared in constant time, so neither
 * the lookup nor the comparison tells an attacker how much of a guess was right.
 */
export async function appClientForKey(db: Kysely<Database>, presentedKey: string): Promise<AuthenticatedAppClient | null> {
  const presented = hashBearerToken(presentedKey);
  const row = await db
    .selectFrom('app_clients')
    .select(['id', 'name', 'rate_limit_per_minute', 'key_hash', 'previous_key_hash', 'previous_key_expires_at'])
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([
      eb('key_hash', '=', presented),
      eb.and([eb('previous_key_hash', '=', presented), eb('previous_key_expires_at', '>', sql<Date>`now()`)]),
    ]))
    .executeTakeFirst();
  if (!row) return null;
  const matches = sameHash(row.key_hash, presented) || (row.previous_key_hash !== null && sameHash(row.previous_key_hash, presented));
  return matches ? { id: row.id, name: row.name, rateLimitPerMinute: row.rate_limit_per_minute } : null;
}

/** Whether two hex digests are equal, compared in constant time. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
