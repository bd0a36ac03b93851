/** The audio policy's decision (policies/audio.ts), table by table: levels, silence, clipping and screened speech. */
import { describe, expect, it } from 'vitest';
import { AUDIO_POLICY, decideAudio, type AudioLevels, type ScreenedSegment } from '../../policies/audio';

const normal: AudioLevels = {
  integratedLufs: -16, loudnessRangeLu: 5, truePeakDbtp: -3, silences: [], durationSeconds: 6, clippedSamples: 0, totalSamples: 576_000,
};
const noSpeech = { status: 'ok', segments: [] } as const;
const segment = (over: Partial<ScreenedSegment>): ScreenedSegment => ({ start: 2.7, end: 5.7, text: 'I will kill you', verdict: 'allow', categories: [], ...over });

describe('decideAudio', () => {
  it('allows normal sound without speech, with no findings', () => {
    expect(decideAudio(normal, noSpeech)).toEqual({ verdict: 'allow', findings: [], policyVersion: AUDIO_POLICY.version });
  });

  const cases: [string, Partial<AudioLevels>, string[], 'allow' | 'review'][] = [
    ['too loud', { integratedLufs: -5 }, ['too_loud'], 'review'],
    ['at the loudness limit', { integratedLufs: AUDIO_POLICY.tooLoudLufs }, [], 'allow'],
    ['clipped at the limit', { clippedSamples: 576 }, ['clipped'], 'review'],
    ['a few full-scale samples', { clippedSamples: 575 }, [], 'allow'],
    ['below the gate', { integratedLufs: null, truePeakDbtp: null }, ['silent'], 'allow'],
    ['very quiet', { integratedLufs: -61 }, ['silent'], 'allow'],
    ['mostly silent', { silences: [{ start: 0, end: 5.5 }] }, ['mostly_silent'], 'allow'],
    ['partly silent', { silences: [{ start: 0, end: 5 }] }, [], 'allow'],
  ];
  it.each(cases)('%s', (_name, change, kinds, verdict) => {
    const decision = decideAudio({ ...normal, ...change }, noSpeech);
    expect(decision.findings.map((f) => f.kind)).toEqual(kinds);
    expect(decision.verdict).toBe(verdict);
  });

  it('holds speech the prompt policy would not allow, naming its times, words and categories', () => {
    const decision = decideAudio(normal, { status: 'ok', segments: [segment({ start: 0, end: 2.5, text: 'Good morning' }), segment({ verdict: 'block', categories: ['violence_graphic'] })] });
    expect(decision).toEqual({
      verdict: 'review',
      policyVersion: AUDIO_POLICY.version,
      findings: [{ kind: 'unsafe_speech', holds: true, reason: 'Speech at 2.7–5.7 s (“I will kill you”) breaks the prompt policy on violence graphic (block).' }],
    });
  });

  it('holds speech the prompt policy sends to review', () => {
    expect(decideAudio(normal, { status: 'ok', segments: [segment({ verdict: 'review' })] }).verdict).toBe('review');
  });

  it('names the gap when speech was not transcribed, without holding the clip', () => {
    expect(decideAudio(normal, { status: 'unavailable', error: 'the speech model is not installed' })).toEqual({
      verdict: 'allow',
      policyVersion: AUDIO_POLICY.version,
      findings: [{ kind: 'speech_not_transcribed', holds: false, reason: 'Speech not transcribed: the speech model is not installed.' }],
    });
  });

  it('says a clip without an audio track has nothing to check', () => {
    expect(decideAudio(null, noSpeech).findings.map((f) => f.kind)).toEqual(['no_audio']);
  });
});
