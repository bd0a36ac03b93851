/**
 * A prompt's canonical form for the semantic layer (issue 14): the prompt with character-level
 * obfuscation undone, so the embedding model reads "kill" where the prompt wrote "k1ll", "kIlL",
 * "k.i.l.l", "k i l l", "kïll", "kiiill" or "ｋｉｌｌ". The rules normalise these before matching
 * (../normalize/); the model sees raw text, and an obfuscated prompt lands far from every exemplar.
 * The classifier (activities/classifiers/semantic/classifier.ts) embeds the canonical form as well
 * when it differs from the prompt and keeps the stricter outcome.
 *
 * For an ordinary prompt the canonical form is the prompt itself, character for character: that is
 * what keeps the second embedding (about 13 ms) to obfuscated prompts. So normal text is never
 * lower-cased, and every rule below only fires on shapes ordinary writing does not have. Spanish,
 * Russian and Indonesian prompts come back unchanged (accents are folded only where a whole prompt
 * or a word is marked the way no language on the list marks it). The rules, in the order applied:
 *
 * 1. Invisible characters (zero-width space and joiners, soft hyphen, variation selectors, bidi
 *    controls; the classes of ../normalize/fold-char.ts) are dropped where they touch a letter or
 *    digit: "k\u200bi\u200bl\u200bl" → "kill". A zero-width joiner inside an emoji sequence stays.
 * 2. Fullwidth letters and digits become ASCII: "ｋｉｌｌ" → "kill" (fullwidth punctuation, common in
 *    Chinese and Japanese text, stays).
 * 3. Dots, hyphens or underscores between single characters (three or more, one separator kind, at
 *    least one letter) are removed: "v.i.o.l.e.n.c.e" → "violence", "k-1-l-l" → "k1ll" (then rule
 *    8). "e.g." (two) and "1.2.3" (no letter) stay; "U.S.A." becomes "USA." (harmless).
 * 4. Runs of three or more single characters separated by single spaces are joined, and when any
 *    run was, runs of spaces become one: "a   s h o o t s" → "a shoots". A real one-letter word
 *    ("a", "I", Spanish "y", Russian "и") stays a word: ordinary text does not put three of them in
 *    a row with single spaces.
 * 5. Cyrillic and Greek letters become the Latin letters they imitate (../normalize/confusables.ts)
 *    inside a word that also has Latin letters ("kіll", Cyrillic і → "kill"), or anywhere in a prompt
 *    whose Latin words outnumber its Cyrillic and Greek ones three to one ("help me ассеѕѕ" →
 *    "help me access"). A Russian prompt stays.
 * 6. Accents are removed (NFKD, combining marks dropped) from a Latin word when the result is plain
 *    ASCII letters and either the word carries two or more marks ("vïölëncë" → "violence"; Spanish
 *    and Indonesian words carry at most one) or at least half of the prompt's Latin words of three
 *    or more letters carry a mark and at least three carry one Spanish does not write (anything but
 *    an acute vowel, ñ or ü): "á mán kïlls thè dög" → "a man kills the dog", while "¿cómo está el
 *    niño?" stays.
 * 7. A word whose case flips from lower to upper other than where a capitalised piece starts (a
 *    capital followed by two lower-case letters: "YouTube", "iPhone", "McDonald") or a closing
 *    acronym of two capitals or more ("MySQL", "PostgreSQL") is lower-cased: "kIlL" → "kill", "mAn"
 *    → "man". "PhD" and "DDoS" become "phd" and "ddos" (a second reading, never a loss: the prompt
 *    itself is classified too).
 * 8. Leet characters inside a word become letters (../normalize/leetspeak.ts, the first letter of
 *    each: 1 → i): one or two digits between letters when the word has two letters or more ("s3x"
 *    → "sex", "r34d" → "read"), a digit (or two of the same) at a word's edge when the word has
 *    three letters or more, or two in a prompt with leet inside a word ("4tt4ck" → "attack",
 *    "th3"; in an ordinary prompt "mp3", "4k", "3d", "covid19" stay); @ $ ! | € only between
 *    letters ("h@te" → "hate"; "kill!" and "$100" stay). Then rule 7 again, for the letters this made.
 * 9. A letter repeated three to five times is read once, six or more times twice (a stretched double
 *    letter): "kiiill" → "kill", "bloooooood" → "blood". A word that is only one letter repeated
 *    ("zzz", "XXX", "III") stays.
 *
 * Pure, browser-safe, no tables of its own (one implementation of each idea: ../normalize/).
 */
import { CONFUSABLES } from '../normalize/confusables.js';
import { SCRIPT_CYRILLIC, SCRIPT_GREEK, SCRIPT_LATIN, scriptOf, specialClassOf } from '../normalize/fold-char.js';
import { LEET_LETTERS } from '../normalize/leetspeak.js';

/**
 * `text` with obfuscation undone (see the module header for the nine rules, with examples), or
 * `text` itself (the same string) when none applies. Never throws; linear in the text's length.
 */
