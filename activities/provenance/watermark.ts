/**
 * The visible watermark burned into every published clip, next to the invisible C2PA manifest:
 * a label such as "AI · Loupe · @creator" that drifts across the frame, bouncing off the edges.
 * A mark that moves cannot be removed by cropping one corner or covered by one static sticker.
 *
 * The label is drawn with ffmpeg's drawtext in DejaVu Sans Bold, the TrueType file shipped in the
 * `dejavu-fonts-ttf` npm package, so every machine draws the same glyphs and the same input gives
 * the same bytes everywhere (no system font is looked up). A caller may instead ask for the
 * font-free mark: a drawn "AI" badge without the label, moving the same way. Either way the video
 * is re-encoded deterministically and the audio is copied untouched.
 */
import { createRequire } from 'node:module';

import { DETERMINISTIC_MP4_OUTPUT_ARGS, H264_VIDEO_ARGS, escapeFilterValue } from '../media/encoding';
import { writeFileAtomically } from '../../db/atomic-file';
import { runFfmpeg } from '../media/ffmpeg';
import { probeVideo, type VideoProbe } from '../media/probe';

export interface BurnWatermarkOptions {
  /** Kills the encode when aborted (e.g. Temporal cancelled the activity). */
  signal?: AbortSignal;
  /**
   * Font for the label. Omitted: DejaVu Sans Bold from the `dejavu-fonts-ttf` package. `null`:
   * draw the font-free badge.
   */
  fontFile?: string | null;
}

/**
 * The label's font inside its npm package. DejaVu Sans covers the "·", Latin, Greek and Cyrillic
 * handles; its licence (the Bitstream Vera licence, free to use and redistribute) is the package's LICENSE.
 */
const WATERMARK_FONT_MODULE_PATH = 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf';

/** Longest label drawn; longer ones are cut with "…" so the mark still fits a portrait frame. */
const MAX_LABEL_CHARACTERS = 48;

/** Screen fractions crossed per second; different per axis so the mark sweeps the whole frame. */
const DRIFT_SPEED_X = 0.13;
const DRIFT_SPEED_Y = 0.11;

/**
 * Absolute path of the label's font file (DejaVu Sans Bold from `dejavu-fonts-ttf`).
 * @throws Error with a sentence when the package is not installed.
 */
export function watermarkFontPath(): string {
  try {
    return createRequire(import.meta.url).resolve(WATERMARK_FONT_MODULE_PATH);
  } catch (cause) {
    throw new Error(`The watermark font ${WATERMARK_FONT_MODULE_PATH} is not installed: reinstall the packages (npm ci).`, { cause });
  }
}

/**
 * x and y expressions for a mark that bounces between the frame edges (a triangle wave per axis),
 * starting in the top-left corner. `frameWidth`/`markWidth` etc. are the names the filter uses
 * for those sizes (drawtext: w, text_w; overlay: W, w), and `margin` keeps it off the very edge.
 */
function bouncingPosition(
  names: { frameWidth: string; frameHeight: string; markWidth: string; markHeight: string },
  margin: number,
): { x: string; y: string } {
  const axis = (frame: string, mark: string, speed: number): string => {
    const travel = `max(1,${frame}-${mark}-${2 * margin})`;
    return `${margin}+abs(mod(t*${frame}*${speed}+${travel},2*${travel})-${travel})`;
  };
  return {
    x: axis(names.frameWidth, names.markWidth, DRIFT_SPEED_X),
    y: axis(names.frameHeight, names.markHeight, DRIFT_SPEED_Y),
  };
}

/** Printable, single-line, bounded: the label comes partly from user data (the creator's handle). */
function printableLabel(label: string): string {
  const singleLine = label.replace(/\p{Cc}+/gu, ' ').trim();
  const characters = Array.from(singleLine);
  return characters.length <= MAX_LABEL_CHARACTERS
    ? singleLine
    : `${characters.slice(0, MAX_LABEL_CHARACTERS - 1).join('')}…`;
}

/** The label in white on a translucent dark box, readable on any background. */
function labelFilter(label: string, fontFile: string, frame: VideoProbe): string {
  // 5% of the short side, smaller for long labels so the whole label fits across the frame
  // (a bold sans glyph averages under 0.7 em wide).
  const fitsAcross = (frame.width * 0.85) / (Array.from(label).length * 0.7);
  const fontSize = Math.max(10, Math.round(Math.min(Math.min(frame.width, frame.height) * 0.05, fitsAcross)));
  const padding = Math.round(fontSize * 0.45);
  const { x, y } = bouncingPosition(
    { frameWidth: 'w', frameHeight: 'h', markWidth: 'text_w', markHeight: 'text_h' },
    padding * 2,
  );
  return [
    `drawtext=fontfile=${escapeFilterValue(fontFile)}`,
    `text=${escapeFilterValue(label)}`,
    // The label is data, never a template: no %{...} expansion.
    'expansion=none',
    `fontsize=${fontSize}`,
    'fontcolor=white@0.92',
    'box=1',
    'boxcolor=black@0.5',
    `boxborderw=${padding}`,
    'shadowcolor=black@0.6',
    `shadowx=${Math.max(1, Math.round(fontSize / 16))}`,
    `shadowy=${Math.max(1, Math.round(fontSize / 16))}`,
    `x='${x}'`,
    `y='${y}'`,
  ].join(':');
}

