/**
 * Loupe's TypeScript PDQ against Meta's reference hashes (../shared/testdata/pdq, BSD licence,
 * read in place). Meta's own Python and C++ builds differ by a few bits (their test accepts 16),
 * and so do image decoders, so each hash must land within 16 bits of the reference.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage } from '../../activities/fingerprint/decode';
import { PdqMultiIndex } from '../../activities/fingerprint/multi-index';
import { hammingDistance, PDQ_MIN_QUALITY, pdqFromHex, pdqFromRgb, pdqToHex } from '../../activities/fingerprint/pdq';

const TESTDATA = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq');
const rows = readFileSync(path.join(TESTDATA, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [image, reference, hex] = line.split(',') as [string, string, string];
    return { image, reference, hex };
  });

async function hashImage(image: string) {
  const frame = await decodeImage(path.join(TESTDATA, 'images', image));
  return pdqFromRgb(frame.rgb, frame.width, frame.height);
}

it('reads the reference vectors', () => {
  expect(rows.length).toBeGreaterThanOrEqual(30);
});

describe.each(rows)('$image ($reference)', ({ image, hex }) => {
  it('hashes within 16 bits of Meta\'s reference, or reports the image too flat to match on', async () => {
    const hash = await hashImage(image);
    const distance = hammingDistance(hash.bytes, pdqFromHex(hex));
    if (hash.quality >= PDQ_MIN_QUALITY) expect(distance).toBeLessThanOrEqual(16);
    else expect(distance).toBeLessThanOrEqual(64); // near-flat images: bits are noise; PDQ says do not match on them
  });
});

it('matches the bridge photo after blur, sharpen, shrink, recolour and crop, and not its rotations', async () => {
  const original = await hashImage('bridge-mods/aaa-orig.jpg');
  for (const variant of ['blur-a-lot', 'sharpen-a-lot', 'shrink-a-lot', 'high-saturation', 'high-contrast', 'square-128x128']) {
    expect(hammingDistance(original.bytes, (await hashImage(`bridge-mods/${variant}.jpg`)).bytes), variant).toBeLessThanOrEqual(31);
  }
  for (const rotation of ['bridge-2-rotate-90', 'bridge-3-rotate-180', 'bridge-5-flipx']) {
    expect(hammingDistance(original.bytes, (await hashImage(`reg-test-input/dih/${rotation}.jpg`)).bytes), rotation).toBeGreaterThan(31);
  }
});

it('round-trips hex in the reference layout', () => {
  const hex = rows[0]!.hex;
  expect(pdqToHex(pdqFromHex(hex))).toBe(hex);
});

describe('multi-index lookup', () => {
  const random = (seed: number) => {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state >>> 24;
    };
  };
  const next = random(7);
  const stored = Array.from({ length: 5000 }, () => Uint8Array.from({ length: 32 }, next));
  const index = new PdqMultiIndex(16);
  stored.forEach((hash) => index.add(hash));

  const flip = (hash: Uint8Array, bits: number[]) => {
    const copy = Uint8Array.from(hash);
    for (const bit of bits) copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  };

  it('finds every stored hash within 31 bits, however the differences are spread', () => {
    for (let i = 0; i < 200; i++) {
      // 31 flipped bits, spread over as many chunks as possible (the hardest case for the pigeonhole).
      const bits = Array.from({ length: 31 }, (_, k) => ((k % 16) * 16 + ((k * 7 + i) % 16)) % 256);
      const hits = index.search(flip(stored[i]!, [...new Set(bits)]));
      expect(hits.map((hit) => hit.entry)).toContain(i);
    }
  });

  it('agrees with a linear scan', () => {
    const query = flip(stored[42]!, [1, 50, 99, 130, 200]);
    const expected = stored.map((hash, entry) => ({ entry, distance: hammingDistance(hash, query) })).filter((hit) => hit.distance <= 31);
    expect(index.search(query).sort((a, b) => a.entry - b.entry)).toEqual(expected);
  });

  it('does not return hashes further than 31 bits', () => {
    const far = flip(stored[0]!, Array.from({ length: 40 }, (_, k) => k * 6));
    expect(index.search(far).map((hit) => hit.entry)).not.toContain(0);
  });
});
