/** Reads for the provenance audit console: signals per published video, a video's lineage, audit runs. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { remixLineage } from './remix-lineage';

import type { ProvenanceSignal } from './provenance-signals';

export { PROVENANCE_SIGNALS, type ProvenanceSignal } from './provenance-signals';

/**
 * A signal row failing at least one check: the predicate of the partial index
 * `provenance_signals_failing_idx` (migration 029), word for word, on the alias `s`. Every failing
 * filter but "unverified" implies it; adding it lets PostgreSQL start from the few failing rows
 * instead of reading the catalogue newest first.
 */
const FAILING_ANY_CHECK = sql<boolean>`(s.manifest_present IS NOT TRUE OR s.file_present IS NOT TRUE OR s.signature_valid IS NOT TRUE OR s.signer_trusted IS NOT TRUE
      OR s.watermark_burned_in IS NOT TRUE OR s.watermark_declared IS NOT TRUE OR s.fingerprint_registered IS NOT TRUE)`;

/**
 * Published videos with their signals, newest first. `failing` keeps only videos failing every
 * listed signal's check (one filter: failing that signal; several: failing all of them). A video
 * never verified has no signals: "unverified" lists it, and the other filters alone do not (its
 * checks have not failed, they have not run), which also lets them start from the partial index.
 */
export async function listProvenanceSignals(db: Kysely<Database>, options: { failing: ProvenanceSignal[]; limit: number }) {
  let query = db
    .selectFrom('videos')
    .innerJoin('creators', 'creators.id', 'videos.creator_id')
    .leftJoin('provenance_signals as s', 's.video_id', 'videos.id')
    .select([
      'videos.id', 'videos.published_at', 'videos.remix_of_video_id', 'creators.handle',
      's.manifest_present', 's.signature_valid', 's.signer_trusted', 's.validation_state', 's.signer_common_name',
      's.watermark_burned_in', 's.watermark_declared', 's.fingerprint_registered', 's.fingerprint_frames', 's.file_present',
      's.last_verified_at', 's.last_error',
    ])
    .where('videos.status', '=', 'published');
  for (const signal of options.failing) {
    if (signal === 'manifest') query = query.where((eb) => eb.or([eb('s.manifest_present', '=', false), eb('s.file_present', '=', false)]));
    if (signal === 'signature') query = query.where((eb) => eb.or([eb('s.signature_valid', 'is not', true), eb('s.manifest_present', '=', false)]));
    if (signal === 'trust') query = query.where('s.signer_trusted', 'is not', true);
    if (signal === 'watermark') query = query.where((eb) => eb.or([eb('s.watermark_burned_in', 'is not', true), eb('s.watermark_declared', 'is not', true)]));
    if (signal === 'fingerprint') query = query.where('s.fingerprint_registered', 'is not', true);
    if (signal === 'unverified') query = query.where('s.video_id', 'is', null);
  }
  if (options.failing.length > 0 && !options.failing.includes('unverified')) query = query.where('s.video_id', 'is not', null).where(FAILING_ANY_CHECK);
  return query.orderBy('videos.published_at', 'desc').orderBy('videos.id', 'desc').limit(options.limit).execute();
}

export async function getProvenanceDetail(db: Kysely<Database>, videoId: string) {
  const video = await db
    .selectFrom('videos')
    .innerJoin('creators', 'creators.id', 'videos.creator_id')
    .leftJoin('provenance_signals as s', 's.video_id', 'videos.id')
    .select([
      'videos.id', 'videos.request_id', 'videos.status', 'videos.published_at', 'videos.created_at', 'videos.sha256', 'videos.byte_size',
      'videos.remix_of_video_id', 'videos.manifest', 'videos.generator', 'creators.handle', 'videos.remix_allowed', 'videos.remix_setting_changed_at',
      's.manifest_present', 's.signature_valid', 's.signer_trusted', 's.validation_state', 's.validation_codes', 's.signer_common_name',
      's.watermark_burned_in', 's.watermark_label', 's.watermark_declared', 's.fingerprint_registered', 's.fingerprint_frames',
      's.file_present', 's.last_verified_at', 's.last_error',
    ])
    .where('videos.id', '=', videoId)
    .executeTakeFirst();
  if (!video) return undefined;

  // Issue 15: the remix lineage to the original, the review screen's walk (capped, cycle-guarded).
  const lineage = await remixLineage(db, video.remix_of_video_id, video.id);
  const remixes = await db.selectFrom('videos').select(['id']).where('remix_of_video_id', '=', videoId).limit(50).execute();
  const alert = await db
    .selectFrom('review_items')
    .select(['id', 'state', 'flag_reasons', 'created_at', 'decision_reason'])
    .where('request_id', '=', video.request_id)
    .where('kind', '=', 'provenance')
    .executeTakeFirst();
  return { video, lineage, remixes: remixes.map((row) => row.id), alert: alert ?? null };
}

export async function latestAuditRuns(db: Kysely<Database>, limit = 5) {
  return db.selectFrom('provenance_audit_runs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

/** Whether a video with this id exists (any status). */
export async function videoExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('videos').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
