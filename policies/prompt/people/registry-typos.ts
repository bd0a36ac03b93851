/**
 * Misspelt registry names: "Donlad Trump", "Prabowo Subiyanto", "Jokowii". Exact spellings (with
 * leetspeak, separators, repeated letters and look-alike letters) are the automaton's job
 * (compile.ts); this finds the near misses it cannot, by bounded edit distance per name word.
 *
 * False positives are what limits it: one letter separates many everyday words and names, so a
 * registry word may carry typos only from 5 letters (allowedTypos), a one-word name only when the
 * typed word is 6+ letters long, is not itself an everyday given name or function word and is not
 * part of a longer capitalised name, and every word of a multi-word name must be close.
 */
import type { PublicFigureEntry } from '../types.js';
import { allowedTypos, boundedEditDistance } from './edit-distance.js';
import { foldPhrase, type Word } from './fold-name.js';
import { GIVEN_NAMES } from './lexicon/given-names.js';
import { NOT_NAME_WORDS } from './lexicon/not-names.js';

/** A near miss of a registry name. Offsets are UTF-16 into the prompt, end exclusive. */
export interface RegistryTypoMatch {
  start: number;
  end: number;
  /** The registry spelling it is close to (the figure's name or one of its aliases). */
  registryName: string;
  figure: PublicFigureEntry;
  /** Total edits over the name's words (at least 1: exact spellings are the automaton's). */
  distance: number;
}

interface IndexedName {
  registryName: string;
  figure: PublicFigureEntry;
  tokens: string[];
}

const indexCache = new WeakMap<readonly PublicFigureEntry[], IndexedName[]>();

/** Registry names that can have typos at all (a name of only short words is matched exactly or not at all). */
function indexFigures(figures: readonly PublicFigureEntry[]): IndexedName[] {
  let index = indexCache.get(figures);
  if (!index) {
    index = [];
    for (const figure of figures) {
      for (const registryName of [figure.name, ...(figure.aliases ?? [])]) {
        const tokens = foldPhrase(registryName).split(' ').filter((t) => t !== '');
        if (tokens.length === 0 || tokens.every((t) => allowedTypos(t.length) === 0)) continue;
        index.push({ registryName, figure, tokens });
      }
    }
    indexCache.set(figures, index);
  }
  return index;
}

/** Near misses of registry names among the prompt's words, longest names first, not overlapping each other. */
export function findRegistryTypos(text: string, words: readonly Word[], figures: readonly PublicFigureEntry[]): RegistryTypoMatch[] {
  const index = indexFigures(figures);
  const found: RegistryTypoMatch[] = [];
  for (const entry of index) {
    const k = entry.tokens.length;
    for (let i = 0; i + k <= words.length; i++) {
      const window = words.slice(i, i + k);
      if (!adjacent(text, window)) continue;
      const distance = windowDistance(window, entry.tokens);
      if (distance === undefined || distance === 0) continue;
      // "Pranowo" is one edit from "Prabowo", but "Ganjar Pranowo" is someone else: a misspelt
      // one-word name counts only when it is not part of a longer capitalised name.
      if (k === 1 && distance > 0 && partOfLongerName(text, words, i)) continue;
      found.push({ start: window[0]!.start, end: window[k - 1]!.end, registryName: entry.registryName, figure: entry.figure, distance });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.distance - b.distance || a.start - b.start);
  const kept: RegistryTypoMatch[] = [];
  for (const m of found) if (!kept.some((k) => k.start < m.end && m.start < k.end)) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

/** The word at `i` has a capitalised word right before or after it (only spaces between). */
function partOfLongerName(text: string, words: readonly Word[], i: number): boolean {
  const joined = (a: Word, b: Word) => /^[ \t\u00a0]+$/u.test(text.slice(a.end, b.start));
  const before = words[i - 1];
  const after = words[i + 1];
  return (before !== undefined && before.capitalised && joined(before, words[i]!) && !NOT_NAME_WORDS.has(before.folded)) ||
    (after !== undefined && after.capitalised && joined(words[i]!, after) && !NOT_NAME_WORDS.has(after.folded));
}

/** Words of a name follow each other with only spaces (or a hyphen) between them. */
function adjacent(text: string, window: readonly Word[]): boolean {
  for (let j = 1; j < window.length; j++) {
    if (!/^[\s\u00a0-]+$/u.test(text.slice(window[j - 1]!.end, window[j]!.start))) return false;
  }
  return true;
}

/** Total edits when every word is within its allowance, else undefined. */
function windowDistance(window: readonly Word[], tokens: readonly string[]): number | undefined {
  let total = 0;
  for (let j = 0; j < tokens.length; j++) {
    const typed = window[j]!.folded.replace(/ /g, '');
    const wanted = tokens[j]!;
    const max = allowedTypos(wanted.length);
    const d = boundedEditDistance(typed, wanted, max);
    if (d > max) return undefined;
    total += d;
  }
  if (tokens.length === 1 && total > 0) {
    const w = window[0]!;
    if (GIVEN_NAMES.has(w.folded) || NOT_NAME_WORDS.has(w.folded)) return undefined;
    // Five-letter words are too often everyday words one letter from a name ("Putih", white in Indonesian, and "Putin").
    if (w.folded.length < 6) return undefined;
  }
  return total;
}
