/**
 * Per-character folding: what one code point of a prompt becomes before matching.
 *
 * NFKD (compatibility decomposition: fullwidth, math alphanumerics, ligatures, circled letters)
 * with combining marks removed (diacritics, Zalgo), lower-cased, `ß`→`ss`, then look-alikes from
 * other scripts mapped to Latin. Folding is done one code point at a time, which is what keeps a
 * map back to the original offsets possible; results are memoised because prompts reuse few
 * distinct characters.
 */
import { CONFUSABLES, EMOJI_LETTER_RANGES, REGIONAL_INDICATOR_A, REGIONAL_INDICATOR_Z } from './confusables.js';
import { LEET_SYMBOLS } from './leetspeak.js';

/** What a folded character does in a word. */
export const KIND_LETTER = 1;
export const KIND_DIGIT = 2;
/** `@`, `$`, `!`, `|`: a letter inside a word, punctuation elsewhere. */
export const KIND_LEET = 3;
/** Whitespace, punctuation, symbols, emoji: separates words. */
export const KIND_GAP = 4;

export type CharKind = typeof KIND_LETTER | typeof KIND_DIGIT | typeof KIND_LEET | typeof KIND_GAP;

/** Why a code point was set aside before folding (it is never matched). */
export type SpecialClass = 'none' | 'mark' | 'invisible' | 'bidi' | 'control';

/** A letter outside the BMP (e.g. a historic script) that no pattern can contain. */
export const OTHER_LETTER = 0xfffe;

const COMBINING_MARK = /^\p{M}$/u;
// The Hangul fillers (U+115F U+1160) and the variation selectors after U+FFA0 would combine if written
// side by side as text; in this class each is one code point matched on its own (the pattern is anchored
// to a single character), which is what the list means, so the lint rule's concern does not apply.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /^[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\u{e0000}-\u{e0fff}]$/u;
/** Embeddings, overrides and isolates: they reorder what a reviewer sees without changing the text. */
const BIDI_CONTROL = /^[\u202a-\u202e\u2066-\u2069]$/u;
const CONTROL = /^[\p{Cc}]$/u;
const LETTER = /^\p{L}$/u;
const COMBINING_MARKS = /\p{M}/gu;

const specialCache = new Map<number, SpecialClass>();

/**
 * Combining marks (diacritics, Zalgo) belong to the letter before them; invisible, bidi and
 * control characters are removed before matching and reported as signals.
 */
export function specialClassOf(codePoint: number): SpecialClass {
  if (codePoint < 0x80) {
    if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d) return 'none';
    return codePoint < 0x20 || codePoint === 0x7f ? 'control' : 'none';
  }
  let cls = specialCache.get(codePoint);
  if (cls === undefined) {
    const ch = String.fromCodePoint(codePoint);
    cls = BIDI_CONTROL.test(ch)
      ? 'bidi'
      : CONTROL.test(ch)
        ? 'control'
        : COMBINING_MARK.test(ch) && codePoint !== 0x34f
          ? 'mark'
          : INVISIBLE.test(ch)
            ? 'invisible'
            : 'none';
    specialCache.set(codePoint, cls);
  }
  return cls;
}

const foldCache = new Map<number, string>();

/** The folded form of one code point: zero or more characters (e.g. `ﬁ` → "fi", `é` → "e"). */
export function foldCodePoint(codePoint: number): string {
  if (codePoint < 0x80) {
    return codePoint >= 0x41 && codePoint <= 0x5a
      ? String.fromCharCode(codePoint + 0x20)
      : String.fromCharCode(codePoint);
  }
  let folded = foldCache.get(codePoint);
  if (folded === undefined) {
    folded = computeFold(codePoint);
    foldCache.set(codePoint, folded);
  }
  return folded;
}

function computeFold(codePoint: number): string {
  if (codePoint >= REGIONAL_INDICATOR_A && codePoint <= REGIONAL_INDICATOR_Z) {
    return String.fromCharCode(0x61 + codePoint - REGIONAL_INDICATOR_A);
  }
  for (const first of EMOJI_LETTER_RANGES) {
    if (codePoint >= first && codePoint < first + 26) return String.fromCharCode(0x61 + codePoint - first);
  }
  // Hangul fillers render as blanks; treat them as spaces rather than letters.
  if (codePoint === 0x3164 || codePoint === 0xffa0 || codePoint === 0x115f || codePoint === 0x1160) return ' ';
  const decomposed = String.fromCodePoint(codePoint).normalize('NFKD').replace(COMBINING_MARKS, '');
  let out = '';
  for (const ch of decomposed.toLowerCase()) {
    const mapped = CONFUSABLES[ch] ?? ch;
    for (const m of mapped) {
      const cp = m.codePointAt(0)!;
      // Matching works on UTF-16 units; a letter outside the BMP cannot be in any pattern anyway.
      out += cp > 0xffff ? (LETTER.test(m) ? String.fromCharCode(OTHER_LETTER) : ' ') : m;
    }
  }
  return out;
}

const kindTable = new Uint8Array(0x10000);

/** Kind of one folded UTF-16 unit (the output of {@link foldCodePoint}). */
export function kindOfFolded(unit: number): CharKind {
  let kind = kindTable[unit]!;
  if (kind === 0) {
    const ch = String.fromCharCode(unit);
    if (unit >= 0x30 && unit <= 0x39) kind = KIND_DIGIT;
    else if (LEET_SYMBOLS.has(ch)) kind = KIND_LEET;
    else if (unit === OTHER_LETTER || LETTER.test(ch)) kind = KIND_LETTER;
    else kind = KIND_GAP;
    kindTable[unit] = kind;
  }
  return kind as CharKind;
}

/** Scripts we watch for mixing inside one word (a classic homoglyph evasion). */
export const SCRIPT_OTHER = 0;
export const SCRIPT_LATIN = 1;
export const SCRIPT_CYRILLIC = 2;
export const SCRIPT_GREEK = 3;

const scriptCache = new Map<number, number>();
const LATIN = /^\p{Script=Latin}$/u;
const CYRILLIC = /^\p{Script=Cyrillic}$/u;
const GREEK = /^\p{Script=Greek}$/u;

export function scriptOf(codePoint: number): number {
  if (codePoint < 0x80) {
    const lower = codePoint | 0x20;
    return lower >= 0x61 && lower <= 0x7a ? SCRIPT_LATIN : SCRIPT_OTHER;
  }
  let script = scriptCache.get(codePoint);
  if (script === undefined) {
    const ch = String.fromCodePoint(codePoint);
    script = LATIN.test(ch) ? SCRIPT_LATIN : CYRILLIC.test(ch) ? SCRIPT_CYRILLIC : GREEK.test(ch) ? SCRIPT_GREEK : SCRIPT_OTHER;
    scriptCache.set(codePoint, script);
  }
  return script;
}
