/**
 * Likeness complaints (migration 015). Rows are written only by the likenessComplaint workflow's
 * activities (single writer); the app reads them here to check a filing, answer the status page,
 * show the review screen and serve evidence files to staff.
 *
 * Invariant: at most one open complaint (received or in review) per anchor request, the request of
 * the first complained-about video, because the complaint's review item is the one
 * (request, 'likeness_complaint') row of review_items. The partial unique index
 * likeness_complaints_open_anchor_uq holds it; `openComplaintOnVideos` lets the app refuse first.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { LikenessComplaintFiling, LikenessEvidenceFile, LikenessMatchReport } from '../../policies/likeness-complaints';
import type { Database, StaffRole } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Where an evidence file lives in the media store: content-addressed like every other medium. */
export function likenessEvidenceKey(sha256: string, extension: string): string {
  return `evidence/${sha256}.${extension}`;
}

/** The videos with these ids (id, request, creator, status, file): the ones that exist. */
export async function videosByIds(db: Db, videoIds: readonly string[]) {
  if (videoIds.length === 0) return [];
  return db
    .selectFrom('videos')
    .select(['id', 'request_id', 'creator_id', 'status', 'storage_key', 'created_at'])
    .where('id', 'in', [...videoIds])
    .execute();
}

/**
 * Drafts and published videos made at or after `since` that have no stored fingerprint yet, newest
 * first, at most `limit`: copies of a complained video that the provenance audit (published videos
 * only, every few hours) has not fingerprinted.
 */
export async function unfingerprintedVideosSince(db: Db, since: Date, limit: number) {
  return db
    .selectFrom('videos')
    .select(['id', 'storage_key'])
    .where('status', 'in', ['draft', 'published'])
    .where('created_at', '>=', since)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('video_fingerprints').select('video_fingerprints.id').whereRef('video_fingerprints.video_id', '=', 'videos.id'))))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The open complaint (received or in review) whose anchor is the request of one of these videos, or
 * undefined. Used by the app to refuse a second complaint on the same review item with a sentence.
 */
export async function openComplaintOnVideos(db: Db, videoIds: readonly string[]) {
  if (videoIds.length === 0) return undefined;
  return db
    .selectFrom('likeness_complaints')
    .innerJoin('videos', 'videos.request_id', 'likeness_complaints.anchor_request_id')
    .select(['likeness_complaints.id', 'videos.id as video_id'])
    .where('videos.id', 'in', [...videoIds])
    .where('likeness_complaints.state', 'in', ['received', 'in_review'])
    .executeTakeFirst();
}

/** A complaint as the workflow records it: the filing, its id and the request that anchors its review item. */
export interface NewLikenessComplaint extends LikenessComplaintFiling {
  id: string;
  anchorRequestId: string;
}

/**
 * Inserts the complaint; a retry with the same id inserts nothing and returns false. A second open
 * complaint on the same anchor request fails with PostgreSQL's unique violation (23505).
 */
