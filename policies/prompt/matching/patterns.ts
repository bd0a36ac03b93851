/**
 * Rule terms → the code sequences the automaton matches. See `TermGroup` for the term syntax.
 *
 * Terms go through the same per-character folding as prompts (so `naïve`, `NAIVE` and `naive` are
 * one term), but not through leetspeak or separator handling: those exist to undo evasion in
 * prompts, and rule authors write plain words.
 */
import { foldCodePoint, kindOfFolded, KIND_GAP, KIND_LEET, KIND_LETTER, specialClassOf } from '../normalize/fold-char.js';
import { BOUNDARY, MAX_RUN } from '../normalize/normalize-text.js';

/** Expands `{a,b}` alternatives: `{shoot,shooting} a ball` → ["shoot a ball", "shooting a ball"]. */
export function expandAlternatives(term: string): string[] {
  const open = term.indexOf('{');
  if (open < 0) return [term];
  const close = term.indexOf('}', open);
  if (close < 0) return [term];
  const head = term.slice(0, open);
  const tails = expandAlternatives(term.slice(close + 1));
  const options = term.slice(open + 1, close).split(',');
  const out: string[] = [];
  for (const option of options) for (const tail of tails) out.push(head + option.trim() + tail);
  return out;
}

/**
 * One expanded term as automaton input: folded characters with BOUNDARY between words and at the
 * ends (unless the end is a `*` wildcard). A run of one letter is cut to MAX_RUN, as prompts' runs are,
 * or a term such as a registered name "Zorvexdddd" could never match. Returns undefined when
 * nothing matchable is left.
 */
export function encodeTerm(term: string): number[] | undefined {
  let body = term.trim();
  const openStart = body.startsWith('*');
  const openEnd = body.endsWith('*');
  body = body.replace(/^\*+|\*+$/g, '');
  const codes: number[] = [];
  for (const ch of body) {
    const codePoint = ch.codePointAt(0)!;
    if (specialClassOf(codePoint) !== 'none') continue;
    const folded = foldCodePoint(codePoint);
    for (let k = 0; k < folded.length; k++) {
      const code = folded.charCodeAt(k);
      const kind = kindOfFolded(code);
      if (kind === KIND_GAP || kind === KIND_LEET) {
        if (codes.length > 0 && codes[codes.length - 1] !== BOUNDARY) codes.push(BOUNDARY);
      } else if (kind !== KIND_LETTER || !endsWithRun(codes, code, MAX_RUN)) {
        codes.push(code);
      }
    }
  }
  while (codes[codes.length - 1] === BOUNDARY) codes.pop();
  if (codes.length === 0) return undefined;
  if (!openStart) codes.unshift(BOUNDARY);
  if (!openEnd) codes.push(BOUNDARY);
  return codes;
}

/** Whether `codes` already ends with `length` copies of `code`. */
function endsWithRun(codes: readonly number[], code: number, length: number): boolean {
  if (codes.length < length) return false;
  for (let k = codes.length - length; k < codes.length; k++) if (codes[k] !== code) return false;
  return true;
}
