/**
 * The one place that knows how to find and run ffmpeg.
 *
 * Loupe ships the static ffmpeg from `@ffmpeg-installer/ffmpeg` so a fresh checkout can render and
 * inspect video without system packages. There is no ffprobe in that package, so `probeVideo`
 * reads the stream summary ffmpeg prints for `ffmpeg -i <file>`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

export interface VideoProbe {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  /** null when the file has no audio stream. */
  audioCodec: string | null;
}

export interface RunFfmpegOptions {
  /** Kills ffmpeg when aborted (e.g. a Temporal activity's cancellation signal). */
  signal?: AbortSignal;
}

/** How many trailing stderr lines a failure message carries: enough for the real error, not the banner. */
const STDERR_TAIL_LINES = 20;

let cachedInstallerPath: string | undefined;

/**
 * Path of the ffmpeg binary: `FFMPEG_PATH` when set (e.g. a system ffmpeg on a platform the npm
 * package does not cover), otherwise the binary from `@ffmpeg-installer/ffmpeg`.
 *
 * The installer package is loaded lazily because it throws (a bare string, not an Error) at import
 * time on unsupported platforms; loading it eagerly would break `FFMPEG_PATH` users there.
 */
export function ffmpegPath(): string {
  const fromEnv = process.env.FFMPEG_PATH;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  if (cachedInstallerPath !== undefined) return cachedInstallerPath;
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    cachedInstallerPath = installer.path;
    return cachedInstallerPath;
  } catch (cause) {
    throw new Error(
      `ffmpeg is not available: ${String(cause)}. Set FFMPEG_PATH to an ffmpeg binary or run npm ci.`,
      { cause },
    );
  }
}

interface FfmpegExit {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** The last lines of stderr (bounded, so a long render cannot grow memory). */
  stderrTail: string[];
}

/** Spawns ffmpeg and resolves when it exits, whatever the exit code; rejects only if it cannot start or is aborted. */
function spawnFfmpeg(args: readonly string[], options: RunFfmpegOptions, tailLines: number): Promise<FfmpegExit> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: options.signal,
    });

    const tail: string[] = [];
    let partialLine = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // ffmpeg rewrites progress lines with '\r'; treat those as line breaks too.
      const lines = (partialLine + chunk).split(/\r\n|\r|\n/);
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > tailLines) tail.shift();
      }
    });

    child.once('error', (error) => {
      if (options.signal?.aborted) {
        reject(new Error(`ffmpeg was aborted: ${String(options.signal.reason)}`, { cause: options.signal.reason }));
      } else {
        reject(new Error(`could not start ffmpeg (${ffmpegPath()}): ${error.message}`, { cause: error }));
      }
    });
    child.once('close', (exitCode, exitSignal) => {
      if (partialLine.trim() !== '') tail.push(partialLine);
      if (options.signal?.aborted) return; // the 'error' handler already rejected
      resolve({ exitCode, exitSignal, stderrTail: tail.slice(-tailLines) });
    });
  });
}

/**
 * Runs ffmpeg with `args` (the binary and `-hide_banner -nostdin` are added here). Resolves when
 * ffmpeg exits 0; otherwise rejects with an Error that quotes the end of ffmpeg's stderr, which is
 * where ffmpeg states what went wrong.
 */
export async function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  const { exitCode, exitSignal, stderrTail } = await spawnFfmpeg(['-loglevel', 'error', ...args], opts, STDERR_TAIL_LINES);
  if (exitCode === 0) return;
  const how = exitSignal !== null ? `was killed by ${exitSignal}` : `exited with code ${String(exitCode)}`;
  const details = stderrTail.length > 0 ? stderrTail.join('\n') : '(no output on stderr)';
  throw new Error(`ffmpeg ${how}:\n${details}`);
}

/**
 * Reads duration, frame size and codecs of a media file.
 *
 * `ffmpeg -i <file>` with no output prints the container summary and then exits with code 1
 * ("At least one output file must be specified"); that exit is expected. The duration is printed
 * with centisecond precision, which is all the callers need.
 */
