/**
 * The bounded edit distance behind misspelt registry names, as a table: transpositions cost one,
 * the bound cuts the work short, and the typo allowance keeps short names exact.
 */
import { describe, expect, it } from 'vitest';
import { allowedTypos, boundedEditDistance } from '../../../policies/prompt/people/edit-distance.js';

describe('boundedEditDistance', () => {
  it.each([
    ['donald', 'donald', 2, 0],
    ['donlad', 'donald', 2, 1], // adjacent transposition
    ['jokowii', 'jokowi', 2, 1], // insertion
    ['jokow', 'jokowi', 2, 1], // deletion
    ['trunp', 'trump', 2, 1], // substitution
    ['subiyanto', 'subianto', 2, 1],
    ['prabwoo', 'prabowo', 2, 1], // one transposition, not two substitutions
    ['subiyantoo', 'subianto', 2, 2],
    ['swift', 'taylor', 2, 3], // over the bound: max + 1
    ['a', 'abcdefgh', 2, 3], // length difference alone exceeds the bound
    ['', '', 0, 0],
    ['abc', '', 3, 3],
  ])('%s vs %s (max %i) = %i', (a, b, max, expected) => {
    expect(boundedEditDistance(a, b, max)).toBe(expected);
    expect(boundedEditDistance(b, a, max)).toBe(expected);
  });

  it('refuses a negative or fractional bound', () => {
    expect(() => boundedEditDistance('a', 'b', -1)).toThrow(RangeError);
    expect(() => boundedEditDistance('a', 'b', 1.5)).toThrow(RangeError);
  });
});

describe('allowedTypos', () => {
  it.each([
    [3, 0],
    [4, 0],
    [5, 1],
    [8, 1],
    [9, 2],
    [14, 2],
  ])('a %i-letter name word may carry %i typos', (length, typos) => {
    expect(allowedTypos(length)).toBe(typos);
  });
});
