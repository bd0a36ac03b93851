/**
 * Issue 15, audio: the clip pipeline's audio check (activities/audio-check.ts, media task queue).
 * Types only; what the findings mean is policies/audio.ts.
 */
import type { AudioFindingKind } from '../policies/audio';

/** checkClipAudio's answer: `review` when a finding holds the clip (too loud, clipped, unsafe speech). */
export interface AudioCheckOutcome {
  verdict: 'allow' | 'review';
  /** One sentence per finding that holds the clip; they join the clip review's reasons. */
  reasons: string[];
  /** Every finding's kind, held or only shown (e.g. `silent`, `speech_not_transcribed`). */
  findings: AudioFindingKind[];
}

/**
 * The rendered clip as the audio check needs it: its key in the media store (a GeneratedMedia passes
 * as is; named here rather than imported, so this module and ./activities do not import each other).
 */
export interface ClipInMediaStore {
  storageKey: string;
}

/** The audio check on the media task queue. */
export interface AudioCheckActivities {
  /**
   * Measures the clip's audio (EBU R128 loudness, silences, clipping), transcribes and screens its
   * speech with the live prompt policy, decides with the audio policy, and stores it all in
   * clip_audio_checks (replacing an earlier attempt's row).
   */
  checkClipAudio(input: { requestId: string; clip: ClipInMediaStore }): Promise<AudioCheckOutcome>;
}
