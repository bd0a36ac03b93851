/**
 * Bars found and trimmed before hashing (activities/fingerprint/letterbox.ts), on generated luma
 * planes: any busy picture padded with uniform bars of any colour, on any edges, with compression-
 * like noise, comes back exactly; a flat picture or a bar holding a caption is not mistaken for
 * padding. Property-based (fast-check): the generators cover the kinds, not one input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combineBars,
  cropPlane,
  findBars,
  NO_BARS,
  UNIFORM_TOLERANCE,
  type Bars,
  type FoundBars,
  type LumaPlane,
} from '../../activities/fingerprint/letterbox';

/** A busy picture: every pixel drawn from 0..255, so no row or column of it is uniform. */
const busyPicture = fc
  .record({ width: fc.integer({ min: 16, max: 72 }), height: fc.integer({ min: 16, max: 72 }), seed: fc.integer() })
  .map(({ width, height, seed }) => plane(width, height, (x, y) => hash(seed, x, y) % 256));

/** Padding on each edge (zero is no bar there), its colour and how noisy its pixels are. */
const padding = fc.record({
  top: fc.integer({ min: 0, max: 40 }),
  bottom: fc.integer({ min: 0, max: 40 }),
  left: fc.integer({ min: 0, max: 40 }),
  right: fc.integer({ min: 0, max: 40 }),
  colour: fc.integer({ min: 0, max: 255 }),
  // Compression noise: every bar pixel off by up to half the tolerance either way, so any two
  // pixels of a bar (and so each pixel and the median) are within the tolerance of each other.
  noise: fc.integer({ min: 0, max: Math.floor(UNIFORM_TOLERANCE / 2) }),
  seed: fc.integer(),
});