/**
 * The font-free mark: a translucent dark badge with "AI" and a loupe ring drawn from rectangles,
 * rendered once and overlaid, moving like the label would. Returns the badge's source chain
 * (labelled [badge]) and the overlay that places it.
 */
function badgeFilters(frame: VideoProbe): { badgeSource: string; overlay: string } {
  const unit = Math.max(2, Math.round(Math.min(frame.width, frame.height) / 100)); // stroke width
  const badgeWidth = 20 * unit;
  const badgeHeight = 10 * unit;
  const ink = 'white@0.92';
  // [x, y, width, height] in strokes, on a 20 x 10 grid: "A" (two legs, top and middle bars),
  // "I" (stem and serifs), and a ring with a handle for the loupe.
  const strokes: readonly (readonly [number, number, number, number])[] = [
    [2, 2, 1, 6], [5, 2, 1, 6], [2, 2, 4, 1], [2, 5, 4, 1],
    [8, 2, 3, 1], [9, 2, 1, 6], [8, 7, 3, 1],
  ];
  const boxes = strokes.map(
    ([x, y, width, height]) =>
      `drawbox=x=${x * unit}:y=${y * unit}:w=${width * unit}:h=${height * unit}:c=${ink}:t=fill:replace=1`,
  );
  const ring = `drawbox=x=${13 * unit}:y=${2 * unit}:w=${4 * unit}:h=${4 * unit}:c=${ink}:t=${unit}:replace=1`;
  const handle = `drawbox=x=${16 * unit}:y=${6 * unit}:w=${2 * unit}:h=${2 * unit}:c=${ink}:t=fill:replace=1`;
  const badgeSource = [
    `color=c=black@0.5:s=${badgeWidth}x${badgeHeight}:r=24`,
    'trim=end_frame=1',
    'format=yuva444p',
    ...boxes,
    ring,
    handle,
    // Drawn once, then repeated for every frame of the video.
    'loop=loop=-1:size=1:start=0',
  ].join(',');
  const { x, y } = bouncingPosition({ frameWidth: 'W', frameHeight: 'H', markWidth: 'w', markHeight: 'h' }, 2 * unit);
  return { badgeSource: `${badgeSource}[badge]`, overlay: `overlay=x='${x}':y='${y}':eval=frame:shortest=1` };
}

/** The complete ffmpeg command line (minus the binary) that burns the mark into `inputPath`. */
function buildWatermarkArgs(
  inputPath: string,
  outputPath: string,
  label: string,
  fontFile: string | null,
  frame: VideoProbe,
): string[] {
  let graph: string;
  if (fontFile !== null) {
    graph = `[0:v]${labelFilter(printableLabel(label), fontFile, frame)},format=yuv420p[marked]`;
  } else {
    const { badgeSource, overlay } = badgeFilters(frame);
    graph = `${badgeSource};[0:v][badge]${overlay},format=yuv420p[marked]`;
  }
  return [
    '-i', inputPath,
    '-filter_complex', graph,
    '-map', '[marked]',
    // Sound is untouched: copy it bit for bit (if there is any).
    '-map', '0:a:0?',
    ...H264_VIDEO_ARGS,
    '-c:a', 'copy',
    ...DETERMINISTIC_MP4_OUTPUT_ARGS,
    '-y', outputPath,
  ];
}

/**
 * Burns a visible, moving watermark with `label` into the video at `inputPath` and writes the
 * result to `outputPath` (atomically; `outputPath` may equal `inputPath`). Frame size, frame rate,
 * duration and audio are kept.
 */
export async function burnWatermark(
  inputPath: string,
  outputPath: string,
  label: string,
  options: BurnWatermarkOptions = {},
): Promise<void> {
  const frame = await probeVideo(inputPath, { signal: options.signal });
  const fontFile = options.fontFile === undefined ? watermarkFontPath() : options.fontFile;
  await writeFileAtomically(outputPath, (tempPath) =>
    runFfmpeg(buildWatermarkArgs(inputPath, tempPath, label, fontFile, frame), { signal: options.signal }),
  );
}
