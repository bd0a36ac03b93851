/**
 * Audio measured with ffmpeg's meters (activities/media/audio-levels.ts) and decided with the audio
 * policy (policies/audio.ts), on generated tones in AAC clips as the pipeline stores them: a silent
 * clip, a hard-clipped one, an overdriven one and a normal one; and the procedural stand-in's own
 * sound.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAudioLevels } from '../../activities/media/audio-levels';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { AUDIO_POLICY, decideAudio, type AudioLevels } from '../../policies/audio';

let dir: string;
const clips: Record<'silent' | 'clipped' | 'normal' | 'loud' | 'quietStart', string> = { silent: '', clipped: '', normal: '', loud: '', quietStart: '' };
const NO_SPEECH = { status: 'ok', segments: [] } as const;

/** A 3-second AAC clip (a small video plus `audioFilter`'s sound), as the pipeline stores clips. */
async function clipWithSound(name: string, audioSource: string): Promise<string> {
  const file = join(dir, `${name}.mp4`);
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'color=c=gray:s=128x128:r=24:d=3', '-f', 'lavfi', '-i', audioSource,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-t', '3', '-y', file,
  ]);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-audio-levels-'));
  clips.silent = await clipWithSound('silent', 'anullsrc=r=48000:cl=stereo');
  // A 440 Hz sine at 0.25 of full scale: about -15 LUFS, as a normal loud-ish soundtrack.
  clips.normal = await clipWithSound('normal', "aevalsrc='0.25*sin(2*PI*440*t)|0.25*sin(2*PI*440*t)':s=48000:d=3");
  // The same sine driven to 8x full scale and cut off at full scale: a square-ish wave, hard clipped.
  clips.clipped = await clipWithSound('clipped', "aevalsrc='max(-1,min(1,8*sin(2*PI*220*t)))|max(-1,min(1,8*sin(2*PI*220*t)))':s=48000:d=3");
  // Loud but not clipped: broadband noise just under full scale, well above -6 LUFS.
  clips.loud = await clipWithSound('loud', "aevalsrc='0.9*sin(2*PI*3000*t)|0.9*sin(2*PI*3000*t)':s=48000:d=3");
  // Two seconds of silence, then one of tone: a silent stretch at the start only.
  clips.quietStart = await clipWithSound('quiet-start', "aevalsrc='if(lt(t,2),0,0.25*sin(2*PI*440*t))':s=48000:d=3");
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const measure = (file: string): Promise<AudioLevels> => measureAudioLevels(file, 3, AUDIO_POLICY);

describe('measureAudioLevels + decideAudio', () => {
  it('a normal tone: loudness measured, no clipping, no silence, allowed', async () => {
    const levels = await measure(clips.normal);
    expect(levels.integratedLufs).toBeGreaterThan(-20);
    expect(levels.integratedLufs).toBeLessThan(-10);
    expect(levels.truePeakDbtp).toBeLessThan(-10);
    expect(levels.clippedSamples).toBe(0);
    expect(levels.silences).toEqual([]);
    expect(levels.totalSamples).toBeGreaterThan(2 * 48_000 * 2.9);
    expect(decideAudio(levels, NO_SPEECH)).toEqual({ verdict: 'allow', findings: [], policyVersion: AUDIO_POLICY.version });
  });

  it('a silent track: no integrated loudness, one silence over the whole clip; shown, not held', async () => {
    const levels = await measure(clips.silent);
    expect(levels.integratedLufs).toBeNull();
    expect(levels.truePeakDbtp).toBeNull();
    expect(levels.silences).toHaveLength(1);
    expect(levels.silences[0]!.start).toBe(0);
    expect(levels.silences[0]!.end).toBeGreaterThan(2.9);
    const decision = decideAudio(levels, NO_SPEECH);
    expect(decision.verdict).toBe('allow');
    expect(decision.findings.map((f) => f.kind)).toEqual(['silent']);
  });

  it('a hard-clipped tone: samples at full scale counted, held for review as clipped (and too loud)', async () => {
    const levels = await measure(clips.clipped);
    expect(levels.clippedSamples / levels.totalSamples).toBeGreaterThan(AUDIO_POLICY.clippedShare);
    const decision = decideAudio(levels, NO_SPEECH);
    expect(decision.verdict).toBe('review');
    expect(decision.findings.map((f) => f.kind)).toContain('clipped');
    expect(decision.findings.find((f) => f.kind === 'clipped')!.reason).toMatch(/^The audio is clipped: \d+\.\d\d % of samples at full scale/);
  });

  it('an overdriven tone below full scale: too loud, not clipped', async () => {
    const levels = await measure(clips.loud);
    expect(levels.integratedLufs).toBeGreaterThan(AUDIO_POLICY.tooLoudLufs);
    expect(levels.clippedSamples).toBe(0);
    const decision = decideAudio(levels, NO_SPEECH);
    expect(decision.verdict).toBe('review');
    expect(decision.findings.map((f) => f.kind)).toEqual(['too_loud']);
  });

  it('a silent stretch at the start is found with its times', async () => {
    const levels = await measure(clips.quietStart);
    expect(levels.silences).toHaveLength(1);
    expect(levels.silences[0]!.start).toBe(0);
    expect(levels.silences[0]!.end).toBeGreaterThan(1.8);
    expect(levels.silences[0]!.end).toBeLessThan(2.2);
  });

  it("the procedural stand-in's clips carry a measurable, unclipped soundtrack", async () => {
    const file = join(dir, 'procedural.mp4');
    await proceduralGenerator.generate({ requestId: 'audio-levels-test', prompt: 'a lighthouse at dusk', seed: 7, durationSeconds: 2, width: 160, height: 128 }, file);
    const levels = await measureAudioLevels(file, 2, AUDIO_POLICY);
    expect(levels.integratedLufs).not.toBeNull();
    expect(levels.integratedLufs!).toBeGreaterThan(AUDIO_POLICY.silentLufs);
    expect(decideAudio(levels, NO_SPEECH).verdict).toBe('allow');
  });
});
