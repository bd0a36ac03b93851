/**
 * Letter-box, pillar-box and window-box bars: uniform bands along the edges of a picture that a
 * copy gained by being re-framed (a landscape still posted inside a portrait frame, a 4:3 video
 * padded to 16:9). They are trimmed before PDQ hashing, stills and video frames alike, so a
 * re-framed copy hashes like what it shows; left in, black bars change a PDQ hash by 80-130 bits.
 *
 * What counts as a bar (each number is exported with its reason):
 * - a line (a row, or a column) is **uniform** when at least UNIFORM_SHARE of its pixels lie
 *   within UNIFORM_TOLERANCE luma levels of the line's median;
 * - a bar is the run of uniform lines from an edge inwards. Each edge is judged on its own, so
 *   off-centre padding (a bar on one side only) is trimmed too;
 * - **how much**: every uniform line from the edges in, however many, unless that is the whole
 *   picture: a picture uniform through and through is flat, not padded, and is not trimmed (PDQ's
 *   quality score already says it is too flat to match on). There is deliberately no cap as a
 *   share of the side: a cap measured on the padded frame trims a copy differently from its
 *   original (the same flat band of the picture falls under the cap in one and over it in the
 *   other), and agreeing with the original is the point. A flat band of the picture itself (a
 *   clear sky, a plain wall) is therefore trimmed too, from the original and from every copy
 *   alike, so the hashes still agree; a hash covers the busy part of a picture.
 *
 * Pure arithmetic on luma planes: the callers decode (activities/fingerprint/decode.ts) and hash
 * (pdq.ts). Frames of one video are trimmed alike (combineBars), the way ffmpeg's cropdetect
 * settles on one crop, so content that happens to be flat at an edge in one frame does not shift
 * that frame's hash.
 */

/** Rows or columns to trim from each edge (pixels of the plane they were found in). */
export interface Bars {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A luma plane: `width * height` values of 0..255, row by row from the top. */
export interface LumaPlane {
  luma: Float32Array;
  width: number;
  height: number;
}

export const NO_BARS: Readonly<Bars> = Object.freeze({ top: 0, bottom: 0, left: 0, right: 0 });

/**
 * Luma levels (of 255) a pixel may differ from its line's median and still count as bar. Padding
 * is one colour, but lossy compression adds noise: H.264 at ordinary rates keeps a bar within
 * ±3 levels, a JPEG at quality 75 within ±6 away from the content edge, scaling with an area
 * filter smears the last line or two. 12 takes all of that; the darkest parts of real pictures
 * (shadows, night skies) vary more than that across a whole line.
 */
export const UNIFORM_TOLERANCE = 12;

/**
 * Share of a line's pixels that must be within the tolerance. Not all of them: a speck of noise,
 * a dead pixel or the ringing of one sharp edge would otherwise stop a bar early; a caption or a
 * logo inside a bar (more than 2% of the line) is not uniform, and the bar ends there.
 */
export const UNIFORM_SHARE = 0.98;

/** Whether `count` values, read by `at(i)`, form a uniform line (UNIFORM_SHARE within UNIFORM_TOLERANCE of their median). */
function uniformLine(count: number, at: (i: number) => number): boolean {
  if (count === 0) return false;
  // A 256-bin histogram: the median and the count around it in one pass, without sorting.
  const histogram = new Uint32Array(256);
  for (let i = 0; i < count; i++) histogram[Math.max(0, Math.min(255, Math.round(at(i))))]!++;
  let seen = 0;
  let median = 0;
  while (median < 255 && seen + histogram[median]! <= (count - 1) / 2) seen += histogram[median++]!;
  let near = 0;
  for (let level = Math.max(0, median - UNIFORM_TOLERANCE); level <= Math.min(255, median + UNIFORM_TOLERANCE); level++) near += histogram[level]!;
  return near >= count * UNIFORM_SHARE;
}

/**
 * The bars of one picture: the uniform lines peeled from its edges. Each line is judged only
 * between the bars already found across it (a row between the left and right bars, a column
 * between the top and bottom ones), and the edges are peeled in turn until none has a uniform line
 * left, so a window-box's four bars are found whatever their order, and a picture trims the same
 * alone or inside a frame. Returns null for a picture that is uniform through and through (a
 * black frame, a fade, a plain wall): it says nothing about bars (trim nothing from a still; leave
 * it out of a video's combineBars).
 */
export function findBars({ luma, width, height }: LumaPlane): Bars | null {
  if (luma.length < width * height) throw new Error(`A ${width}x${height} luma plane needs ${width * height} values, got ${luma.length}.`);
  const bars = { ...NO_BARS };
  const rowUniform = (y: number) => uniformLine(width - bars.left - bars.right, (i) => luma[y * width + bars.left + i]!);
  const columnUniform = (x: number) => uniformLine(height - bars.top - bars.bottom, (i) => luma[(bars.top + i) * width + x]!);
  const innerHeight = () => height - bars.top - bars.bottom;
  const innerWidth = () => width - bars.left - bars.right;
  for (let peeled = true; peeled; ) {
    const before = bars.top + bars.bottom + bars.left + bars.right;
    while (innerHeight() > 0 && rowUniform(bars.top)) bars.top++;
    while (innerHeight() > 0 && rowUniform(height - 1 - bars.bottom)) bars.bottom++;
    while (innerWidth() > 0 && columnUniform(bars.left)) bars.left++;
    while (innerWidth() > 0 && columnUniform(width - 1 - bars.right)) bars.right++;
    peeled = bars.top + bars.bottom + bars.left + bars.right > before;
  }
  return innerHeight() > 0 && innerWidth() > 0 ? bars : null;
}

/**
 * One trim for all frames of a video: on each edge, the smallest bar any frame has there. A bar
 * is padding only if every frame has it; a frame that merely is dark at one edge does not widen it.
 * Flat frames (null from findBars: fades, black frames) say nothing and are left out; with no
 * other frame, nothing is trimmed.
 */
export function combineBars(perFrame: readonly (Bars | null)[]): Bars {
  const known = perFrame.filter((bars): bars is Bars => bars !== null);
  if (known.length === 0) return { ...NO_BARS };
  return {
    top: Math.min(...known.map((bars) => bars.top)),
    bottom: Math.min(...known.map((bars) => bars.bottom)),
    left: Math.min(...known.map((bars) => bars.left)),
    right: Math.min(...known.map((bars) => bars.right)),
  };
}

/**
 * The part of a plane inside `bars` (and, when given, inside `box` of that part), as a new plane.
 * @throws Error when the bars or the box leave nothing or reach outside the plane.
 */
export function cropPlane(plane: LumaPlane, bars: Bars, box?: { x: number; y: number; width: number; height: number }): LumaPlane {
  const innerWidth = plane.width - bars.left - bars.right;
  const innerHeight = plane.height - bars.top - bars.bottom;
  const region = box ?? { x: 0, y: 0, width: innerWidth, height: innerHeight };
  if (
    Math.min(bars.top, bars.bottom, bars.left, bars.right, region.x, region.y) < 0 ||
    region.width < 1 || region.height < 1 ||
    region.x + region.width > innerWidth || region.y + region.height > innerHeight
  ) {
    throw new Error(`Cannot crop ${JSON.stringify(region)} inside bars ${JSON.stringify(bars)} of a ${plane.width}x${plane.height} plane.`);
  }
  const luma = new Float32Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    const from = (bars.top + region.y + y) * plane.width + bars.left + region.x;
    luma.set(plane.luma.subarray(from, from + region.width), y * region.width);
  }
  return { luma, width: region.width, height: region.height };
}
