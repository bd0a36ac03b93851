/**
 * Copyright disputes (issue 13, migration 023): what the copyrightDispute workflow's activities and
 * the app read. The tables of other parts (copyright_matches from 021, copyright_entities from 019,
 * copyright_claims from 020) are read with plain SQL joins so this module depends on their columns only.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { OPEN_COPYRIGHT_DISPUTE_STATES, type CopyrightDisputeState } from '../../policies/copyright/disputes';
import type { Database } from '../schema';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { storableIsoDateTime, storableUuid } from './storable';

type Db = Kysely<Database> | Transaction<Database>;

/** A copyright_matches row as a dispute sees it: what it did, to what, whose, and who claims it. */
export interface DisputableMatch {
  matchId: string;
  action: string;
  /** The request: the match's own, or the matched video's. */
  requestId: string | null;
  videoId: string | null;
  videoStatus: string | null;
  /** The creator of the request (or of the video). */
  creatorId: string | null;
  entityId: string | null;
  entityName: string | null;
  claimId: string | null;
  /** The claim's contact email; null for an entity with no claim (a seeded list). */
  claimantEmail: string | null;
}

/** The match with its request, creator, entity and claimant, or undefined when there is no such match. */
export async function disputableMatch(db: Db, matchId: string): Promise<DisputableMatch | undefined> {
  const { rows } = await sql<DisputableMatch>`
    SELECT m.id AS "matchId", m.action, COALESCE(m.request_id, v.request_id) AS "requestId", m.video_id AS "videoId", v.status AS "videoStatus",
           COALESCE(v.creator_id, gr.creator_id) AS "creatorId", m.entity_id AS "entityId", e.name AS "entityName",
           e.claim_id AS "claimId", c.contact_email AS "claimantEmail"
      FROM copyright_matches m
      LEFT JOIN videos v ON v.id = m.video_id
      LEFT JOIN generation_requests gr ON gr.id = COALESCE(m.request_id, v.request_id)
      LEFT JOIN copyright_entities e ON e.id = m.entity_id
      LEFT JOIN copyright_claims c ON c.id = e.claim_id
     WHERE m.id = ${matchId}`.execute(db);
  return rows[0];
}

/** The open dispute of a match (one at most, a partial unique index), or undefined. */
export async function openDisputeOfMatch(db: Db, matchId: string) {
  return db
    .selectFrom('copyright_disputes')
    .select(['id', 'state', 'creator_id'])
    .where('match_id', '=', matchId)
    .where('state', 'in', [...OPEN_COPYRIGHT_DISPUTE_STATES])
    .executeTakeFirst();
}

/** One dispute with its entity's name, or undefined. */
export async function disputeById(db: Db, disputeId: string) {
  return db
    .selectFrom('copyright_disputes')
    .selectAll('copyright_disputes')
    .select(sql<string | null>`(SELECT name FROM copyright_entities WHERE id = copyright_disputes.entity_id)`.as('entity_name'))
    .where('id', '=', disputeId)
    .executeTakeFirst();
}

/** The dispute whose claimant link carries the token with this SHA-256, or undefined. */
export async function disputeByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('copyright_disputes')
    .selectAll('copyright_disputes')
    .select(sql<string | null>`(SELECT name FROM copyright_entities WHERE id = copyright_disputes.entity_id)`.as('entity_name'))
    .where('answer_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The id of the dispute with legal on a request (the owner of its copyright_dispute review item), or null. */
export async function disputeWithLegalOnRequest(db: Db, requestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('copyright_disputes')
    .select('id')
    .where('request_id', '=', requestId)
    .where('state', '=', 'with_legal')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Where the next page of the console's dispute list starts: after the dispute created at `createdAt` with `id`. */
export interface DisputeListCursor {
  createdAt: string;
  id: string;
}

const disputeCursorShape = z.object({ createdAt: storableIsoDateTime, id: storableUuid });

/** A list page's `nextCursor` read back, or null when it is not one. */
export function decodeDisputeListCursor(raw: string): DisputeListCursor | null {
  return decodeCursor(raw, disputeCursorShape);
}

/**
 * One page of disputes, newest first, optionally of one state, keyset-paginated on (created_at, id);
 * `nextCursor` is null on the last page.
 */
export async function listCopyrightDisputes(db: Db, options: { limit: number; cursor: DisputeListCursor | null; state?: CopyrightDisputeState | null }) {
  let query = db
    .selectFrom('copyright_disputes')
    .select([
      'id', 'state', 'outcome', 'match_action', 'video_id', 'request_id', 'creator_id', 'claimant_email', 'claimant_deadline', 'appeal_deadline',
      'appeal_answer_deadline', 'created_at', 'closed_at',
    ])
    .select(sql<string | null>`(SELECT name FROM copyright_entities WHERE id = copyright_disputes.entity_id)`.as('entity_name'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.cursor) {
    const { createdAt, id } = options.cursor;
    // A row comparison, so PostgreSQL seeks the (created_at DESC, id DESC) index instead of filtering every newer row.
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(createdAt), id)));
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id } satisfies DisputeListCursor) : null;
  return { rows: page, nextCursor };
}

