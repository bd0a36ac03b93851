/**
 * Turns a prompt into the symbol stream the matcher reads, keeping every symbol's span in the
 * original text.
 *
 * Each symbol offers up to {@link MAX_ALTS} alternatives and the matcher follows all of them, which
 * is how ambiguity is handled without guessing:
 * - a letter is itself (`é` → e, `ѕ` → s, `ｋ` → k);
 * - a repeated letter may also be skipped (`kiiiill` reads as kill, and still as kiiiill);
 * - a leet character inside a word is its letters or itself (`1` → i | l | 1);
 * - a short separator inside a word, or between single letters (`v.i.o.l`, `s e x`, `k-i-l-l`) is a
 *   word boundary or nothing;
 * - any other gap between words is one word boundary.
 * The stream starts and ends with a boundary so that whole-word patterns match at the edges.
 *
 * The same pass records what is suspicious about the input (controls, bidi overrides, lone
 * surrogates, invisible characters inside words, words mixing Latin with Cyrillic or Greek).
 */
import {
  KIND_DIGIT,
  KIND_GAP,
  KIND_LEET,
  KIND_LETTER,
  OTHER_LETTER,
  SCRIPT_CYRILLIC,
  SCRIPT_GREEK,
  SCRIPT_LATIN,
  foldCodePoint,
  kindOfFolded,
  scriptOf,
  specialClassOf,
} from './fold-char.js';
import { LEET_LETTERS } from './leetspeak.js';

/** The word-boundary symbol (a space never survives as a letter). */
export const BOUNDARY = 0x20;
/** "Consume nothing": the alternative that skips a symbol. */
export const EPSILON = -1;
export const MAX_ALTS = 4;

export type InputSignalKind =
  | 'control_character'
  | 'bidi_control'
  | 'unpaired_surrogate'
  | 'invisible_in_word'
  | 'mixed_script_word';

export interface InputSignal {
  kind: InputSignalKind;
  /** UTF-16 offset of the first occurrence. */
  index: number;
  count: number;
}

export interface NormalizedText {
  /** Number of symbols. */
  length: number;
  /** `alts[i * MAX_ALTS + k]` for k < altCount[i]: character codes, BOUNDARY or EPSILON. */
  alts: Int32Array;
  altCount: Uint8Array;
  /** Original UTF-16 span of each symbol. */
  start: Int32Array;
  end: Int32Array;
  /** True when the symbol is a letter or digit (spans of matches are cut to these). */
  isWordChar: Uint8Array;
  signals: InputSignal[];
}

/** Longest separator (in characters) that may sit inside a word: `k.i`, `k--i`, `k🔥i`. */
const MAX_INWORD_SEPARATOR = 3;
/** `s e x` needs at least three single characters in a row before the spaces are ignorable. */
const MIN_SPACED_LETTERS = 3;
/**
 * A run of one letter longer than this adds no symbols, only widens the last one's span: it keeps
 * `aaaa…` (100 KB of it) linear and cheap. Terms are capped the same way when they are encoded
 * (matching/patterns.ts `encodeTerm`), so a registered name such as "Zorvexdddd" still matches.
 */
export const MAX_RUN = 3;

/**
 * Folded characters, each with the span of the code point it came from. Growable typed arrays:
 * this is the hot path for long inputs and plain arrays of objects cost more in allocation.
 */
class Units {
  length = 0;
  code: Int32Array;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;

