/**
 * Copyright matches (issue 13, migration 021): every bank match Loupe acted on or held, from the
 * clip pipeline (per request) or a rescan (per rescan and video).
 *
 * Invariant: one row per (request, bank hash) for the pipeline and per (rescan, video, bank hash)
 * for a rescan; recording again returns the existing row's id unchanged, so a retried activity
 * never records or acts twice.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The copyright_matches actions (migration 021). */
export const COPYRIGHT_MATCH_ACTIONS = ['blocked', 'queued', 'taken_down', 'held', 'cancelled', 'allowed'] as const;
export type CopyrightMatchAction = (typeof COPYRIGHT_MATCH_ACTIONS)[number];

/** One match to record. `distance` in bits; `frameIndex` is the query frame (1 fps) that matched best. */
export interface NewCopyrightMatch {
  bankId: string;
  bankHashId: string;
  entityId: string | null;
  requestId: string | null;
  videoId: string | null;
  frameIndex: number | null;
  region: string | null;
  distance: number;
  action: CopyrightMatchAction;
  source: 'pipeline' | 'rescan';
  rescanId?: string | null;
  note?: string | null;
}

/**
 * Records a match; idempotent (see the invariant): returns the row's id and whether this call
 * created it. A pipeline match needs `requestId`; a rescan match needs `rescanId` and `videoId`.
 */
export async function recordCopyrightMatch(db: Db, match: NewCopyrightMatch): Promise<{ id: string; created: boolean }> {
  if (match.source === 'pipeline' && !match.requestId) throw new Error('A pipeline copyright match needs its request id.');
  if (match.source === 'rescan' && (!match.rescanId || !match.videoId)) throw new Error('A rescan copyright match needs its rescan id and video id.');
  const inserted = await db
    .insertInto('copyright_matches')
    .values({
      bank_id: match.bankId, bank_hash_id: match.bankHashId, entity_id: match.entityId, request_id: match.requestId, video_id: match.videoId,
      frame_index: match.frameIndex, region: match.region, distance: match.distance, action: match.action, source: match.source,
      rescan_id: match.rescanId ?? null, note: match.note ?? null,
    })
    .onConflict((oc) => (match.source === 'pipeline'
      ? oc.columns(['request_id', 'bank_hash_id']).where('source', '=', 'pipeline').doNothing()
      : oc.columns(['rescan_id', 'video_id', 'bank_hash_id']).where('source', '=', 'rescan').doNothing()))
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  let existing = db.selectFrom('copyright_matches').select('id').where('bank_hash_id', '=', match.bankHashId).where('source', '=', match.source);
  existing = match.source === 'pipeline'
    ? existing.where('request_id', '=', match.requestId!)
    : existing.where('rescan_id', '=', match.rescanId!).where('video_id', '=', match.videoId!);
  return { id: (await existing.executeTakeFirstOrThrow()).id, created: false };
}

/** A request's matches with their bank and entity names, for the request page and review screen. */
export async function copyrightMatchesOfRequest(db: Db, requestId: string) {
  return db
    .selectFrom('copyright_matches')
    .innerJoin('hash_banks', 'hash_banks.id', 'copyright_matches.bank_id')
    .leftJoin('copyright_entities', 'copyright_entities.id', 'copyright_matches.entity_id')
    .select([
      'copyright_matches.id', 'copyright_matches.bank_id', 'copyright_matches.bank_hash_id', 'copyright_matches.frame_index',
      'copyright_matches.region', 'copyright_matches.distance', 'copyright_matches.action', 'copyright_matches.created_at',
      'hash_banks.name as bank_name', 'hash_banks.cutoff', 'copyright_entities.name as entity_name',
    ])
    .where('copyright_matches.request_id', '=', requestId)
    .orderBy('copyright_matches.distance')
    .execute();
}

/** Held matches of one bank hash (flood quarantine), oldest first. */
export async function heldMatchesOfBankHash(db: Db, bankHashId: string) {
  return db
    .selectFrom('copyright_matches')
    .select(['id', 'request_id', 'video_id', 'distance', 'frame_index', 'created_at'])
    .where('bank_hash_id', '=', bankHashId)
    .where('action', '=', 'held')
    .orderBy('created_at')
    .execute();
}