/** A creator's disputes, newest first (the demo app's list). */
export async function disputesOfCreator(db: Db, creatorId: string, limit: number) {
  return db
    .selectFrom('copyright_disputes')
    .select(['id', 'match_id', 'state', 'outcome', 'outcome_reason', 'match_action', 'video_id', 'request_id', 'claimant_deadline', 'appeal_deadline', 'appeal_answer_deadline', 'created_at', 'closed_at', 'reinstated'])
    .select(sql<string | null>`(SELECT name FROM copyright_entities WHERE id = copyright_disputes.entity_id)`.as('entity_name'))
    .where('creator_id', '=', creatorId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The copyright blocks and takedowns of a creator's requests and videos, newest first (what they may
 * dispute): one entry per taken-down video or blocked request, however many frame or region hashes
 * matched it (each is its own copyright_matches row); the entry names the newest such match, and a
 * dispute of it covers the video or request. `openDisputeId` is the open dispute of that video or
 * request, if any (one open dispute per video or request).
 */
export async function disputableMatchesOfCreator(db: Db, creatorId: string, limit: number) {
  const { rows } = await sql<{ matchId: string; action: string; requestId: string | null; videoId: string | null; entityName: string | null; createdAt: Date; openDisputeId: string | null }>`
    SELECT one."matchId", one.action, one."requestId", one."videoId", one."entityName", one."createdAt",
           (SELECT d.id FROM copyright_disputes d WHERE d.request_id = one."requestId" AND d.state NOT IN ('released','upheld') ORDER BY d.created_at DESC LIMIT 1) AS "openDisputeId"
      FROM (
        SELECT DISTINCT ON (COALESCE(m.video_id, COALESCE(m.request_id, v.request_id)))
               m.id AS "matchId", m.action, COALESCE(m.request_id, v.request_id) AS "requestId", m.video_id AS "videoId", e.name AS "entityName", m.created_at AS "createdAt"
          FROM copyright_matches m
          LEFT JOIN videos v ON v.id = m.video_id
          LEFT JOIN generation_requests gr ON gr.id = COALESCE(m.request_id, v.request_id)
          LEFT JOIN copyright_entities e ON e.id = m.entity_id
         WHERE m.action IN ('blocked','taken_down') AND COALESCE(v.creator_id, gr.creator_id) = ${creatorId}
         ORDER BY COALESCE(m.video_id, COALESCE(m.request_id, v.request_id)), m.created_at DESC, m.id DESC
      ) one
     ORDER BY one."createdAt" DESC, one."matchId" DESC
     LIMIT ${limit}`.execute(db);
  return rows;
}

/**
 * What disputes released, for a rescan: for each of `videoIds`, the entities (and, for a bank with
 * no entity, the banks as `bank:<id>`) whose claim on that video was released by a dispute. A rescan
 * does not act on a video again for a claim released on it (docs/copyright.md, "Disputes"): the
 * claimant had their deadline and let it pass, or a person decided. Keys are `${videoId}|${entityId}`
 * or `${videoId}|bank:${bankId}`.
 */
export async function releasedDisputeKeys(db: Db, videoIds: readonly string[]): Promise<Set<string>> {
  if (videoIds.length === 0) return new Set();
  const rows = await sql<{ video_id: string; entity_id: string | null; bank_id: string }>`
    SELECT d.video_id, m.entity_id, m.bank_id
    FROM copyright_disputes d JOIN copyright_matches m ON m.id = d.match_id
    WHERE d.state = 'released' AND d.video_id IN (${sql.join(videoIds.map((id) => sql`${id}::uuid`))})`.execute(db);
  return new Set(rows.rows.map((row) => releasedDisputeKey(row.video_id, row.entity_id, row.bank_id)));
}

/** The key `releasedDisputeKeys` answers for a video and a match's entity (or, without one, its bank). */
export function releasedDisputeKey(videoId: string, entityId: string | null, bankId: string): string {
  return entityId !== null ? `${videoId}|${entityId}` : `${videoId}|bank:${bankId}`;
}