export async function probeVideo(path: string, opts: RunFfmpegOptions = {}): Promise<VideoProbe> {
  // The summary of a file with many streams is long; keep enough lines to see all of it.
  const { stderrTail } = await spawnFfmpeg(['-i', path], opts, 500);
  const summary = stderrTail.join('\n');
  const fail = (what: string): never => {
    throw new Error(`cannot probe ${path}: ${what}\n${stderrTail.slice(-STDERR_TAIL_LINES).join('\n')}`);
  };

  const duration = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(summary);
  if (!duration) fail('ffmpeg reported no duration (missing or not a media file?)');
  const [, hours, minutes, seconds] = duration as RegExpExecArray;
  const durationSeconds = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);

  // e.g. "Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 720x1280 [SAR 1:1 DAR 9:16], ..."
  const videoLine = /Stream #\d+:\d+.*?: Video: (.*)/.exec(summary)?.[1] ?? fail('no video stream');
  const videoCodec = /^(\w+)/.exec(videoLine)?.[1] ?? fail(`unreadable video codec in "${videoLine}"`);
  // At least two digits on each side so the codec tag "0x31637661" is not mistaken for a size.
  const size = /\b(\d{2,5})x(\d{2,5})\b/.exec(videoLine) ?? fail(`no frame size in "${videoLine}"`);

  const audioLine = /Stream #\d+:\d+.*?: Audio: (.*)/.exec(summary)?.[1];
  const audioCodec = audioLine === undefined ? null : (/^(\w+)/.exec(audioLine)?.[1] ?? null);

  return { durationSeconds, width: Number(size[1]), height: Number(size[2]), videoCodec, audioCodec };
}

/**
 * Escapes a value (a file path, a colour, free text) for use as a filter option inside an
 * `-filter_complex` graph. ffmpeg unescapes twice: once when splitting the graph into filters
 * (`\ ' [ ] , ;` are special) and once when splitting a filter's options (`\ ' :` are special).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/**
 * Output flags that make an encode reproducible byte for byte: one thread (x264's frame threading
 * changes its decisions), no encoder version strings or creation times, no metadata carried over
 * from the inputs, and the moov atom moved to the front so players can start before the download
 * ends.
 */
export const DETERMINISTIC_MP4_OUTPUT_ARGS: readonly string[] = [
  '-threads', '1',
  '-map_metadata', '-1',
  '-map_chapters', '-1',
  '-fflags', '+bitexact',
  '-flags:v', '+bitexact',
  '-flags:a', '+bitexact',
  '-movflags', '+faststart',
  '-f', 'mp4',
];

/**
 * H.264 settings shared by every Loupe encode: a fixed preset (so the encoder's decisions, and the
 * bytes, do not vary), constant quality capped at a peak bitrate so busy clips stay around
 * 1.5 MB per 10 s, and 4:2:0 chroma that every phone plays.
 */
export const H264_VIDEO_ARGS: readonly string[] = [
  '-c:v', 'libx264',
  '-preset', 'veryfast',
  '-crf', '28',
  '-maxrate', '1200k',
  '-bufsize', '2400k',
  '-pix_fmt', 'yuv420p',
];

/**
 * Lets `render` write into a temporary file beside `outputPath` and renames it into place only
 * when rendering succeeded. A crash or a failed encode therefore never leaves a truncated file
 * under the final name, and readers see either the old file or the complete new one (a rename
 * within one directory is atomic). The temporary file is removed on failure.
 */
export async function renderToFileAtomically(outputPath: string, render: (tempPath: string) => Promise<void>): Promise<void> {
  const directory = dirname(outputPath);
  await mkdir(directory, { recursive: true });
  // Hidden and uniquely named, so two attempts of the same activity never write the same file.
  const tempPath = join(directory, `.${basename(outputPath)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await render(tempPath);
    await rename(tempPath, outputPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
