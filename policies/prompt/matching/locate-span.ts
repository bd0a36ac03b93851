/**
 * Where a match starts. The automaton reports only the symbol where a pattern ended; because
 * symbols can be skipped (repeats, separators) the start is not "end minus length". This walks
 * the symbols backwards, following every reading, until the whole pattern is consumed, and
 * returns the first and last symbols that matched a letter or digit of the pattern, from which
 * the original-text span follows.
 */
import { BOUNDARY, EPSILON, MAX_ALTS, type NormalizedText } from '../normalize/normalize-text.js';

/** How far back to look; a pattern stretched over more symbols than this is not located. */
const MAX_LOOKBACK = 4096;

export interface SymbolRange {
  first: number;
  last: number;
}

export function locateSymbols(text: NormalizedText, endSymbol: number, pattern: readonly number[]): SymbolRange | undefined {
  // Threads: pattern position still to match (going backwards) and the word symbols seen so far.
  let positions = [pattern.length - 1];
  let lasts = [-1];
  let firsts = [-1];
  const stop = Math.max(0, endSymbol - MAX_LOOKBACK);
  for (let j = endSymbol; j >= stop && positions.length > 0; j--) {
    const nextPositions: number[] = [];
    const nextLasts: number[] = [];
    const nextFirsts: number[] = [];
    const base = j * MAX_ALTS;
    for (let t = 0; t < positions.length; t++) {
      const p = positions[t]!;
      for (let k = 0; k < text.altCount[j]!; k++) {
        const code = text.alts[base + k]!;
        let np = p;
        let last = lasts[t]!;
        let first = firsts[t]!;
        if (code === EPSILON) {
          // The pattern's final symbol must be consumed where the automaton reported it.
          if (j === endSymbol) continue;
        } else if (code === pattern[p]) {
          np = p - 1;
          if (code !== BOUNDARY) {
            if (last < 0) last = j;
            first = j;
          }
        } else {
          continue;
        }
        if (np < 0) return first >= 0 ? { first, last } : undefined;
        if (!nextPositions.includes(np)) {
          nextPositions.push(np);
          nextLasts.push(last);
          nextFirsts.push(first);
        }
      }
    }
    positions = nextPositions;
    lasts = nextLasts;
    firsts = nextFirsts;
  }
  return undefined;
}