function hash(seed: number, x: number, y: number): number {
  let h = (seed ^ Math.imul(x + 1, 0x9e3779b1) ^ Math.imul(y + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** The four edges of what findBars found, without the colours. */
function edges(found: FoundBars | null): Bars | null {
  return found && { top: found.top, bottom: found.bottom, left: found.left, right: found.right };
}

function plane(width: number, height: number, value: (x: number, y: number) => number): LumaPlane {
  const luma = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) luma[y * width + x] = value(x, y);
  return { luma, width, height };
}

/** `picture` inside bars of one colour (each pixel of the bars jittered by up to `noise`). */
function pad(picture: LumaPlane, bars: Bars & { colour: number; noise: number; seed: number }): LumaPlane {
  const width = picture.width + bars.left + bars.right;
  const height = picture.height + bars.top + bars.bottom;
  return plane(width, height, (x, y) => {
    const inside = x >= bars.left && x < width - bars.right && y >= bars.top && y < height - bars.bottom;
    if (inside) return picture.luma[(y - bars.top) * picture.width + (x - bars.left)]!;
    const jitter = bars.noise === 0 ? 0 : (hash(bars.seed, x, y) % (2 * bars.noise + 1)) - bars.noise;
    return Math.max(0, Math.min(255, bars.colour + jitter));
  });
}

describe('findBars', () => {
  it('finds exactly the padding of any busy picture: letter-, pillar- and window-box, centred or not, any colour, noisy', () => {
    fc.assert(
      fc.property(busyPicture, padding, (picture, bars) => {
        const padded = pad(picture, bars);
        const found = findBars(padded);
        expect(edges(found)).toEqual({ top: bars.top, bottom: bars.bottom, left: bars.left, right: bars.right });
        // Trimming them gives the picture back, pixel for pixel.
        expect(cropPlane(padded, found!).luma).toEqual(picture.luma);
      }),
      { numRuns: 300 },
    );
  });

  it('trims a re-framed copy to what the original trims to, even when the original has flat bands of its own', () => {
    // The original: a busy picture with a flat band (a sky, a wall) along some edges.
    const original = fc
      .tuple(busyPicture, fc.record({ top: fc.integer({ min: 0, max: 8 }), left: fc.integer({ min: 0, max: 8 }), colour: fc.integer({ min: 0, max: 255 }) }))
      .map(([busy, band]) => pad(busy, { top: band.top, bottom: 0, left: band.left, right: 0, colour: band.colour, noise: 0, seed: 0 }));
    fc.assert(
      fc.property(original, padding, (picture, bars) => {
        const copy = pad(picture, bars);
        const trimmedOriginal = cropPlane(picture, findBars(picture) ?? NO_BARS);
        const trimmedCopy = cropPlane(copy, findBars(copy) ?? NO_BARS);
        expect({ width: trimmedCopy.width, height: trimmedCopy.height }).toEqual({ width: trimmedOriginal.width, height: trimmedOriginal.height });
        expect(trimmedCopy.luma).toEqual(trimmedOriginal.luma);
      }),
      { numRuns: 200 },
    );
  });

  it('still finds a bar with specks in it (under 2% of a line), as dust or a dead pixel leave', () => {
    const picture = plane(60, 40, (x, y) => hash(3, x, y) % 256);
    const padded = pad(picture, { top: 20, bottom: 20, left: 0, right: 0, colour: 16, noise: 3, seed: 9 });
    padded.luma[5 * padded.width + 30] = 255; // one white speck in the top bar's sixth row
    expect(edges(findBars(padded))).toEqual({ top: 20, bottom: 20, left: 0, right: 0 });
  });

  it('ends a bar at a caption inside it: only uniform lines are bars', () => {
    const picture = plane(100, 50, (x, y) => hash(5, x, y) % 256);
    const padded = pad(picture, { top: 30, bottom: 30, left: 0, right: 0, colour: 0, noise: 0, seed: 0 });
    // White caption text (10% of the width) on rows 8-11 of the bottom bar, counted from the bottom.
    for (let y = padded.height - 12; y < padded.height - 8; y++) for (let x = 45; x < 55; x++) padded.luma[y * padded.width + x] = 255;
    expect(edges(findBars(padded))).toEqual({ top: 30, bottom: 8, left: 0, right: 0 });
  });

  it('takes a bar whose pixels stray more than the tolerance for content', () => {
    const picture = plane(60, 40, (x, y) => hash(4, x, y) % 256);
    // A "bar" of a texture spanning ±30 levels is not padding.
    const textured = pad(picture, { top: 10, bottom: 10, left: 0, right: 0, colour: 128, noise: 30, seed: 2 });
    expect(edges(findBars(textured))).toEqual(NO_BARS);
  });

  it('says nothing (null) about a picture that is uniform through and through, and trims any share of one that is not', () => {
    expect(findBars(plane(64, 48, () => 40))).toBeNull();
    expect(findBars(plane(64, 48, (x) => (x < 32 ? 0 : 200)))).toBeNull(); // two flat halves: every row and column peels
    // 10 busy rows between two bars of 60: 92% bars, a wide film frame in a tall phone frame.
    const picture = plane(40, 10, (x, y) => hash(6, x, y) % 256);
    expect(edges(findBars(pad(picture, { top: 60, bottom: 60, left: 0, right: 0, colour: 0, noise: 0, seed: 0 })))).toEqual({ top: 60, bottom: 60, left: 0, right: 0 });
  });

  it('holds each edge to one colour when asked: a black bar stops at a grey wall behind it', () => {
    const picture = plane(60, 40, (x, y) => (x < 10 ? 128 : hash(8, x, y) % 256)); // a flat grey band on the left
    const framed = pad(picture, { top: 0, bottom: 0, left: 12, right: 12, colour: 0, noise: 0, seed: 0 });
    expect(edges(findBars(framed))).toEqual({ top: 0, bottom: 0, left: 22, right: 12 });
    expect(findBars(framed, { oneColourPerEdge: true })).toEqual({ top: 0, bottom: 0, left: 12, right: 12, colours: { top: null, bottom: null, left: 0, right: 0 } });
  });
});

describe('combineBars', () => {
  const bars = (top: number, bottom: number, left: number, right: number, colour = 16): FoundBars => ({
    top, bottom, left, right,
    colours: { top: top > 0 ? colour : null, bottom: bottom > 0 ? colour : null, left: left > 0 ? colour : null, right: right > 0 ? colour : null },
  });

  it('trims a video only as far as every frame has bars; flat frames are left out', () => {
    expect(combineBars([bars(40, 42, 0, 3), null /* a fade to black */, bars(40, 40, 6, 0)])).toEqual({ top: 40, bottom: 40, left: 0, right: 0 });
    expect(combineBars([null, null])).toEqual(NO_BARS);
    expect(combineBars([])).toEqual(NO_BARS);
  });

  it('keeps a flat band whose colour changes between frames: content (a wall as the camera moves), not padding', () => {
    expect(combineBars([bars(0, 0, 0, 30, 150), bars(0, 0, 0, 80, 184)])).toEqual(NO_BARS);
    // The same colour within the tolerance: padding, trimmed as far as every frame has it.
    expect(combineBars([bars(0, 0, 0, 30, 16), bars(0, 0, 0, 80, 16 + UNIFORM_TOLERANCE)])).toEqual({ top: 0, bottom: 0, left: 0, right: 30 });
  });
});

describe('cropPlane', () => {
  it('refuses a crop that leaves nothing or reaches outside the plane', () => {
    const p = plane(10, 10, () => 0);
    expect(() => cropPlane(p, { top: 5, bottom: 5, left: 0, right: 0 })).toThrow(/Cannot crop/);
    expect(() => cropPlane(p, NO_BARS, { x: 5, y: 0, width: 6, height: 10 })).toThrow(/Cannot crop/);
  });
});
