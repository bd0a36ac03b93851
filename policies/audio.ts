/**
 * What a clip's audio must be before it is published without a person listening (issue 15, audio):
 * the loudness, silence and clipping thresholds, and what a transcript screened with the prompt
 * policy does to the clip. Pure: the measurements come from activities/media/audio-levels.ts (ffmpeg's
 * `ebur128`, `silencedetect` and `astats` filters), the transcript's screening from
 * activities/audio-check.ts, which screens every spoken segment with the live prompt policy (rules and
 * the semantic layer), exactly as prompts are screened.
 *
 * Every finding is shown on the review screen; only some hold the clip for review (`holds`). Audio
 * can only tighten a clip's routing, never relax it.
 */
import type { Verdict } from './prompt/types';

/**
 * The audio policy, versioned like the prompt rule sets: a change to a number is a new version, and
 * each stored check names the version it was decided with.
 */
export const AUDIO_POLICY = {
  version: 'audio-2026-11-30',
  /**
   * Integrated loudness (EBU R128 / ITU-R BS.1770, LUFS) above which a clip is held as too loud.
   * Broadcast targets -23 LUFS (EBU R128) and streaming services normalise to about -14 LUFS; -6 LUFS
   * is 8 LU above that, where only deliberately overdriven sound ("ear rape" clips, a known abuse on
   * short-video feeds) gets, so a person listens first.
   */
  tooLoudLufs: -6,
  /**
   * Integrated loudness below which the track is called silent. EBU R128's absolute gate is -70
   * LUFS (quieter blocks are not counted at all); -60 LUFS is inaudible on a phone speaker. Silence
   * is shown to the reviewer, not held: a silent clip harms no one.
   */
  silentLufs: -60,
  /** silencedetect's noise floor (dBFS) and shortest silence (seconds) counted as a silent stretch. */
  silenceNoiseDb: -60,
  silenceMinSeconds: 0.5,
  /** Share of the clip's duration in silent stretches from which the clip is called mostly silent (shown, not held). */
  mostlySilentShare: 0.9,
  /**
   * Clipping: share of samples at digital full scale (astats' peak count when the peak level is 0
   * dBFS) at or above which the sound is called clipped. 0.1 % is about 48 samples a second at 48 kHz:
   * well above the odd full-scale sample of a mastered track, well below a hard-clipped one (a square
   * wave's share is tens of percent). Clipped sound is distortion, often with deliberate overdrive,
   * so a person listens.
   */
  clippedShare: 0.001,
  /** A peak at or above this level (dBFS) counts as full scale (16-bit: 1 LSB below 0 dBFS is -0.0003 dB). */
  fullScaleDb: -0.01,
} as const;

/** The audio policy's shape (tests pass their own numbers). */
export type AudioPolicy = { readonly [K in keyof typeof AUDIO_POLICY]: (typeof AUDIO_POLICY)[K] extends string ? string : number };

/** What ffmpeg measured on the clip's first audio track. */
export interface AudioLevels {
  /** Integrated loudness, LUFS; null when the track is below EBU R128's absolute gate (-70 LUFS) throughout. */
  integratedLufs: number | null;
  /** Loudness range, LU. */
  loudnessRangeLu: number;
  /** True peak (4x oversampled), dBTP; null for digital silence. */
  truePeakDbtp: number | null;
  /** Silent stretches (silencedetect), seconds from the start; the last may run to the end. */
  silences: { start: number; end: number }[];
  /** Audio duration, seconds. */
  durationSeconds: number;
  /** Samples (all channels) at full scale, and all samples. */
  clippedSamples: number;
  totalSamples: number;
}

/** The kinds of finding, a word list written once. */
export const AUDIO_FINDING_KINDS = ['no_audio', 'too_loud', 'clipped', 'silent', 'mostly_silent', 'unsafe_speech', 'speech_not_transcribed'] as const;
export type AudioFindingKind = (typeof AUDIO_FINDING_KINDS)[number];

/** One thing the reviewer is told about the audio; `holds` when it sends the clip to review. */
export interface AudioFinding {
  kind: AudioFindingKind;
  holds: boolean;
  /** One sentence for the reviewer (and the clip review's reasons when it holds). */
  reason: string;
}

/** A spoken segment as screened: where it is on the clip's timeline, what was said, and the prompt policy's verdict. */
export interface ScreenedSegment {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
  text: string;
  verdict: Verdict;
  /** Categories of the matches that count, and the semantic layer's category when it tightened the verdict. */
  categories: string[];
}

