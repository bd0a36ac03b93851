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
  /** Ids of the name's words in `RegistryIndex.tokens`. */
  tokenIds: number[];
}

/**
 * Registry names by their words, with every word's deletion variants (each spelling reachable by
 * deleting up to its typo allowance of letters). Two words within edit distance k share a variant
 * reachable by at most k deletions from each (the symmetric-deletion idea of spelling correctors),
 * so a prompt word is compared only with the few registry words it shares a variant with, instead
 * of with every name: a registry of thousands of names costs microseconds per word.
 */
interface RegistryIndex {
  names: IndexedName[];
  tokens: string[];
  /** Deletion variant → ids of registry words that have it. */
  variants: Map<string, number[]>;
  /** Registry word id → names that start with it. */
  byFirstToken: Map<number, IndexedName[]>;
}

const indexCache = new WeakMap<readonly PublicFigureEntry[], RegistryIndex>();
/** The largest typo allowance of any word (allowedTypos), so the deletions a prompt word needs. */
const MAX_TYPOS = 2;

function indexFigures(figures: readonly PublicFigureEntry[]): RegistryIndex {
  const cached = indexCache.get(figures);
  if (cached) return cached;
  const index: RegistryIndex = { names: [], tokens: [], variants: new Map(), byFirstToken: new Map() };
  const tokenIds = new Map<string, number>();
  const idOf = (token: string): number => {
    let id = tokenIds.get(token);
    if (id === undefined) {
      id = index.tokens.length;
      index.tokens.push(token);
      tokenIds.set(token, id);
      for (const variant of deletions(token, allowedTypos(token.length))) {
        const ids = index.variants.get(variant);
        if (ids) ids.push(id);
        else index.variants.set(variant, [id]);
      }
    }
    return id;
  };
  for (const figure of figures) {
    for (const registryName of [figure.name, ...(figure.aliases ?? [])]) {
      const tokens = foldPhrase(registryName).split(' ').filter((t) => t !== '');
      // A name of only short words is matched exactly (by the automaton) or not at all.
      if (tokens.length === 0 || tokens.every((t) => allowedTypos(t.length) === 0)) continue;
      const entry: IndexedName = { registryName, figure, tokenIds: tokens.map(idOf) };
      index.names.push(entry);
      const first = entry.tokenIds[0]!;
      const list = index.byFirstToken.get(first);
      if (list) list.push(entry);
      else index.byFirstToken.set(first, [entry]);
    }
  }
  indexCache.set(figures, index);
  return index;
}

/** Every string reachable from `word` by deleting at most `max` letters (the word itself included). */
function deletions(word: string, max: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let step = 0; step < max; step++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Registry words within their typo allowance of `typed`, with the distance. */
function closeTokens(index: RegistryIndex, typed: string): Map<number, number> {
  const close = new Map<number, number>();
  for (const variant of deletions(typed, MAX_TYPOS)) {
    for (const id of index.variants.get(variant) ?? []) {
      if (close.has(id)) continue;
      const token = index.tokens[id]!;
      const max = allowedTypos(token.length);
      const d = boundedEditDistance(typed, token, max);
      if (d <= max) close.set(id, d);
    }
  }
  return close;
}

/** Near misses of registry names among the prompt's words, longest names first, not overlapping each other. */
export function findRegistryTypos(text: string, words: readonly Word[], figures: readonly PublicFigureEntry[]): RegistryTypoMatch[] {
  const index = indexFigures(figures);
  if (index.names.length === 0) return [];
  const memo = new Map<string, Map<number, number>>();
  const closeAt = (j: number): Map<number, number> => {
    const typed = words[j]!.folded.replace(/ /g, '');
    let close = memo.get(typed);
    if (!close) {
      close = closeTokens(index, typed);
      memo.set(typed, close);
    }
    return close;
  };
  const found: RegistryTypoMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const [firstId] of closeAt(i)) {
      for (const entry of index.byFirstToken.get(firstId) ?? []) {
        const k = entry.tokenIds.length;
        if (i + k > words.length) continue;
        const window = words.slice(i, i + k);
        if (!adjacent(text, window)) continue;
        const distance = windowDistance(window, entry.tokenIds.map((id, j) => closeAt(i + j).get(id)));
        if (distance === undefined || distance === 0) continue;
        // "Pranowo" is one edit from "Prabowo", but "Ganjar Pranowo" is someone else: a misspelt
        // one-word name counts only when it is not part of a longer capitalised name.
        if (k === 1 && partOfLongerName(text, words, i)) continue;
        found.push({ start: window[0]!.start, end: window[k - 1]!.end, registryName: entry.registryName, figure: entry.figure, distance });
      }
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

/** Total edits when every word is within its allowance (`distances[j]` defined), else undefined. */
function windowDistance(window: readonly Word[], distances: readonly (number | undefined)[]): number | undefined {
  let total = 0;
  for (const d of distances) {
    if (d === undefined) return undefined;
    total += d;
  }
  if (distances.length === 1 && total > 0) {
    const w = window[0]!;
    if (GIVEN_NAMES.has(w.folded) || NOT_NAME_WORDS.has(w.folded)) return undefined;
    // Five-letter words are too often everyday words one letter from a name ("Putih", white in Indonesian, and "Putin").
    if (w.folded.length < 6) return undefined;
  }
  return total;
}