  constructor(capacity: number) {
    this.code = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  push(code: number, kind: number, start: number, end: number): void {
    if (this.length === this.code.length) this.grow();
    const i = this.length++;
    this.code[i] = code;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
  }

  private grow(): void {
    const capacity = this.code.length * 2 + 16;
    const code = new Int32Array(capacity);
    code.set(this.code);
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    const start = new Int32Array(capacity);
    start.set(this.start);
    const end = new Int32Array(capacity);
    end.set(this.end);
    this.code = code;
    this.kind = kind;
    this.start = start;
    this.end = end;
  }
}

/**
 * Reused between calls: units never leave normalizeText, which runs to completion without calling
 * out, so one buffer serves every call and spares an allocation per prompt (it only grows).
 */
const scratchUnits = new Units(4096);

export function normalizeText(text: string): NormalizedText {
  const signals = new SignalCollector();
  const units = foldUnits(text, signals);
  return buildSymbols(units, text, signals.list());
}

class SignalCollector {
  private readonly byKind = new Map<InputSignalKind, InputSignal>();
  add(kind: InputSignalKind, index: number): void {
    const existing = this.byKind.get(kind);
    if (existing) existing.count++;
    else this.byKind.set(kind, { kind, index, count: 1 });
  }
  list(): InputSignal[] {
    return [...this.byKind.values()];
  }
}

function foldUnits(text: string, signals: SignalCollector): Units {
  const units = scratchUnits;
  units.length = 0;
  // For the "invisible character inside a word" and "mixed scripts in a word" signals.
  let invisibleSinceLastUnit = false;
  let previousLatinLetter = false;
  let wordScripts = 0;
  let wordStart = 0;
  const closeWord = (): void => {
    const mixesLatin = (wordScripts & (1 << SCRIPT_LATIN)) !== 0;
    if (mixesLatin && (wordScripts & ((1 << SCRIPT_CYRILLIC) | (1 << SCRIPT_GREEK))) !== 0) {
      signals.add('mixed_script_word', wordStart);
    }
    wordScripts = 0;
  };

  for (let i = 0; i < text.length; ) {
    const unit = text.charCodeAt(i);
    let codePoint = unit;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        codePoint = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        width = 2;
      } else {
        signals.add('unpaired_surrogate', i);
        units.push(BOUNDARY, KIND_GAP, i, i + 1);
        closeWord();
        previousLatinLetter = false;
        i += 1;
        continue;
      }
    }

    const special = specialClassOf(codePoint);
    if (special === 'mark') {
      // A combining mark is part of the preceding character: widen its span so a highlight
      // covers the whole glyph (`é` written as e + U+0301, Zalgo stacks).
      const last = units.length - 1;
      if (last >= 0 && units.end[last] === i) {
        for (let u = last; u >= 0 && units.end[u] === i; u--) units.end[u] = i + width;
      }
      i += width;
      continue;
    }
    if (special !== 'none') {
      if (special === 'control') signals.add('control_character', i);
      else if (special === 'bidi') signals.add('bidi_control', i);
      if (special === 'control') {
        // A control character separates words like whitespace does.
        units.push(BOUNDARY, KIND_GAP, i, i + width);
        closeWord();
        previousLatinLetter = false;
      } else if (special === 'invisible') {
        invisibleSinceLastUnit = true;
      }
      i += width;
      continue;
    }

    const folded = foldCodePoint(codePoint);
    const script = scriptOf(codePoint);
    for (let k = 0; k < folded.length; k++) {
      const code = folded.charCodeAt(k);
      const kind = kindOfFolded(code);
      if (kind === KIND_GAP) {
        units.push(BOUNDARY, KIND_GAP, i, i + width);
        if (wordScripts !== 0) closeWord();
        previousLatinLetter = false;
        continue;
      }
      if (kind === KIND_LETTER) {
        const isLatin = script === SCRIPT_LATIN;
        if (invisibleSinceLastUnit && isLatin && previousLatinLetter) signals.add('invisible_in_word', i);
        if (wordScripts === 0) wordStart = i;
        wordScripts |= 1 << script;
        previousLatinLetter = isLatin;
      }
      units.push(code, kind, i, i + width);
    }
    invisibleSinceLastUnit = false;
    i += width;
  }
  closeWord();
  return units;
}

/** A maximal run of letters, digits and leet symbols. */
interface Token {
  first: number; // unit index
  last: number; // unit index, inclusive
  hasLetter: boolean;
}

function tokenize(units: Units): Token[] {
  const tokens: Token[] = [];
  let current: Token | undefined;
  for (let u = 0; u < units.length; u++) {
    const kind = units.kind[u]!;
    if (kind === KIND_GAP) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { first: u, last: u, hasLetter: false };
      tokens.push(current);
    }
    current.last = u;
    if (kind === KIND_LETTER) current.hasLetter = true;
  }
  return tokens;
}

/** How the gap between two tokens is read. */
const GAP_BOUNDARY = 0;
/** A word boundary, or nothing (`ki-ll`, `well-known`, the spaces in `a s e x`). */
const GAP_EITHER = 1;
/** Nothing: inside a spelled-out word (`v.i.o.l.i.n` is one word, not `loli` inside it). */
const GAP_NOTHING = 2;

/**
 * How each gap between consecutive tokens is read:
 * - short punctuation (no whitespace) between two word-like tokens is either a boundary or nothing
 *   (`ki-ll`, `self-harm`);
 * - inside a spelled-out word, a run of three or more single characters, the separators are
 *   nothing (`v.i.o.l.i.n` is one word: `loli` is not inside it; `d o c u m e n t a r y` does not
 *   contain `cum`), except where the separator changes (`h.i.d.u.p-h.i.d.u.p`, or a wider space
 *   between spaced-out words), which may be a boundary;
 * - in a run spaced with whitespace, the first and last gaps may also be boundaries, so a lone
 *   article or trailing letter is not glued on (`a s e x y` reads as "a sexy" and "asexy").
 */
