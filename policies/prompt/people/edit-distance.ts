/**
 * Bounded edit distance between two name tokens, for misspelt registry names ("Donlad Trump",
 * "Jokowii", "Prabowo Subiyanto"). Optimal string alignment distance: insertions, deletions,
 * substitutions and transpositions of adjacent letters each cost 1 (Damerau's observation that
 * these four cover most typing errors). Computed on UTF-16 units of already folded text.
 */

/**
 * The distance between `a` and `b`, or `max + 1` as soon as it is known to exceed `max` (so a
 * registry of thousands of names costs little per prompt token). `max` is a small non-negative
 * integer; throws RangeError otherwise.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`boundedEditDistance: max must be a non-negative integer, got ${max}`);
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return Math.min(prev[b.length]!, max + 1);
}

/**
 * How many typing errors a name token of this length may carry and still count as that name:
 * none below 5 letters (short names and everyday words are too close to each other: "Obama" and
 * "Osama" differ by one letter), one from 5 letters, two from 9. Chosen on the development half of
 * test/policies/eval/people/ (docs/benchmarks.md, "Named people in prompts").
 */
export function allowedTypos(length: number): number {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}
