/**
 * Hash banks (issue 13, migration 021): banks, their PDQ hashes, flood counts and flood alerts.
 *
 * Invariant: every change to a bank or to one of its hashes (added, quarantined, disabled) moves the
 * bank's `updated_at`, so `bankIndexSignature` changes and every worker's bank matcher reloads
 * before its next lookup (activities/copyright/bank-matcher.ts). Hashes are 32-byte PDQ hashes.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { DEFAULT_FLOOD_RULE, type CopyrightRule, type FloodRule } from '../../policies/copyright';
import { readOrgSetting } from './org-settings';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A new bank. `cutoff` in bits (0..31). A positive bank needs an entity or its own rule (migration 021 checks it). */
export interface NewHashBank {
  name: string;
  kind: 'positive' | 'negative';
  owner: string;
  entityId: string | null;
  claimId?: string | null;
  rule: CopyrightRule | null;
  cutoff: number;
  enabled?: boolean;
  source: 'reference_media' | 'import';
  note?: string | null;
  createdBy?: string | null;
}

/** One hash to add to a bank. */
export interface NewBankHash {
  hash: Uint8Array;
  quality?: number | null;
  mediaSha256?: string | null;
  frameIndex?: number | null;
  region?: string | null;
  note?: string | null;
}

/** Creates a bank; returns its id. Throws the database's unique violation when the name is taken. */
export async function createHashBank(db: Db, bank: NewHashBank): Promise<string> {
  const row = await db
    .insertInto('hash_banks')
    .values({
      name: bank.name, kind: bank.kind, owner: bank.owner, entity_id: bank.entityId, claim_id: bank.claimId ?? null,
      rule: bank.rule, cutoff: bank.cutoff, enabled: bank.enabled ?? true, source: bank.source, note: bank.note ?? null,
      created_by: bank.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The reference-media bank of (claim, entity), created on first call: a retried activity finds the
 * same bank. Returns its id and whether this call created it.
 */
export async function ensureReferenceBank(db: Db, bank: Omit<NewHashBank, 'source' | 'kind'> & { claimId: string }): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('hash_banks')
    .values({
      name: bank.name, kind: 'positive', owner: bank.owner, entity_id: bank.entityId, claim_id: bank.claimId,
      rule: bank.rule, cutoff: bank.cutoff, enabled: bank.enabled ?? true, source: 'reference_media', note: bank.note ?? null,
      created_by: bank.createdBy ?? null,
    })
    .onConflict((oc) => oc.columns(['claim_id', 'entity_id']).where('source', '=', 'reference_media').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  let query = db.selectFrom('hash_banks').select('id').where('source', '=', 'reference_media').where('claim_id', '=', bank.claimId);
  query = bank.entityId === null ? query.where('entity_id', 'is', null) : query.where('entity_id', '=', bank.entityId);
  const row = await query.executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

/** Adds hashes to a bank (a hash already in it is skipped); returns how many were new. Moves the bank's updated_at. */
export async function addBankHashes(db: Db, bankId: string, hashes: readonly NewBankHash[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db
      .insertInto('bank_hashes')
      .values(hashes.slice(i, i + 1000).map((h) => ({
        bank_id: bankId, hash: Buffer.from(h.hash), quality: h.quality ?? null, media_sha256: h.mediaSha256 ?? null,
        frame_index: h.frameIndex ?? null, region: h.region ?? null, note: h.note ?? null,
      })))
      .onConflict((oc) => oc.columns(['bank_id', 'hash']).doNothing())
      .returning('id')
      .execute();
    added += rows.length;
  }
  await touchBank(db, bankId);
  return added;
}

/** Moves a bank's updated_at (the matchers' reload signal). */
export async function touchBank(db: Db, bankId: string): Promise<void> {
  await db.updateTable('hash_banks').set({ updated_at: sql<Date>`clock_timestamp()` }).where('id', '=', bankId).execute();
}

/** A value that changes whenever any bank or bank hash changes (see the module's invariant). */
export async function bankIndexSignature(db: Db): Promise<string> {
  const row = await sql<{ banks: string; changed: Date | null; last_hash: string | null }>`
    SELECT (SELECT count(*) FROM hash_banks)::text AS banks,
           (SELECT max(updated_at) FROM hash_banks) AS changed,
           (SELECT max(id) FROM bank_hashes)::text AS last_hash`.execute(db);
  const r = row.rows[0]!;
  return `${r.banks}:${r.changed?.toISOString() ?? '-'}:${r.last_hash ?? '-'}`;
}

/** The hashes a matcher indexes: not disabled, of enabled banks (optionally only `bankIds`), in id order. */
export async function matchableBankHashes(db: Db, options: { bankIds?: readonly string[]; afterId?: string; limit: number }) {
  let query = db
    .selectFrom('bank_hashes')
    .innerJoin('hash_banks', 'hash_banks.id', 'bank_hashes.bank_id')
    .select(['bank_hashes.id', 'bank_hashes.bank_id', 'bank_hashes.hash', 'bank_hashes.region', 'bank_hashes.state', 'hash_banks.kind', 'hash_banks.entity_id', 'hash_banks.cutoff'])
    .where('hash_banks.enabled', '=', true)
    .where('bank_hashes.state', '!=', 'disabled')
    .where('bank_hashes.id', '>', options.afterId ?? '0')
    .orderBy('bank_hashes.id')
    .limit(options.limit);
  if (options.bankIds) {
    if (options.bankIds.length === 0) return [];
    query = query.where('bank_hashes.bank_id', 'in', [...options.bankIds]);
  }
  return query.execute();
}

/**
 * The current database view of hit bank hashes (re-checked before acting, so a bank disabled or a
 * hash released since the matcher loaded never acts): bank, entity ruling and names. Rows of
 * disabled banks or disabled hashes are left out.
 */
export async function liveBankHashes(db: Db, bankHashIds: readonly string[]) {
  if (bankHashIds.length === 0) return [];
  return db
    .selectFrom('bank_hashes')
    .innerJoin('hash_banks', 'hash_banks.id', 'bank_hashes.bank_id')
    .leftJoin('copyright_entities', 'copyright_entities.id', 'hash_banks.entity_id')
    .select([
      'bank_hashes.id as bank_hash_id', 'bank_hashes.state', 'hash_banks.id as bank_id', 'hash_banks.name as bank_name', 'hash_banks.kind',
      'hash_banks.owner', 'hash_banks.cutoff', 'hash_banks.rule as bank_rule', 'hash_banks.entity_id',
      'copyright_entities.name as entity_name', 'copyright_entities.rule as entity_rule', 'copyright_entities.conditions',
      'copyright_entities.public_domain',
    ])
    .where('bank_hashes.id', 'in', [...bankHashIds])
    .where('hash_banks.enabled', '=', true)
    .where('bank_hashes.state', '!=', 'disabled')
    .execute();
}

/**
 * Pipeline matches of one bank hash in [now - window, now) and in the baseline window before it (the
 * flood counter), leaving out `excludeRequestId`'s own row (a retried check does not count itself).
 */
export async function pipelineMatchCounts(
  db: Db, bankHashId: string, windowSeconds: number, baselineSeconds: number, excludeRequestId: string | null = null,
): Promise<{ recentMatches: number; baselineMatches: number }> {
  const row = await sql<{ recent: string; baseline: string }>`
    SELECT count(*) FILTER (WHERE created_at >= now() - make_interval(secs => ${windowSeconds}))::text AS recent,
           count(*) FILTER (WHERE created_at < now() - make_interval(secs => ${windowSeconds}))::text AS baseline
    FROM copyright_matches
    WHERE source = 'pipeline' AND bank_hash_id = ${bankHashId} AND request_id IS DISTINCT FROM ${excludeRequestId}::uuid
      AND created_at >= now() - make_interval(secs => ${windowSeconds + baselineSeconds})`.execute(db);
  return { recentMatches: Number(row.rows[0]!.recent), baselineMatches: Number(row.rows[0]!.baseline) };
}

/**
 * Puts an active hash in flood quarantine and raises its alert, once: returns the alert id, or null
 * when the hash was not active (already quarantined, or disabled).
 */
export async function quarantineBankHash(
  db: Db,
  bankHashId: string,
  seen: { recentMatches: number; baselineMatches: number; windowSeconds: number; baselineSeconds: number },
): Promise<string | null> {
  const hash = await db
    .updateTable('bank_hashes')
    .set({ state: 'quarantined', state_changed_at: new Date() })
    .where('id', '=', bankHashId)
    .where('state', '=', 'active')
    .returning(['bank_id'])
    .executeTakeFirst();
  if (!hash) return null;
  const alert = await db
    .insertInto('bank_flood_alerts')
    .values({
      bank_id: hash.bank_id, bank_hash_id: bankHashId, recent_matches: seen.recentMatches, window_seconds: seen.windowSeconds,
      baseline_matches: seen.baselineMatches, baseline_seconds: seen.baselineSeconds,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touchBank(db, hash.bank_id);
  return alert.id;
}

/** Banks for the console, newest first, with hash counts and pipeline matches in the last day. */
export async function listHashBanks(db: Db) {
  return db
    .selectFrom('hash_banks')
    .leftJoin('copyright_entities', 'copyright_entities.id', 'hash_banks.entity_id')
    .select([
      'hash_banks.id', 'hash_banks.name', 'hash_banks.kind', 'hash_banks.owner', 'hash_banks.entity_id', 'hash_banks.rule',
      'hash_banks.cutoff', 'hash_banks.enabled', 'hash_banks.source', 'hash_banks.note', 'hash_banks.created_at', 'hash_banks.updated_at',
      'copyright_entities.name as entity_name',
    ])
    .select((eb) => [
      eb.selectFrom('bank_hashes').select(eb.fn.countAll<string>().as('n')).whereRef('bank_hashes.bank_id', '=', 'hash_banks.id').where('bank_hashes.state', '!=', 'disabled').as('hash_count'),
      eb.selectFrom('copyright_matches').select(eb.fn.countAll<string>().as('n')).whereRef('copyright_matches.bank_id', '=', 'hash_banks.id')
        .where('copyright_matches.created_at', '>=', sql<Date>`now() - interval '1 day'`).as('matches_last_day'),
    ])
    .orderBy('hash_banks.created_at', 'desc')
    .execute();
}

/** One bank by id, or undefined. */
export async function getHashBank(db: Db, bankId: string) {
  return db.selectFrom('hash_banks').selectAll().where('id', '=', bankId).executeTakeFirst();
}

/** Flood alerts still open, oldest first, with the bank and the hash (hex) they are about. */
export async function openFloodAlerts(db: Db) {
  return db
    .selectFrom('bank_flood_alerts')
    .innerJoin('hash_banks', 'hash_banks.id', 'bank_flood_alerts.bank_id')
    .innerJoin('bank_hashes', 'bank_hashes.id', 'bank_flood_alerts.bank_hash_id')
    .select([
      'bank_flood_alerts.id', 'bank_flood_alerts.bank_id', 'bank_flood_alerts.bank_hash_id', 'bank_flood_alerts.recent_matches',
      'bank_flood_alerts.window_seconds', 'bank_flood_alerts.baseline_matches', 'bank_flood_alerts.baseline_seconds',
      'bank_flood_alerts.raised_at', 'hash_banks.name as bank_name', 'bank_hashes.hash',
    ])
    .select((eb) => eb.selectFrom('copyright_matches').select(eb.fn.countAll<string>().as('n'))
      .whereRef('copyright_matches.bank_hash_id', '=', 'bank_flood_alerts.bank_hash_id').where('copyright_matches.action', '=', 'held').as('held_matches'))
    .where('bank_flood_alerts.state', '=', 'open')
    .orderBy('bank_flood_alerts.raised_at')
    .execute();
}

/**
 * The deployment's flood rule (policies/copyright/flood.ts): org setting `copyright_flood`, checked
 * with `floodRuleSchema`; the defaults when unset. A stored value that no longer parses (written by
 * hand) falls back to the defaults rather than stopping the pipeline.
 */
export async function readFloodRule(db: Db): Promise<FloodRule> {
  const parsed = floodRuleSchema.safeParse(await readOrgSetting(db, 'copyright_flood'));
  return parsed.success ? parsed.data : { ...DEFAULT_FLOOD_RULE };
}

/** A flood rule as an admin sets it: seconds and counts, each within a range that still means something. */
export const floodRuleSchema = z.object({
  windowSeconds: z.number().int().min(60, 'the window is at least 60 seconds').max(7 * 86400, 'the window is at most 7 days'),
  minRecentMatches: z.number().int().min(2, 'at least 2 matches').max(1_000_000),
  baselineSeconds: z.number().int().min(3600, 'the baseline is at least an hour').max(90 * 86400, 'the baseline is at most 90 days'),
  rateMultiple: z.number().min(1, 'the multiple is at least 1').max(1000),
});