function classifyGaps(tokens: Token[], units: Units, text: string): number[] {
  const gaps = Math.max(0, tokens.length - 1);
  const reading: number[] = new Array<number>(gaps).fill(GAP_BOUNDARY);
  /** The separator text of short gaps inside words or spaced letters ('' for other gaps). */
  const separator: string[] = new Array<string>(gaps).fill('');
  const spaced: boolean[] = new Array<boolean>(gaps).fill(false);
  for (let t = 0; t < gaps; t++) {
    const gapStart = units.end[tokens[t]!.last]!;
    const gapEnd = units.start[tokens[t + 1]!.first]!;
    let chars = 0;
    let newline = false;
    let whitespace = false;
    let other = false;
    for (let i = gapStart; i < gapEnd; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > gapStart) continue; // second half of a pair
      chars++;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) newline = true;
      else if (isWhitespace(c)) whitespace = true;
      else other = true;
    }
    if (chars > MAX_INWORD_SEPARATOR || newline) continue;
    if (!whitespace && isWordLike(tokens[t]!, units) && isWordLike(tokens[t + 1]!, units)) {
      reading[t] = GAP_EITHER;
      separator[t] = text.slice(gapStart, gapEnd);
    } else if (whitespace && !other) {
      separator[t] = text.slice(gapStart, gapEnd);
      spaced[t] = true;
    }
  }

  // Runs of single characters linked by short separators of one kind (all spaces or all punctuation).
  let runStart = 0;
  for (let t = 0; t <= tokens.length; t++) {
    const single = t < tokens.length && tokens[t]!.first === tokens[t]!.last;
    const linked = t > runStart && separator[t - 1] !== '' && spaced[t - 1] === spaced[runStart];
    if (single && (t === runStart || linked)) continue;
    if (t - runStart >= MIN_SPACED_LETTERS) readSpelledRun(reading, separator, runStart, t - 1, spaced[runStart] === true);
    runStart = single ? t : t + 1;
  }
  return reading;
}

/** Gaps `first..last-1` link the single characters of one spelled-out run; see classifyGaps. */
function readSpelledRun(reading: number[], separator: string[], firstToken: number, lastToken: number, spaced: boolean): void {
  // The run's usual separator: the shortest for spaces, the most frequent for punctuation.
  const counts = new Map<string, number>();
  let usual = '';
  for (let g = firstToken; g < lastToken; g++) {
    const sep = separator[g]!;
    const n = (counts.get(sep) ?? 0) + 1;
    counts.set(sep, n);
    if (usual === '' || (spaced ? sep.length < usual.length : n > (counts.get(usual) ?? 0))) usual = sep;
  }
  for (let g = firstToken; g < lastToken; g++) {
    const changes = separator[g] !== usual;
    const atEdge = g === firstToken || g === lastToken - 1 || separator[g - 1] !== usual || separator[g + 1] !== usual;
    reading[g] = changes || (spaced && atEdge) ? GAP_EITHER : GAP_NOTHING;
  }
}

/** A token that can be part of a word: it has a letter, or is one leet character (`1` in `k-1-l-l`). */
function isWordLike(token: Token, units: Units): boolean {
  if (token.hasLetter) return true;
  return token.first === token.last && LEET_LETTERS[String.fromCharCode(units.code[token.first]!)] !== undefined;
}

function isWhitespace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x85
  );
}

