/**
 * The one place that finds and runs ffmpeg and ffprobe.
 *
 * Loupe uses the static builds shipped inside npm packages (`@ffmpeg-installer/ffmpeg`,
 * `@ffprobe-installer/ffprobe`), so a fresh checkout renders and inspects video without system
 * packages; FFMPEG_PATH and FFPROBE_PATH name other binaries. Every run goes through runTool():
 * bounded stderr, cancellation by AbortSignal, and failures as MediaToolError, a type callers
 * decide by (`instanceof`, `code`), never by a message's text; a person is shown a sentence the
 * caller chooses, never a tool's output.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** Which media tool a failure came from. */
export type MediaTool = 'ffmpeg' | 'ffprobe';

/**
 * How a tool run failed: it could not be found or started (`not_started`: Loupe's problem, not the
 * file's), it was cancelled (`aborted`), or it ran and exited non-zero or by a signal (`exited`).
 */
export type MediaToolFailure = 'not_started' | 'aborted' | 'exited';

/**
 * A run of ffmpeg or ffprobe that did not succeed. The message is for operators (it ends with the
 * last lines of the tool's stderr, which is where ffmpeg says what went wrong); show users a
 * sentence chosen by the caller instead.
 */
export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';

  constructor(
    message: string,
    readonly tool: MediaTool,
    readonly code: MediaToolFailure,
    /** The last lines the tool wrote to stderr (bounded); empty when it never ran. */
    readonly stderrTail: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Options of every tool run. */
export interface RunFfmpegOptions {
  /** Kills the tool when aborted (e.g. a Temporal activity's cancellation signal). */
  signal?: AbortSignal;
}

/** How many trailing stderr lines a failure carries: enough for the real error, not the banner. */
const STDERR_TAIL_LINES = 20;
/** ffprobe's JSON for one file is a few kilobytes; more than this means something is wrong. */
const MAX_FFPROBE_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Where each tool comes from: the environment variable that overrides it, and the npm package that ships it. */
const TOOL_SOURCES = {
  ffmpeg: { variable: 'FFMPEG_PATH', installer: '@ffmpeg-installer/ffmpeg' },
  ffprobe: { variable: 'FFPROBE_PATH', installer: '@ffprobe-installer/ffprobe' },
} as const satisfies Record<MediaTool, { variable: string; installer: string }>;

const installerPaths = new Map<MediaTool, string>();

/**
 * Path of a tool's binary: its variable (FFMPEG_PATH, FFPROBE_PATH) when set, e.g. a system build
 * on a platform the npm packages do not cover; otherwise the binary inside its npm package.
 *
 * The installer packages are loaded lazily because they throw at import time on unsupported
 * platforms; loading them eagerly would break the variables' users there.
 * @throws MediaToolError (`not_started`) when neither is available.
 */
function toolPath(tool: MediaTool): string {
  const { variable, installer } = TOOL_SOURCES[tool];
  const fromEnv = process.env[variable];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  const known = installerPaths.get(tool);
  if (known !== undefined) return known;
  try {
    const require = createRequire(import.meta.url);
    const { path } = require(installer) as { path: string };
    installerPaths.set(tool, path);
    return path;
  } catch (cause) {
    throw new MediaToolError(
      `${tool} is not available (${cause instanceof Error ? cause.message : String(cause)}): set ${variable} to a ${tool} binary or reinstall the packages.`,
      tool,
      'not_started',
      [],
      { cause },
    );
  }
}

/** What a run does with the tool's stdout: discard it, or hand each chunk to a callback. */
type StdoutHandling = { kind: 'ignore' } | { kind: 'stream'; onChunk: (chunk: Buffer) => void };

/** A measuring filter's report is a few hundred lines; more than this means something is wrong. */
const MAX_REPORT_LINES = 50_000;

/**
 * Spawns `tool` with `args` (after `-hide_banner -nostdin` for ffmpeg, `-hide_banner` for
 * ffprobe) and resolves when it exits 0. Rejects with MediaToolError when it cannot start, is
 * aborted, or exits otherwise; with the callback's own error when `onChunk` throws (the tool is
 * then killed).
 */
function runTool(tool: MediaTool, args: readonly string[], stdout: StdoutHandling, options: RunFfmpegOptions, stderrLines?: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const binary = toolPath(tool);
    const fixedArgs = tool === 'ffmpeg' ? ['-hide_banner', '-nostdin'] : ['-hide_banner'];
    const child = spawn(binary, [...fixedArgs, ...args], {
      stdio: ['ignore', stdout.kind === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
      signal: options.signal,
    });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };

    if (stdout.kind === 'stream') {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          stdout.onChunk(chunk);
        } catch (error) {
          child.kill('SIGKILL');
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      });
    }

    const tail: string[] = [];
    let partialLine = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      // ffmpeg rewrites progress lines with '\r'; treat those as line breaks too.
      const lines = (partialLine + chunk).split(/\r\n|\r|\n/);
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        if (stderrLines !== undefined && stderrLines.length < MAX_REPORT_LINES) stderrLines.push(line);
        tail.push(line);
        if (tail.length > STDERR_TAIL_LINES) tail.shift();
      }
    });

    child.once('error', (error) => {
      if (options.signal?.aborted) {
        fail(new MediaToolError(`${tool} was aborted: ${String(options.signal.reason)}`, tool, 'aborted', tail.slice(), { cause: options.signal.reason }));
      } else {
        fail(new MediaToolError(`could not start ${tool} (${binary}): ${error.message}`, tool, 'not_started', [], { cause: error }));
      }
    });
    child.once('close', (exitCode, exitSignal) => {
      if (partialLine.trim() !== '') {
        tail.push(partialLine);
        if (stderrLines !== undefined && stderrLines.length < MAX_REPORT_LINES) stderrLines.push(partialLine);
      }
      const stderrTail = tail.slice(-STDERR_TAIL_LINES);
      if (exitCode === 0) {
        if (!settled) {
          settled = true;
          resolve();
        }
        return;
      }
      const how = exitSignal !== null ? `was killed by ${exitSignal}` : `exited with code ${String(exitCode)}`;
      const details = stderrTail.length > 0 ? stderrTail.join('\n') : '(no output on stderr)';
      fail(new MediaToolError(`${tool} ${how}:\n${details}`, tool, 'exited', stderrTail));
    });
  });
}

