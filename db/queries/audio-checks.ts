/** Reads of a clip's audio check (migration 026), as checkClipAudio stored it. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { AudioFinding, StoredTranscript } from '../../policies/audio';

/** The stored check, numbers as numbers; null when the clip was never checked (before issue 15, or no clip yet). */
export interface StoredAudioCheck {
  hasAudio: boolean;
  /** LUFS; null below the -70 LUFS gate or without audio. */
  integratedLufs: number | null;
  /** LU. */
  loudnessRangeLu: number | null;
  /** dBTP. */
  truePeakDbtp: number | null;
  /** Seconds. */
  durationSeconds: number;
  silences: { start: number; end: number }[];
  clippedSamples: number;
  totalSamples: number;
  policyVersion: string;
  verdict: 'allow' | 'review';
  findings: AudioFinding[];
  transcript: StoredTranscript;
  checkedAt: Date;
}

/** The request's audio check, or null. */
export async function audioCheckOfRequest(db: Kysely<Database>, requestId: string): Promise<StoredAudioCheck | null> {
  const row = await db.selectFrom('clip_audio_checks').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  if (!row) return null;
  return {
    hasAudio: row.has_audio,
    integratedLufs: row.integrated_lufs,
    loudnessRangeLu: row.loudness_range_lu,
    truePeakDbtp: row.true_peak_dbtp,
    durationSeconds: row.duration_seconds,
    silences: row.silences,
    clippedSamples: Number(row.clipped_samples),
    totalSamples: Number(row.total_samples),
    policyVersion: row.policy_version,
    verdict: row.verdict,
    findings: row.findings,
    transcript: row.transcript,
    checkedAt: row.checked_at,
  };
}