export function canonicalForm(text: string): string {
  let out = dropInvisible(text);
  out = fullwidthToAscii(out);
  out = joinSeparatedLetters(out);
  out = joinSpacedLetters(out);
  const foldAllAccents = mostWordsMarked(out);
  const leetProne = LEET_INSIDE_WORD.test(out);
  const latinPrompt = NON_ASCII.test(out) && mostlyLatin(out);
  out = out.replace(WORD, (word) => readWord(word, latinPrompt, foldAllAccents, leetProne));
  return out === text ? text : out;
}

/** Any character outside ASCII (most rules only apply to such text). */
const NON_ASCII = /[^\p{ASCII}]/u;

const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Rule 1: invisible and bidi-control characters dropped where they touch a letter or digit (a
 * zero-width joiner inside an emoji sequence, "👩‍❤️‍👨", or a variation selector after an emoji stays).
 */
function dropInvisible(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const chars = [...text];
  const hidden = chars.map((ch) => {
    const cls = specialClassOf(ch.codePointAt(0)!);
    return cls === 'invisible' || cls === 'bidi';
  });
  if (!hidden.includes(true)) return text;
  const visibleNeighbour = (i: number, step: number): string => {
    for (let j = i + step; j >= 0 && j < chars.length; j += step) if (!hidden[j]) return chars[j]!;
    return '';
  };
  return chars.filter((ch, i) => !hidden[i] || !(WORD_CHAR.test(visibleNeighbour(i, -1)) || WORD_CHAR.test(visibleNeighbour(i, 1)))).join('');
}

const FULLWIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;
/** Rule 2: fullwidth letters and digits (U+FF10..U+FF5A) → ASCII (they sit 0xFEE0 above it). */
function fullwidthToAscii(text: string): string {
  return text.replace(FULLWIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const LETTER = /\p{L}/gu;
const SEPARATED = /(?<![\p{L}\p{N}])[\p{L}\p{N}]([.\-_])[\p{L}\p{N}](?:\1[\p{L}\p{N}])+(?![\p{L}\p{N}])/gu;
/** Rule 3: "v.i.o.l.e.n.c.e" → "violence" (three or more single characters, at least one a letter). */
function joinSeparatedLetters(text: string): string {
  return text.replace(SEPARATED, (run, separator: string) => ((run.match(LETTER)?.length ?? 0) >= 1 ? run.split(separator).join('') : run));
}

const SPACED = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?: [\p{L}\p{N}]){2,}(?![\p{L}\p{N}])/gu;
/** Rule 4: "s h o o t" → "shoot"; when a run was joined, runs of spaces become one. */
function joinSpacedLetters(text: string): string {
  let joined = false;
  const out = text.replace(SPACED, (run) => {
    if ((run.match(LETTER)?.length ?? 0) < 2) return run;
    joined = true;
    return run.replaceAll(' ', '');
  });
  return joined ? out.replace(/ {2,}/g, ' ') : out;
}

/** A word: letters, marks and digits, with leet symbols only between them ("h@te", not "kill!"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:[@$!|€]+[\p{L}\p{M}\p{N}]+)*/gu;
const MARK = /\p{M}/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}]{3,}$/u;
const ASCII_LETTERS = /^[a-zA-Z]+$/;

/**
 * The marks Spanish writes (acute on a vowel, tilde on n, diaeresis on u), which alone never make a
 * prompt "mostly marked": "¿cómo está el niño?" stays.
 */
const SPANISH_MARKS = /^(?:[aeiouAEIOU]\u0301|[nN]\u0303|[uU]\u0308)$/u;
const MARKED_LETTER = /\p{L}\p{M}+/gu;

/**
 * Rule 6's prompt-wide test: at least half of the Latin words of 3+ letters carry a mark, and at
 * least three carry a mark Spanish does not write (grave, diaeresis off u, ring, caron, ...).
 */
function mostWordsMarked(text: string): boolean {
  if (!NON_ASCII.test(text)) return false;
  let words = 0;
  let marked = 0;
  let foreign = 0;
  for (const [word] of text.matchAll(WORD)) {
    if (!LATIN_WORD.test(word)) continue;
    words++;
    const letters = word.normalize('NFD').match(MARKED_LETTER);
    if (!letters) continue;
    marked++;
    if (letters.some((l) => !SPANISH_MARKS.test(l))) foreign++;
  }
  return foreign >= 3 && marked >= 0.5 * words;
}

/** Rules 5 to 9 on one word. */
function readWord(word: string, latinPrompt: boolean, foldAllAccents: boolean, leetProne: boolean): string {
  let out = word;
  if (NON_ASCII.test(out)) {
    out = latinLookAlikes(out, latinPrompt);
    out = withoutAccents(out, foldAllAccents);
  }
  out = caseUnmixed(out);
  const unleet = leetToLetters(out, leetProne);
  if (unleet !== out) out = caseUnmixed(unleet);
  return collapseRepeats(out);
}

/** Rule 5's prompt-wide test: Latin words outnumber Cyrillic and Greek ones at least three to one. */
function mostlyLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (const [word] of text.matchAll(WORD)) {
    const script = scriptOf(word.codePointAt(0)!);
    if (script === SCRIPT_LATIN) latin++;
    else if (script === SCRIPT_CYRILLIC || script === SCRIPT_GREEK) other++;
  }
  return other > 0 && latin >= 3 * other;
}