/** The transcript as the decision sees it: screened segments, or why there are none. */
export type TranscriptForDecision =
  | { status: 'ok'; segments: readonly ScreenedSegment[] }
  | { status: 'unavailable'; error: string };

/** The audio's outcome: `review` when any finding holds. */
export interface AudioDecision {
  verdict: 'allow' | 'review';
  findings: AudioFinding[];
  policyVersion: string;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const QUOTED = 80;

/** Decides a clip's audio; `levels` null means the clip has no audio track at all. */
export function decideAudio(levels: AudioLevels | null, transcript: TranscriptForDecision, policy: AudioPolicy = AUDIO_POLICY): AudioDecision {
  const findings: AudioFinding[] = [];
  if (levels === null) {
    findings.push({ kind: 'no_audio', holds: false, reason: 'The clip has no audio track, so there is nothing to measure or transcribe.' });
    return { verdict: 'allow', findings, policyVersion: policy.version };
  }
  const { integratedLufs } = levels;
  if (integratedLufs !== null && integratedLufs > policy.tooLoudLufs) {
    findings.push({ kind: 'too_loud', holds: true, reason: `The audio is too loud: ${fixed(integratedLufs)} LUFS integrated, above the ${policy.tooLoudLufs} LUFS limit.` });
  }
  const clippedShare = levels.totalSamples > 0 ? levels.clippedSamples / levels.totalSamples : 0;
  if (clippedShare >= policy.clippedShare) {
    findings.push({ kind: 'clipped', holds: true, reason: `The audio is clipped: ${fixed(clippedShare * 100, 2)} % of samples at full scale (limit ${fixed(policy.clippedShare * 100, 2)} %).` });
  }
  const silentSeconds = levels.silences.reduce((sum, s) => sum + Math.max(0, s.end - s.start), 0);
  if (integratedLufs === null || integratedLufs < policy.silentLufs) {
    findings.push({ kind: 'silent', holds: false, reason: `The audio is silent: ${integratedLufs === null ? 'below -70 LUFS' : `${fixed(integratedLufs)} LUFS`} integrated (silent below ${policy.silentLufs} LUFS).` });
  } else if (levels.durationSeconds > 0 && silentSeconds / levels.durationSeconds >= policy.mostlySilentShare) {
    findings.push({ kind: 'mostly_silent', holds: false, reason: `The audio is mostly silent: ${fixed(silentSeconds)} s of ${fixed(levels.durationSeconds)} s below ${policy.silenceNoiseDb} dBFS.` });
  }

  if (transcript.status === 'unavailable') {
    findings.push({ kind: 'speech_not_transcribed', holds: false, reason: `Speech not transcribed: ${transcript.error}.` });
  } else {
    for (const segment of transcript.segments) {
      if (segment.verdict === 'allow') continue;
      const quoted = segment.text.length > QUOTED ? `${segment.text.slice(0, QUOTED)}…` : segment.text;
      const on = segment.categories.length > 0 ? ` on ${segment.categories.map((c) => c.replaceAll('_', ' ')).join(', ')}` : '';
      findings.push({
        kind: 'unsafe_speech',
        holds: true,
        reason: `Speech at ${fixed(segment.start)}–${fixed(segment.end)} s (“${quoted}”) breaks the prompt policy${on} (${segment.verdict}).`,
      });
    }
  }
  return { verdict: findings.some((f) => f.holds) ? 'review' : 'allow', findings, policyVersion: policy.version };
}

/** A rule match inside a spoken segment: offsets into the segment's text (UTF-16, end exclusive). */
export interface SegmentMatch {
  start: number;
  end: number;
  ruleId: string;
  category: string;
  action: Verdict;
}

/** A spoken segment as stored and shown: the screened segment, the rule matches, and the semantic layer's word when it had one. */
export interface StoredSegment extends ScreenedSegment {
  matches: SegmentMatch[];
  /** The semantic layer's closest category and margin, when it ran and found one. */
  semantic: { category: string; score: number; verdict: Verdict } | null;
}

/** The transcript as stored beside the audio check (migration 026), with the speech model's name. */
export type StoredTranscript =
  | { status: 'ok'; model: string; language: string | null; policyVersion: string; segments: StoredSegment[] }
  | { status: 'unavailable'; model: string; error: string };
