/**
 * Speech to text with the pinned model (activities/classifiers/speech/transcriber.ts): a real spoken
 * sample (eSpeak NG's voice, made here) is transcribed with its times; a clip's music alone gives no
 * segments; a missing model or a run that takes too long is `unavailable` with one sentence, never
 * a throw. Needs the speech model from setup (npm run setup, step 7).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSpeechTranscriber, speechModelPaths, SPEECH_MODEL_LABEL } from '../../activities/classifiers/speech/transcriber';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { speakToWav } from '../support/speech-clip';

let dir: string;
let speech: string;
const transcriber = createSpeechTranscriber();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-speech-'));
  speech = join(dir, 'speech.wav');
  speakToWav(speech, ['Good morning, this is the weather by the sea.', 'I will kill you and your whole family tonight.']);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const words = (text: string) => text.toLowerCase().replace(/[^a-z ]/g, '').trim();

it('transcribes a spoken sample into timed segments', async () => {
  const transcript = await transcriber.transcribe(speech);
  expect(transcript.status).toBe('ok');
  if (transcript.status !== 'ok') return;
  expect(transcript.model).toBe(SPEECH_MODEL_LABEL);
  expect(transcript.language).toBe('en');
  const threat = transcript.segments.find((s) => words(s.text).includes('kill you and your'));
  expect(threat, JSON.stringify(transcript.segments)).toBeDefined();
  // The second sentence starts after the first (about 2.5 s of speech and a 0.6 s pause) and ends with the audio.
  expect(threat!.start).toBeGreaterThan(1.5);
  expect(threat!.end).toBeGreaterThan(threat!.start);
  expect(threat!.end).toBeLessThan(7);
}, 120_000);

it('hears no speech in a tone', async () => {
  const tone = join(dir, 'tone.wav');
  await runFfmpeg(['-f', 'lavfi', '-i', "aevalsrc='0.1*sin(2*PI*220*t)+0.05*sin(2*PI*330*t)':s=16000:d=3", '-c:a', 'pcm_s16le', '-y', tone]);
  const transcript = await transcriber.transcribe(tone);
  expect(transcript).toMatchObject({ status: 'ok', segments: [] });
}, 120_000);

it('names the gap when the model is missing, without throwing', async () => {
  const missing = createSpeechTranscriber({ paths: { ...speechModelPaths(), modelDir: join(dir, 'no-model') } });
  const transcript = await missing.transcribe(speech);
  expect(transcript).toEqual({ status: 'unavailable', model: SPEECH_MODEL_LABEL, error: expect.stringMatching(/^the speech model is not installed \(.*no-model\); run npm run setup$/) });
});

it('stops a run that takes longer than its time-out and says so', async () => {
  const slow = createSpeechTranscriber({ timeoutMs: 1 });
  expect(await slow.transcribe(speech)).toEqual({ status: 'unavailable', model: SPEECH_MODEL_LABEL, error: 'transcription took longer than 0 s and was stopped' });
});
