/**
 * Reading the audit log: search, chain verification and the batches of its CSV export.
 *
 * Verification recomputes, in the database, exactly the hash the audit_log_chain trigger of
 * migration 001 wrote (same fields, same separators, same timestamp format, same jsonb text), and
 * checks each row's prev_hash against the row before it. The first row that fails either check
 * is reported: everything after a broken link is unproven.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditSearch {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  /** Rows with an id below this one (newest first, keyset). */
  beforeId?: string | null;
  limit: number;
}

function searchQuery(db: Db, search: Omit<AuditSearch, 'limit' | 'beforeId'>) {
  let query = db.selectFrom('audit_log').select(['id', 'at', 'actor_staff_id', 'actor_label', 'action', 'subject_type', 'subject_id', 'before', 'after', 'prev_hash', 'hash']);
  if (search.actor) query = query.where('actor_label', 'ilike', `%${search.actor.replace(/[%_\\]/g, '\\$&')}%`);
  if (search.action) query = query.where('action', 'like', `${search.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (search.subjectType) query = query.where('subject_type', '=', search.subjectType);
  if (search.subjectId) query = query.where('subject_id', '=', search.subjectId);
  if (search.from) query = query.where('at', '>=', search.from);
  if (search.to) query = query.where('at', '<', search.to);
  return query;
}

export async function searchAudit(db: Db, search: AuditSearch) {
  let query = searchQuery(db, search);
  if (search.beforeId) query = query.where('id', '<', search.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(search.limit + 1).execute();
  const page = rows.slice(0, search.limit);
  return { rows: page, nextBeforeId: rows.length > search.limit ? page[page.length - 1]!.id : null };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  lastId: string | null;
  firstBroken: { id: string; problem: string } | null;
}

/** Walks the whole chain in id order, in batches, and reports the first broken link. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerification> {
  let previousHash = GENESIS_HASH;
  let afterId = '0';
  let checked = 0;
  for (;;) {
    const batch = await sql<{ id: string; prev_hash: string; hash: string; recomputed: string }>`
      SELECT id::text, prev_hash, hash,
        encode(digest(
          prev_hash || '|' || id::text || '|' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
          coalesce(actor_staff_id::text, '') || '|' || actor_label || '|' || action || '|' ||
          subject_type || '|' || subject_id || '|' || coalesce(before::text, '') || '|' || coalesce(after::text, ''),
          'sha256'), 'hex') AS recomputed
      FROM audit_log WHERE audit_log.id > ${afterId}::bigint ORDER BY audit_log.id LIMIT ${batchSize}`.execute(db);
    for (const row of batch.rows) {
      if (row.prev_hash !== previousHash) {
        return { ok: false, checked, lastId: row.id, firstBroken: { id: row.id, problem: `its prev_hash does not match the hash of the entry before it (a row was removed, reordered or rewritten)` } };
      }
      if (row.recomputed !== row.hash) {
        return { ok: false, checked, lastId: row.id, firstBroken: { id: row.id, problem: `its contents no longer produce its hash (the row was changed after it was written)` } };
      }
      previousHash = row.hash;
      afterId = row.id;
      checked += 1;
    }
    if (batch.rows.length < batchSize) return { ok: true, checked, lastId: checked > 0 ? afterId : null, firstBroken: null };
  }
}

/** The columns of the audit export, in order: every field of an entry, so the chain can be checked from the file. */
export const AUDIT_EXPORT_COLUMNS = ['id', 'at', 'actor_staff_id', 'actor_label', 'action', 'subject_type', 'subject_id', 'before', 'after', 'prev_hash', 'hash'] as const;

/**
 * The next `limit` matching entries after id `afterId` ('0' for the start), oldest first: one batch
 * of the streamed export (app/routes/audit.export[.]csv.tsx).
 */
export async function auditExportBatch(db: Db, search: Omit<AuditSearch, 'limit' | 'beforeId'>, afterId: string, limit: number) {
  return searchQuery(db, search).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
