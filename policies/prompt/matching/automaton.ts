/**
 * Aho–Corasick automaton over folded characters, compiled once per policy into a dense DFA
 * (every state has a transition for every character class, failure links already resolved), so
 * scanning is one table lookup per symbol alternative.
 *
 * The input is a {@link NormalizedText} whose symbols may offer several alternatives (leetspeak,
 * skippable repeats and separators). The scan therefore runs a small set of DFA states at once,
 * one per distinct reading; the set is capped so adversarial input stays linear.
 */
import { BOUNDARY, EPSILON, MAX_ALTS, type NormalizedText } from '../normalize/normalize-text.js';

/** At most this many simultaneous readings; beyond it extra readings are dropped. */
const MAX_THREADS = 16;
/** Stop collecting after this many raw matches; the prompt is flagged long before. */
export const MAX_RAW_MATCHES = 1024;

export interface RawMatch {
  pattern: number;
  /** Index of the symbol that completed the pattern. */
  endSymbol: number;
}

export class Automaton {
  /** Character code → class; class 0 is "a character no pattern contains". */
  private readonly classOf: Uint16Array;
  private readonly alphabetSize: number;
  private readonly delta: Int32Array;
  /** First pattern ending exactly at a state (-1 none); further ones chained through nextOutput. */
  private readonly firstOutput: Int32Array;
  private readonly nextOutput: Int32Array;
  /** Nearest state on the failure chain that has outputs (-1 none). */
  private readonly dictionaryLink: Int32Array;
  readonly stateCount: number;

  constructor(patterns: readonly (readonly number[])[]) {
    const classOf = new Uint16Array(0x10000);
    let alphabetSize = 1;
    for (const pattern of patterns) {
      for (const code of pattern) if (classOf[code] === 0) classOf[code] = alphabetSize++;
    }
    if (classOf[BOUNDARY] === 0) classOf[BOUNDARY] = alphabetSize++;
    this.classOf = classOf;
    this.alphabetSize = alphabetSize;

    // Trie: transitions start as -1 (absent) and are resolved to failure targets below.
    let capacity = 1;
    for (const pattern of patterns) capacity += pattern.length;
    let delta = new Int32Array(capacity * alphabetSize).fill(-1);
    const firstOutput = new Int32Array(capacity).fill(-1);
    const nextOutput = new Int32Array(patterns.length).fill(-1);
    let stateCount = 1;
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (const code of pattern) {
        const slot = state * alphabetSize + classOf[code]!;
        let next = delta[slot]!;
        if (next < 0) {
          next = stateCount++;
          delta[slot] = next;
        }
        state = next;
      }
      nextOutput[index] = firstOutput[state]!;
      firstOutput[state] = index;
    });
    delta = delta.slice(0, stateCount * alphabetSize);

    // Breadth-first: fail(child) = delta(fail(parent), c); absent transitions copy the failure's.
    const fail = new Int32Array(stateCount);
    const dictionaryLink = new Int32Array(stateCount).fill(-1);
    const queue = new Int32Array(stateCount);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < alphabetSize; c++) {
      const child = delta[c]!;
      if (child < 0) delta[c] = 0;
      else {
        fail[child] = 0;
        queue[tail++] = child;
      }
    }
    while (head < tail) {
      const state = queue[head++]!;
      const failState = fail[state]!;
      dictionaryLink[state] = firstOutput[failState]! >= 0 ? failState : dictionaryLink[failState]!;
      const row = state * alphabetSize;
      const failRow = failState * alphabetSize;
      for (let c = 0; c < alphabetSize; c++) {
        const child = delta[row + c]!;
        if (child < 0) {
          delta[row + c] = delta[failRow + c]!;
        } else {
          fail[child] = delta[failRow + c]!;
          queue[tail++] = child;
        }
      }
    }

    this.delta = delta;
    this.firstOutput = firstOutput.slice(0, stateCount);
    this.nextOutput = nextOutput;
    this.dictionaryLink = dictionaryLink;
    this.stateCount = stateCount;
  }

  /** Every (pattern, end symbol) found in any reading of the text, each reported once. */
  scan(text: NormalizedText): RawMatch[] {
    const { alts, altCount, length } = text;
    const { classOf, delta, alphabetSize, firstOutput, nextOutput, dictionaryLink } = this;
    let current = new Int32Array(MAX_THREADS);
    let next = new Int32Array(MAX_THREADS);
    let currentCount = 1;
    current[0] = 0;
    const matches: RawMatch[] = [];
    const seen = new Set<number>();

    for (let j = 0; j < length; j++) {
      let nextCount = 0;
      const altBase = j * MAX_ALTS;
      const alternatives = altCount[j]!;
      for (let t = 0; t < currentCount; t++) {
        const state = current[t]!;
        for (let k = 0; k < alternatives; k++) {
          const code = alts[altBase + k]!;
          const target = code === EPSILON ? state : delta[state * alphabetSize + classOf[code]!]!;
          let known = false;
          for (let u = 0; u < nextCount; u++) {
            if (next[u] === target) {
              known = true;
              break;
            }
          }
          if (!known && nextCount < MAX_THREADS) next[nextCount++] = target;
          if (code === EPSILON || matches.length >= MAX_RAW_MATCHES) continue;
          // Outputs of this state and of every state on its dictionary chain.
          for (let s = firstOutput[target]! >= 0 ? target : dictionaryLink[target]!; s >= 0; s = dictionaryLink[s]!) {
            for (let p = firstOutput[s]!; p >= 0; p = nextOutput[p]!) {
              const key = p * length + j;
              if (!seen.has(key)) {
                seen.add(key);
                matches.push({ pattern: p, endSymbol: j });
              }
            }
          }
        }
      }
      const swap = current;
      current = next;
      next = swap;
      currentCount = nextCount;
    }
    return matches;
  }
}