/** Rule 5: Cyrillic and Greek look-alikes → Latin, in a word that also has Latin letters or a mostly Latin prompt. */
function latinLookAlikes(word: string, latinPrompt: boolean): string {
  let scripts = 0;
  for (const ch of word) scripts |= 1 << scriptOf(ch.codePointAt(0)!);
  const foreign = (1 << SCRIPT_CYRILLIC) | (1 << SCRIPT_GREEK);
  if ((scripts & foreign) === 0 || (!latinPrompt && (scripts & (1 << SCRIPT_LATIN)) === 0)) return word;
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const latin = CONFUSABLES[lower];
    const script = scriptOf(ch.codePointAt(0)!);
    if (latin === undefined || (script !== SCRIPT_CYRILLIC && script !== SCRIPT_GREEK)) out += ch;
    else out += lower === ch ? latin : latin.toUpperCase();
  }
  return out;
}

/** Rule 6: accents off a Latin word marked twice or more, or in a prompt where most words are marked. */
function withoutAccents(word: string, foldAllAccents: boolean): string {
  const decomposed = word.normalize('NFKD');
  const marks = decomposed.match(MARK)?.length ?? 0;
  if (marks === 0 || (marks < 2 && !foldAllAccents)) return word;
  const plain = decomposed.replace(MARK, '');
  return ASCII_LETTERS.test(plain.replace(/[\p{N}@$!|€]/gu, '')) ? plain : word;
}

const IS_LETTER = /^\p{L}$/u;
const IS_DIGIT = /^[0-9]$/;
/** Rule 8's prompt-wide test: some word has a leet character between two letters ("k1ll", "h@te"). */
const LEET_INSIDE_WORD = /\p{L}(?:[0134-9]{1,2}|[@$!|€])\p{L}/u;
/**
 * Rule 8: leet digits and symbols inside a word → their first letter (leetspeak.ts). One or two
 * digits between letters when the word has two letters or more ("r34d", "bl00d"); a digit (or two of
 * the same) at the word's edge when it has three or more, or two in a prompt that has leet inside a
 * word ("th3"). Then rule 7 again, for the letters this made ("GW3N" → "GWeN" → "gwen").
 */
function leetToLetters(word: string, leetProne: boolean): string {
  const chars = [...word];
  const letters = chars.filter((c) => IS_LETTER.test(c)).length;
  if (letters < 2 || letters === chars.length) return word;
  const isLetter = (i: number) => i >= 0 && i < chars.length && IS_LETTER.test(chars[i]!);
  const isDigit = (i: number) => i >= 0 && i < chars.length && IS_DIGIT.test(chars[i]!);
  return chars
    .map((c, i) => {
      const letter = LEET_LETTERS[c]?.[0];
      if (letter === undefined) return c;
      if (!IS_DIGIT.test(c)) return isLetter(i - 1) && isLetter(i + 1) ? letter : c;
      // The run of digits this one belongs to: one digit, or two of the same.
      let from = i;
      while (isDigit(from - 1)) from--;
      let to = i;
      while (isDigit(to + 1)) to++;
      if (to - from > 1 || [...chars.slice(from, to + 1)].some((d) => LEET_LETTERS[d] === undefined)) return c;
      const before = isLetter(from - 1);
      const after = isLetter(to + 1);
      if (before && after) return letter;
      const edge = (from === 0 && after) || (to === chars.length - 1 && before);
      return edge && chars[from] === chars[to] && letters >= (leetProne ? 2 : 3) ? letter : c;
    })
    .join('');
}

const LOWER = /^\p{Ll}$/u;
const UPPER = /^\p{Lu}$/u;
/**
 * Rule 7: a word whose case flips lower → upper (letters only; digits between them skipped) other than
 * at a capitalised piece (the upper-case letter followed at once by two lower-case letters: "YouTube")
 * or an acronym of two or more capitals ending the word ("MySQL", "PostgreSQL") → lower case. Read before rule 8, so a leet digit after a capital ("bL00d") is no lower-case letter.
 */
function caseUnmixed(word: string): string {
  const chars = [...word];
  let previous = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!IS_LETTER.test(c)) continue;
    if (LOWER.test(previous) && UPPER.test(c)) {
      const piece = chars.slice(i + 1, i + 3);
      const capitalised = piece.length === 2 && piece.every((p) => LOWER.test(p));
      const acronymToEnd = i + 2 <= chars.length && chars.slice(i).every((p) => UPPER.test(p)) && chars.length - i >= 2;
      if (!capitalised && !acronymToEnd) return word.toLowerCase();
    }
    previous = c;
  }
  return word;
}

const REPEATED = /(\p{L})\1{2,}/gu;
/** Rule 9: a letter 3-5 times in a row → once, 6 or more → twice; a word of one repeated letter stays. */
function collapseRepeats(word: string): string {
  return word.replace(REPEATED, (run, letter: string, offset: number) =>
    run.length === word.length && offset === 0 ? run : letter.repeat([...run].length >= 6 ? 2 : 1),
  );
}
