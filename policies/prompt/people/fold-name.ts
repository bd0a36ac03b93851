/**
 * Words of a prompt with their offsets, and their folded spelling for comparing names: the same
 * per-character folding as the matcher (NFKD without marks, lower case, Cyrillic/Greek look-alikes
 * to Latin: normalize/fold-char.ts) plus the first reading of leetspeak digits ("D0nald" → donald).
 */
import { foldCodePoint } from '../normalize/fold-char.js';
import { LEET_LETTERS } from '../normalize/leetspeak.js';

/** One word of the original text: `text.slice(start, end) === raw` (UTF-16 offsets, end exclusive). */
export interface Word {
  raw: string;
  start: number;
  end: number;
  /** Folded spelling: lower-case Latin where a look-alike or leet character stood. */
  folded: string;
  /** The word begins with an upper-case letter (in the script it was written in). */
  capitalised: boolean;
}

// A word: letters (any script), digits and leet symbols inside it, apostrophes and inner hyphens.
const WORD = /[\p{L}\p{N}@$|€][\p{L}\p{M}\p{N}@$|€'’]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*)*/gu;
const UPPER = /^\p{Lu}/u;
const HAS_LETTER = /\p{L}/u;

/** Splits a prompt into words; tokens without any letter (numbers, symbols) are left out. */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    if (!HAS_LETTER.test(raw)) continue;
    words.push({ raw, start: m.index, end: m.index + raw.length, folded: foldName(raw), capitalised: UPPER.test(raw) });
  }
  return words;
}

/** The folded spelling of a name or word: letters and digits only, leet read as letters, apostrophes dropped. */
export function foldName(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const leet = LEET_LETTERS[ch];
    if (leet) {
      out += leet[0];
      continue;
    }
    const folded = foldCodePoint(ch.codePointAt(0)!);
    for (const f of folded) if (/[\p{L}\p{N}]/u.test(f)) out += f;
    if (ch === '-') out += ' ';
  }
  return out;
}

/** A name as folded words joined by single spaces ("Spider-Man" → "spider man"). */
export function foldPhrase(name: string): string {
  return wordsOf(name)
    .map((w) => w.folded)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
