/**
 * Media facts (duration, frame size, codecs) from `ffprobe -print_format json`, validated with a
 * zod schema, instead of reading the human-oriented summary ffmpeg prints on stderr (whose layout
 * changes between ffmpeg versions).
 */
import { z } from 'zod';
import { MediaToolError, runFfprobe, type RunFfmpegOptions } from './ffmpeg';

/**
 * A media file that the tools could not read as what the caller needs (missing, damaged,
 * truncated, not media at all, or without a video stream). The message is one sentence that names
 * the file; the tool's own output, if any, is in `cause`.
 */
export class UnreadableMediaError extends Error {
  override readonly name = 'UnreadableMediaError';
}

/** Facts about a video file that Loupe checks and records. */
export interface VideoProbe {
  /** Container duration in seconds (ffprobe gives microsecond precision). */
  durationSeconds: number;
  /** Frame size of the first video stream, in pixels, as stored (no rotation applied). */
  width: number;
  height: number;
  /** ffmpeg's codec name of the first video stream, e.g. `h264`. */
  videoCodec: string;
  /** ffmpeg's codec name of the first audio stream (e.g. `aac`); null when the file has no audio stream. */
  audioCodec: string | null;
}

/** Frame size of a picture or of a video's first video stream, in pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The parts of ffprobe's JSON (`-show_entries format=duration:stream=codec_type,codec_name,width,height`)
 * that Loupe reads; other keys are ignored. ffprobe leaves out what it does not know (e.g. the
 * duration of a still image), hence the optional fields. Documented at https://ffmpeg.org/ffprobe.html.
 */
const FfprobeReport = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  format: z.object({ duration: z.string().optional() }).optional(),
});
type FfprobeReport = z.infer<typeof FfprobeReport>;

const PROBE_ARGS = ['-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height'];

/**
 * Reads duration, frame size and codecs of a media file.
 * @throws UnreadableMediaError when ffprobe cannot read the file, or it has no video stream or duration.
 * @throws MediaToolError when ffprobe cannot be started or is aborted.
 */
export async function probeVideo(path: string, opts: RunFfmpegOptions = {}): Promise<VideoProbe> {
  const report = await readReport(path, opts);
  const { width, height, codec } = firstVideoStream(path, report);
  const duration = Number(report.format?.duration);
  if (report.format?.duration === undefined || !Number.isFinite(duration) || duration < 0) {
    throw new UnreadableMediaError(`cannot probe ${path}: ffprobe found no duration in it.`);
  }
  const audio = report.streams.find((stream) => stream.codec_type === 'audio');
  return { durationSeconds: duration, width, height, videoCodec: codec, audioCodec: audio ? (audio.codec_name ?? null) : null };
}

/**
 * Frame size of an image file, or of a video's first video stream.
 * @throws UnreadableMediaError and MediaToolError as probeVideo.
 */
export async function probeFrameSize(path: string, opts: RunFfmpegOptions = {}): Promise<FrameSize> {
  const { width, height } = firstVideoStream(path, await readReport(path, opts));
  return { width, height };
}

async function readReport(path: string, opts: RunFfmpegOptions): Promise<FfprobeReport> {
  let output: string;
  try {
    output = await runFfprobe([...PROBE_ARGS, '-i', path], opts);
  } catch (error) {
    if (error instanceof MediaToolError && error.code === 'exited') {
      throw new UnreadableMediaError(`cannot probe ${path}: ffprobe could not read it (missing, damaged, or not a media file).`, { cause: error });
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch (cause) {
    throw new UnreadableMediaError(`cannot probe ${path}: ffprobe's answer was not JSON.`, { cause });
  }
  const parsed = FfprobeReport.safeParse(json);
  if (!parsed.success) {
    throw new UnreadableMediaError(`cannot probe ${path}: ffprobe's answer did not have the expected shape.`, { cause: parsed.error });
  }
  return parsed.data;
}

function firstVideoStream(path: string, report: FfprobeReport): { width: number; height: number; codec: string } {
  const video = report.streams.find((stream) => stream.codec_type === 'video');
  if (!video) throw new UnreadableMediaError(`cannot probe ${path}: it has no video stream.`);
  if (video.width === undefined || video.height === undefined || video.codec_name === undefined) {
    throw new UnreadableMediaError(`cannot probe ${path}: ffprobe could not tell the frame size or codec of its video stream.`);
  }
  return { width: video.width, height: video.height, codec: video.codec_name };
}