export async function insertLikenessComplaint(db: Db, complaint: NewLikenessComplaint): Promise<boolean> {
  const result = await db
    .insertInto('likeness_complaints')
    .values({
      id: complaint.id,
      relationship: complaint.relationship,
      complainant_name: complaint.complainantName,
      complainant_email: complaint.complainantEmail,
      creator_id: complaint.creatorId,
      person_name: complaint.personName,
      person_aliases: JSON.stringify(complaint.personAliases),
      person_living: complaint.personLiving,
      video_ids: JSON.stringify(complaint.videoIds),
      anchor_request_id: complaint.anchorRequestId,
      evidence_text: complaint.evidenceText,
      evidence_files: JSON.stringify(complaint.evidenceFiles),
      status_token_hash: complaint.statusTokenHash,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** One complaint's row, locked for the rest of the transaction when `lock` is set, or undefined. */
export async function getLikenessComplaint(db: Db, id: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('likeness_complaints').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Saves what fingerprint matching found and marks the complaint in review (unless it was decided meanwhile). */
export async function markLikenessComplaintInReview(db: Db, id: string, report: LikenessMatchReport): Promise<void> {
  await db
    .updateTable('likeness_complaints')
    .set({ match_report: JSON.stringify(report), state: 'in_review' })
    .where('id', '=', id)
    .where('state', 'in', ['received', 'in_review'])
    .execute();
}

/** Records the decision on an open complaint; a complaint decided already is left as it is (returns false). */
export async function recordLikenessComplaintDecision(
  db: Db,
  id: string,
  decision: {
    state: 'upheld' | 'rejected'; reason: string; decidedBy: string; registryEntryId: string | null; takenDown: string[];
    /** Issue 12 (migration 018): what the face search compared and took down; absent when it did not run. */
    faces?: { references: number; takenDown: string[] };
  },
): Promise<boolean> {
  const result = await db
    .updateTable('likeness_complaints')
    .set({
      state: decision.state,
      decision_reason: decision.reason,
      decided_by: decision.decidedBy,
      decided_at: new Date(),
      registry_entry_id: decision.registryEntryId,
      taken_down: JSON.stringify(decision.takenDown),
      ...(decision.faces ? { face_taken_down: JSON.stringify(decision.faces.takenDown), face_references: decision.faces.references } : {}),
    })
    .where('id', '=', id)
    .where('state', 'in', ['received', 'in_review'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The registry entry whose name or one of whose aliases is `name` (case-insensitive), or undefined. */
export async function registryEntryNamed(db: Db, names: readonly string[]) {
  const lowered = names.map((name) => name.trim().toLocaleLowerCase()).filter((name) => name !== '');
  if (lowered.length === 0) return undefined;
  return db
    .selectFrom('public_figures')
    .select(['id', 'name', 'aliases', 'living', 'opted_in', 'estate_opted_out', 'cameo_id'])
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(name)`, 'in', lowered),
        eb.exists(
          eb.selectFrom(sql<{ alias: string }>`jsonb_array_elements_text(public_figures.aliases)`.as('a'))
            .select(sql`1`.as('one'))
            .where(sql<string>`lower(a)`, 'in', lowered),
        ),
      ]),
    )
    .orderBy('name')
    .executeTakeFirst();
}

/** The status page's view of the complaint whose token hashes to `tokenHash`, or undefined. */
export async function complaintStatusByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('likeness_complaints')
    .select(['id', 'state', 'person_name', 'relationship', 'video_ids', 'decision_reason', 'taken_down', 'face_taken_down', 'created_at', 'decided_at'])
    .where('status_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * The complaint a likeness review item is about: the open one on its request, else the latest
 * decided one (an item reopened for a later complaint keeps its id). Undefined when there is none.
 */
export async function complaintForReviewItem(db: Db, requestId: string) {
  return db
    .selectFrom('likeness_complaints')
    .leftJoin('public_figures', 'public_figures.id', 'likeness_complaints.registry_entry_id')
    .selectAll('likeness_complaints')
    .select(['public_figures.name as registry_entry_name'])
    .where('likeness_complaints.anchor_request_id', '=', requestId)
    .orderBy(sql`likeness_complaints.state IN ('received','in_review')`, 'desc')
    .orderBy('likeness_complaints.created_at', 'desc')
    .executeTakeFirst();
}

/** The open complaint on a request (the one its likeness review item waits for), or undefined. */
export async function openComplaintIdOnRequest(db: Db, requestId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('likeness_complaints')
    .select('id')
    .where('anchor_request_id', '=', requestId)
    .where('state', 'in', ['received', 'in_review'])
    .executeTakeFirst();
  return row?.id;
}

/** The evidence file with this SHA-256 as some complaint stored it (for the staff-only file route), or undefined. */
export async function evidenceFileBySha256(db: Db, sha256: string): Promise<LikenessEvidenceFile | undefined> {
  const row = await db
    .selectFrom('likeness_complaints')
    .select('evidence_files')
    .where(sql<boolean>`evidence_files @> ${JSON.stringify([{ sha256 }])}::jsonb`)
    .limit(1)
    .executeTakeFirst();
  return row?.evidence_files.find((file) => file.sha256 === sha256);
}

/** Frame hashes stored for one video (video_fingerprints), in the shape the catalogue's matchVideo reads. */
export async function storedFrameHashes(db: Db, videoId: string) {
  const rows = await db
    .selectFrom('video_fingerprints')
    .select(['frame_index', 'region', 'hash', 'quality'])
    .where('video_id', '=', videoId)
    .execute();
  return rows.map((row) => ({ frameIndex: row.frame_index, region: row.region, hash: new Uint8Array(row.hash), quality: row.quality }));
}

/** The roles that work a review queue (empty when there is no such queue). */
export async function rolesOfQueue(db: Db, queueId: string): Promise<StaffRole[]> {
  const queue = await db.selectFrom('review_queues').select('allowed_roles').where('id', '=', queueId).executeTakeFirst();
  return queue?.allowed_roles ?? [];
}

/**
 * What the review screen shows of the complaint behind a likeness item (never the status token's
 * hash): the complaint, the registry entry it matches now (or null: upholding adds one), and the
 * current status of every complained video and fingerprint match. Undefined when there is none.
 */
export async function likenessComplaintForScreen(db: Db, requestId: string) {
  const complaint = await complaintForReviewItem(db, requestId);
  if (!complaint) return undefined;
  const { status_token_hash: _hidden, ...shown } = complaint;
  void _hidden;
  const registryEntry = (await registryEntryNamed(db, [complaint.person_name, ...complaint.person_aliases])) ?? null;
  const matched = complaint.match_report?.matches.map((match) => match.videoId) ?? [];
  const statuses = await videosByIds(db, [...complaint.video_ids, ...matched, ...complaint.face_taken_down]);
  return { ...shown, registryEntry, videoStatus: Object.fromEntries(statuses.map((video) => [video.id, video.status])) };
}
