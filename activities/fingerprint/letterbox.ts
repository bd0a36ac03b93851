/**
 * Letter-box, pillar-box and window-box bars: uniform bands along the edges of a picture that a
 * copy gained by being re-framed (a landscape still posted inside a portrait frame, a 4:3 video
 * padded to 16:9). They are trimmed before PDQ hashing, stills and video frames alike, so a
 * re-framed copy hashes like what it shows; left in, bars move a PDQ hash far past the 31-bit match
 * threshold (test/activities/fingerprint-image.test.ts shows it for each kind of re-framing).
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
 *   other), and agreeing with the original is the point;
 * - one picture cannot tell padding from a flat band of its own (a black bar from a night sky).
 *   Peeling every uniform line trims both, from the original and from every copy alike, so two
 *   stills still agree; peeling only lines of the colour each edge starts with (oneColourPerEdge)
 *   stops a black bar at a grey wall behind it. A video tells them apart over its frames: padding
 *   keeps its colour from the first frame to the last, a wall at the edge of a moving shot does
 *   not (combineBars). Stills are hashed in both trims and untrimmed (image.ts).
 *
 * Pure arithmetic on luma planes: the callers decode (activities/fingerprint/decode.ts) and hash
 * (frame-hashes.ts). Frames of one video are trimmed alike (combineBars), the way ffmpeg's
 * cropdetect settles on one crop, so content that happens to be flat at an edge in one frame does
 * not shift that frame's hash.
 */

export const EDGES = ['top', 'bottom', 'left', 'right'] as const;
export type Edge = (typeof EDGES)[number];

/** Rows or columns to trim from each edge (pixels of the plane they were found in). */
export type Bars = Record<Edge, number>;

/** Bars as found in one picture, with the luma level (0..255) each edge's bar starts with; null where there is no bar. */
export interface FoundBars extends Bars {
  colours: Record<Edge, number | null>;
}

/** A luma plane: `width * height` values of 0..255, row by row from the top. */
export interface LumaPlane {
  luma: Float32Array;
  width: number;
  height: number;
}

/** No bars on any edge: nothing to trim. */
export const NO_BARS: Readonly<Bars> = Object.freeze({ top: 0, bottom: 0, left: 0, right: 0 });

/**
 * Luma levels (of 255) a pixel may differ from its line's median and still count as bar: about 5%
 * of the range. Padding is one colour, but lossy compression (JPEG, H.264) adds noise to it,
 * mostly next to the picture's edge, and scaling smears the last line or two; a tolerance this
 * size takes that (the tests re-compress bars at a low JPEG quality), while a line across a real
 * picture, even a dark or foggy one, varies by more somewhere along its length.
 */
export const UNIFORM_TOLERANCE = 12;

/**
 * Share of a line's pixels that must be within the tolerance. Not all of them: a speck of noise,
 * a dead pixel or the ringing of one sharp edge would otherwise stop a bar early; a caption or a
 * logo inside a bar (more than 2% of the line) is not uniform, and the bar ends there.
 */
export const UNIFORM_SHARE = 0.98;

/**
 * The median of `count` values, read by `at(i)`, when they form a uniform line (UNIFORM_SHARE of
 * them within UNIFORM_TOLERANCE of it); null when they do not.
 */
function uniformLineLevel(count: number, at: (i: number) => number): number | null {
  if (count === 0) return null;
  // A 256-bin histogram: the median and the count around it in one pass, without sorting.
  const histogram = new Uint32Array(256);
  for (let i = 0; i < count; i++) histogram[Math.max(0, Math.min(255, Math.round(at(i))))]!++;
  let seen = 0;
  let median = 0;
  while (median < 255 && seen + histogram[median]! <= (count - 1) / 2) seen += histogram[median++]!;
  let near = 0;
  for (let level = Math.max(0, median - UNIFORM_TOLERANCE); level <= Math.min(255, median + UNIFORM_TOLERANCE); level++) near += histogram[level]!;
  return near >= count * UNIFORM_SHARE ? median : null;
}

