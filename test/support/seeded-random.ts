/**
 * A small deterministic generator of uniform numbers in [0, 1): mulberry32 (Tommy Ettinger's 32-bit
 * generator, public domain), so fixtures, synthetic galleries and benchmark inputs are the same on
 * every run. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
