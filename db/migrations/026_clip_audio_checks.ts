/**
 * A clip's audio check (issue 15, audio): one row per request, written by the checkClipAudio
 * activity (activities/audio-check.ts; the clip pipeline owns it). What ffmpeg measured (EBU R128
 * integrated loudness, loudness range, true peak; silent stretches; samples at full scale), the
 * findings and verdict of the audio policy version that decided (policies/audio.ts), and the
 * transcript: every spoken segment with its times on the clip's timeline, its text and the prompt
 * policy's verdict and matches for it, or why there is none (`status: 'unavailable'`). Null
 * measurements: no audio track (`has_audio` false) or, for loudness, below EBU R128's -70 LUFS gate.
 * A retried activity replaces the row, so the row is what the routing used.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clip_audio_checks')
    .addColumn('request_id', 'uuid', (c) => c.primaryKey().references('generation_requests.id'))
    .addColumn('has_audio', 'boolean', (c) => c.notNull())
    .addColumn('integrated_lufs', 'double precision')
    .addColumn('loudness_range_lu', 'double precision')
    .addColumn('true_peak_dbtp', 'double precision')
    .addColumn('duration_seconds', 'double precision', (c) => c.notNull())
    .addColumn('silences', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('clipped_samples', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_samples', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict IN ('allow', 'review')`))
    .addColumn('findings', 'jsonb', (c) => c.notNull())
    .addColumn('transcript', 'jsonb', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