/**
 * Runs ffmpeg with `args` (the binary and `-hide_banner -nostdin` are added here); stdout is
 * discarded, so outputs go to files. Resolves when ffmpeg exits 0.
 * @throws MediaToolError whose message quotes the end of ffmpeg's stderr.
 */
export async function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  await runTool('ffmpeg', ['-loglevel', 'error', ...args], { kind: 'ignore' }, opts);
}

/**
 * Runs ffmpeg with `args`, whose output is `pipe:1`, and hands stdout to `onChunk` as it arrives
 * (e.g. raw frames, so a long video never sits in memory whole). Resolves when ffmpeg exits 0.
 * @throws MediaToolError as runFfmpeg; or what `onChunk` threw (ffmpeg is then killed).
 */
export async function streamFfmpeg(args: string[], onChunk: (chunk: Buffer) => void, opts: RunFfmpegOptions = {}): Promise<void> {
  await runTool('ffmpeg', ['-loglevel', 'error', ...args], { kind: 'stream', onChunk }, opts);
}

/**
 * Runs ffmpeg with `args` at log level `info` and resolves with every line it wrote to stderr (at
 * most 50,000): where measuring filters (ebur128, silencedetect, astats) print their reports. Outputs
 * go to files or `-f null -`.
 * @throws MediaToolError as runFfmpeg.
 */
export async function runFfmpegReport(args: string[], opts: RunFfmpegOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  await runTool('ffmpeg', ['-loglevel', 'info', '-nostats', ...args], { kind: 'ignore' }, opts, lines);
  return lines;
}

/**
 * Runs ffprobe with `args` (add `-print_format json`) and resolves with its stdout as text.
 * @throws MediaToolError as runFfmpeg, and when the output exceeds 4 MiB.
 */
export async function runFfprobe(args: string[], opts: RunFfmpegOptions = {}): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  await runTool('ffprobe', ['-loglevel', 'error', ...args], {
    kind: 'stream',
    onChunk: (chunk) => {
      bytes += chunk.length;
      if (bytes > MAX_FFPROBE_OUTPUT_BYTES) {
        throw new MediaToolError(`ffprobe wrote more than ${MAX_FFPROBE_OUTPUT_BYTES} bytes of output; refusing to read more.`, 'ffprobe', 'exited');
      }
      chunks.push(chunk);
    },
  }, opts);
  return Buffer.concat(chunks).toString('utf8');
}