/** How far findBars peels: every uniform line, or only lines of the colour each edge starts with. */
export interface FindBarsOptions {
  /**
   * Peel, on each edge, only lines within UNIFORM_TOLERANCE of that edge's outermost line: the
   * padding of one colour, not a flat band of another colour behind it (a black bar stops at a
   * grey wall). This is what a still needs to meet a video frame: a video's trim comes from all
   * its frames (combineBars) and keeps flat bands that are content, so the still keeps them too.
   */
  oneColourPerEdge?: boolean;
}

/**
 * The bars of one picture: the uniform lines peeled from its edges. Each line is judged only
 * between the bars already found across it (a row between the left and right bars, a column
 * between the top and bottom ones), and the edges are peeled in turn until none has a uniform line
 * left, so a window-box's four bars are found whatever their order, and a picture trims the same
 * alone or inside a frame. Returns null for a picture that is uniform through and through (a
 * black frame, a fade, a plain wall): it says nothing about bars (trim nothing from a still; leave
 * it out of a video's combineBars).
 * @throws Error when the plane holds fewer than `width * height` values.
 */
export function findBars({ luma, width, height }: LumaPlane, options: FindBarsOptions = {}): FoundBars | null {
  if (luma.length < width * height) throw new Error(`A ${width}x${height} luma plane needs ${width * height} values, got ${luma.length}.`);
  const bars = { ...NO_BARS };
  const innerHeight = () => height - bars.top - bars.bottom;
  const innerWidth = () => width - bars.left - bars.right;
  const rowLevel = (y: number) => uniformLineLevel(innerWidth(), (i) => luma[y * width + bars.left + i]!);
  const columnLevel = (x: number) => uniformLineLevel(innerHeight(), (i) => luma[(bars.top + i) * width + x]!);
  // The colour each edge's bar started with (when oneColourPerEdge holds it to that colour).
  const colour: Record<keyof Bars, number | null> = { top: null, bottom: null, left: null, right: null };
  const peel = (edge: keyof Bars, level: (line: number) => number | null, line: () => number, room: () => number) => {
    while (room() > 0) {
      const found = level(line());
      if (found === null) return;
      const started = colour[edge];
      if (options.oneColourPerEdge && started !== null && Math.abs(found - started) > UNIFORM_TOLERANCE) return;
      colour[edge] ??= found;
      bars[edge]++;
    }
  };
  for (let peeled = true; peeled; ) {
    const before = bars.top + bars.bottom + bars.left + bars.right;
    peel('top', rowLevel, () => bars.top, innerHeight);
    peel('bottom', rowLevel, () => height - 1 - bars.bottom, innerHeight);
    peel('left', columnLevel, () => bars.left, innerWidth);
    peel('right', columnLevel, () => width - 1 - bars.right, innerWidth);
    peeled = bars.top + bars.bottom + bars.left + bars.right > before;
  }
  return innerHeight() > 0 && innerWidth() > 0 ? { ...bars, colours: colour } : null;
}

/**
 * One trim for all frames of a video. On each edge, a bar counts only if every frame has one there
 * and all of them start with the same colour (within UNIFORM_TOLERANCE): padding is one colour
 * from the first frame to the last, while a flat band of the picture (a wall at the edge of a
 * moving shot) changes with the light and the framing. Where it counts, the trim is the smallest
 * bar any frame has, so a frame that merely is dark next to its bar does not widen it. Flat frames
 * (null from findBars: fades, black frames) say nothing and are left out; with no other frame,
 * nothing is trimmed.
 */
export function combineBars(perFrame: readonly (FoundBars | null)[]): Bars {
  const known = perFrame.filter((bars): bars is FoundBars => bars !== null);
  const combined = { ...NO_BARS };
  if (known.length === 0) return combined;
  for (const edge of EDGES) {
    const colours = known.map((bars) => bars.colours[edge]);
    if (colours.some((level) => level === null)) continue;
    const levels = colours as number[];
    if (Math.max(...levels) - Math.min(...levels) > UNIFORM_TOLERANCE) continue;
    combined[edge] = Math.min(...known.map((bars) => bars[edge]));
  }
  return combined;
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