function buildSymbols(units: Units, text: string, signals: InputSignal[]): NormalizedText {
  const tokens = tokenize(units);
  const gapReading = classifyGaps(tokens, units, text);

  // Worst case: every unit, a boundary before every token plus script boundaries, two edges.
  const capacity = units.length * 2 + tokens.length + 2;
  const out = new SymbolWriter(capacity);
  out.push(0, 0, false, BOUNDARY);

  // A "word" for leetspeak and repeated letters is a run of tokens joined by ignorable gaps.
  let wordHasLetter = false;
  let previousCode = -2;
  let runLength = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const reading = t > 0 ? gapReading[t - 1]! : GAP_BOUNDARY;
    const joinedToPrevious = reading !== GAP_BOUNDARY;
    if (t > 0) {
      const gapStart = units.end[tokens[t - 1]!.last]!;
      const gapEnd = units.start[token.first]!;
      if (reading === GAP_EITHER) out.push(gapStart, gapEnd, false, BOUNDARY, EPSILON);
      else if (reading === GAP_NOTHING) out.push(gapStart, gapEnd, false, EPSILON);
      else out.push(gapStart, gapEnd, false, BOUNDARY);
    }
    if (!joinedToPrevious) {
      wordHasLetter = false;
      previousCode = -2;
      for (let w = t; w < tokens.length; w++) {
        if (tokens[w]!.hasLetter) {
          wordHasLetter = true;
          break;
        }
        if (gapReading[w] === undefined || gapReading[w] === GAP_BOUNDARY) break;
      }
    }

    for (let u = token.first; u <= token.last; u++) {
      const code = units.code[u]!;
      const kind = units.kind[u]!;
      const start = units.start[u]!;
      const end = units.end[u]!;
      if (kind === KIND_LETTER) {
        // Between Latin and another script there is a word boundary even without a space
        // (`我喜欢loli`), but the word may also simply continue.
        if (previousCode >= 0 && previousCode !== BOUNDARY && (previousCode < 0x80) !== (code < 0x80) && code !== OTHER_LETTER) {
          out.push(start, start, false, BOUNDARY, EPSILON);
        }
        if (code === previousCode) {
          runLength++;
          if (runLength > MAX_RUN) out.extendLast(end);
          else out.push(start, end, true, code, EPSILON);
        } else {
          runLength = 1;
          out.push(start, end, true, code);
        }
        previousCode = code;
      } else if (kind === KIND_DIGIT) {
        const letters = wordHasLetter ? LEET_LETTERS[String.fromCharCode(code)] : undefined;
        if (letters) {
          const primary = letters[0]!.charCodeAt(0);
          const repeated = primary === previousCode;
          out.pushLeet(start, end, letters, code, repeated);
          previousCode = primary;
        } else {
          out.push(start, end, true, code);
          previousCode = code;
        }
      } else if (kind === KIND_LEET && wordHasLetter) {
        const letters = LEET_LETTERS[String.fromCharCode(code)] ?? [];
        // At the edge of a word a symbol may be decoration (`@name`, `cash$`): allow skipping it.
        const atEdge = u === token.first || u === token.last;
        const primary = letters[0]?.charCodeAt(0) ?? -2;
        out.pushLeet(start, end, letters, atEdge ? EPSILON : undefined, primary === previousCode);
        previousCode = primary;
      }
      // A leet symbol outside a lettered word ("$100") is punctuation and emits nothing.
    }
  }
  out.push(text.length, text.length, false, BOUNDARY);
  return out.finish(signals);
}

class SymbolWriter {
  private n = 0;
  readonly alts: Int32Array;
  readonly altCount: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly isWordChar: Uint8Array;

  constructor(capacity: number) {
    this.alts = new Int32Array(capacity * MAX_ALTS);
    this.altCount = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.isWordChar = new Uint8Array(capacity);
  }

  push(start: number, end: number, wordChar: boolean, alt0: number, alt1?: number): void {
    const i = this.n++;
    this.start[i] = start;
    this.end[i] = end;
    this.isWordChar[i] = wordChar ? 1 : 0;
    this.alts[i * MAX_ALTS] = alt0;
    if (alt1 === undefined) {
      this.altCount[i] = 1;
    } else {
      this.alts[i * MAX_ALTS + 1] = alt1;
      this.altCount[i] = 2;
    }
  }

  /** Widens the last symbol to cover one more character of the same run. */
  extendLast(end: number): void {
    if (this.n > 0) this.end[this.n - 1] = end;
  }

  /** A leet character: each letter it may stand for, then `extra` (itself or EPSILON), then skip if repeated. */
  pushLeet(start: number, end: number, letters: readonly string[], extra: number | undefined, repeated: boolean): void {
    const i = this.n++;
    this.start[i] = start;
    this.end[i] = end;
    this.isWordChar[i] = 1;
    let count = 0;
    for (const letter of letters) {
      if (count < MAX_ALTS) this.alts[i * MAX_ALTS + count++] = letter.charCodeAt(0);
    }
    if (extra !== undefined && count < MAX_ALTS) this.alts[i * MAX_ALTS + count++] = extra;
    if (repeated && extra !== EPSILON && count < MAX_ALTS) this.alts[i * MAX_ALTS + count++] = EPSILON;
    this.altCount[i] = count;
  }

  finish(signals: InputSignal[]): NormalizedText {
    return {
      length: this.n,
      alts: this.alts,
      altCount: this.altCount,
      start: this.start,
      end: this.end,
      isWordChar: this.isWordChar,
      signals,
    };
  }
}
