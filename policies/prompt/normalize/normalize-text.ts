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

/** One folded character with the span of the code point it came from. */
interface Units {
  code: number[];
  kind: number[];
  start: number[];
  end: number[];
}

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
  const units: Units = { code: [], kind: [], start: [], end: [] };
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
        pushUnit(units, BOUNDARY, KIND_GAP, i, i + 1);
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
      const last = units.end.length - 1;
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
        pushUnit(units, BOUNDARY, KIND_GAP, i, i + width);
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
        pushUnit(units, BOUNDARY, KIND_GAP, i, i + width);
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
      pushUnit(units, code, kind, i, i + width);
    }
    invisibleSinceLastUnit = false;
    i += width;
  }
  closeWord();
  return units;
}

function pushUnit(units: Units, code: number, kind: number, start: number, end: number): void {
  units.code.push(code);
  units.kind.push(kind);
  units.start.push(start);
  units.end.push(end);
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
  for (let u = 0; u < units.code.length; u++) {
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

/**
 * Which gaps between consecutive tokens may be read as "nothing": short punctuation inside a word
 * (`v.i.o.l`, `ki-ll`) and the spaces in runs of single characters (`s e x`).
 */
function joinableGaps(tokens: Token[], units: Units, text: string): boolean[] {
  const joinable: boolean[] = new Array<boolean>(Math.max(0, tokens.length - 1)).fill(false);
  const shortGap: boolean[] = [];
  const punctuationOnly: boolean[] = [];
  for (let t = 0; t + 1 < tokens.length; t++) {
    const gapStart = units.end[tokens[t]!.last]!;
    const gapEnd = units.start[tokens[t + 1]!.first]!;
    let chars = 0;
    let newline = false;
    let whitespace = false;
    for (let i = gapStart; i < gapEnd; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > gapStart) continue; // second half of a pair
      chars++;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) newline = true;
      else if (isWhitespace(c)) whitespace = true;
    }
    shortGap.push(chars <= MAX_INWORD_SEPARATOR && !newline);
    punctuationOnly.push(!whitespace && !newline);
  }
  // Short punctuation between two lettered tokens.
  for (let t = 0; t + 1 < tokens.length; t++) {
    if (shortGap[t] && punctuationOnly[t] && tokens[t]!.hasLetter && tokens[t + 1]!.hasLetter) joinable[t] = true;
  }
  // Runs of single characters separated by short gaps.
  let runStart = 0;
  for (let t = 0; t <= tokens.length; t++) {
    const single = t < tokens.length && tokens[t]!.first === tokens[t]!.last;
    const continues = single && t > runStart && shortGap[t - 1] === true;
    if (single && (t === runStart || continues)) continue;
    // The run [runStart, t) ended.
    if (t - runStart >= MIN_SPACED_LETTERS) {
      for (let g = runStart; g < t - 1; g++) joinable[g] = true;
    }
    runStart = single ? t : t + 1;
  }
  return joinable;
}

function isWhitespace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x85
  );
}

function buildSymbols(units: Units, text: string, signals: InputSignal[]): NormalizedText {
  const tokens = tokenize(units);
  const joinable = joinableGaps(tokens, units, text);

  // Worst case: every unit, a boundary before every token plus script boundaries, two edges.
  const capacity = units.code.length * 2 + tokens.length + 2;
  const out = new SymbolWriter(capacity);
  out.push(0, 0, false, BOUNDARY);

  // A "word" for leetspeak and repeated letters is a run of tokens joined by ignorable gaps.
  let wordHasLetter = false;
  let previousCode = -2;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const joinedToPrevious = t > 0 && joinable[t - 1] === true;
    if (t > 0) {
      const gapStart = units.end[tokens[t - 1]!.last]!;
      const gapEnd = units.start[token.first]!;
      if (joinedToPrevious) out.push(gapStart, gapEnd, false, BOUNDARY, EPSILON);
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
        if (joinable[w] !== true) break;
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
        if (code === previousCode) out.push(start, end, true, code, EPSILON);
        else out.push(start, end, true, code);
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
