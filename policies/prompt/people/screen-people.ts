/**
 * What the names of people in a prompt decide, beside the rules' matches (screen.ts calls this
 * once per screening, after the automaton):
 *
 * - a misspelt registry name ("Donlad Trump") counts as that registry entry: the caller turns it
 *   into a `public_figure` match with the figure's own decision (living and not opted in: block;
 *   deceased with the estate's opt-out: block), whatever the framing around it;
 * - any other person's name ("Elon Musk", "Prabowo Subianto") that is not a cameo carried by the
 *   request, a registered character, or a known fictional, folk or long-dead historical name goes
 *   to review as `real_person`: Loupe cannot tell who consented, a person can.
 *
 * Framing ("a lookalike of", "mirip", "parody of", "a fictional actor who looks like") never
 * changes either: the name is what identifies the person, so it is what is judged.
 */
import type { PolicyMatch, PublicFigureEntry, ScreenContext } from '../types.js';
import { findPersonNames, type NameSpan } from './find-names.js';
import { foldPhrase, wordsOf } from './fold-name.js';
import { FICTIONAL_OR_HISTORICAL } from './lexicon/fictional.js';
import { findRegistryTypos, type RegistryTypoMatch } from './registry-typos.js';
import { REAL_PERSON } from './revision.js';

/** Rule id reported for a detected person's name. */
export const REAL_PERSON_RULE = 'people.detected';
/** Rule id reported for a misspelt registry name. */
export const REGISTRY_TYPO_RULE = 'registry.public_figure.typo';
/**
 * Severity of a detected real person: 2, "clear but context-dependent" (types.ts): the name is
 * clear, whether the person consented is the context only a reviewer can establish.
 */
export const REAL_PERSON_SEVERITY = 2;

/** A span of the prompt already decided by a rule or registry match. */
export interface TakenSpan {
  start: number;
  end: number;
}

export interface PeopleFindings {
  /** Near misses of registry names, for the caller to decide like exact registry matches. */
  typos: RegistryTypoMatch[];
  /** `real_person` matches (action `review`). */
  people: PolicyMatch[];
  /** One sentence per name found and why it was or was not held, for `reasons`. */
  reasons: string[];
}

/**
 * Finds people's names in `text` and says what each means for this request. `taken` are spans
 * already matched by the registry or the copyright rules (those decide their own spans);
 * `figures` is the compiled public-figures registry.
 */
export function screenPeople(text: string, figures: readonly PublicFigureEntry[], taken: readonly TakenSpan[], context: ScreenContext): PeopleFindings {
  const reasons: string[] = [];
  const overlaps = (s: TakenSpan, spans: readonly TakenSpan[]) => spans.some((t) => t.start < s.end && s.start < t.end);

  const typos = findRegistryTypos(text, wordsOf(text), figures).filter((t) => !overlaps(t, taken));
  for (const t of typos) {
    reasons.push(
      `note: "${text.slice(t.start, t.end)}" at ${t.start}-${t.end} is a misspelling of the registered name "${t.registryName}" ` +
        `(${t.distance} ${t.distance === 1 ? 'edit' : 'edits'}), so it is judged as that person`,
    );
  }
  const decided = [...taken, ...typos];

  const exempt = exemptNames(context);
  const people: PolicyMatch[] = [];
  for (const span of findPersonNames(text)) {
    if (overlaps(span, decided)) continue;
    const why = exemption(span, exempt);
    if (why) {
      reasons.push(`note: "${span.text}" at ${span.start}-${span.end} names ${why}, not a real person to hold`);
      continue;
    }
    people.push({
      ruleId: REAL_PERSON_RULE,
      category: REAL_PERSON,
      severity: REAL_PERSON_SEVERITY,
      action: 'review',
      start: span.start,
      end: span.end,
      term: span.text,
    });
    reasons.push(
      `review: ${REAL_PERSON} "${span.text}" at ${span.start}-${span.end} looks like a real person's name (${span.evidence}) ` +
        'and is not a cameo on this request, a registered character or a known fictional name: a reviewer checks whether that person consented',
    );
  }
  return { typos, people, reasons };
}

interface ExemptNames {
  cameos: string[][];
  characters: string[][];
}

function exemptNames(context: ScreenContext): ExemptNames {
  const tokens = (names: readonly string[] | undefined) =>
    (names ?? []).map((n) => foldPhrase(n).split(' ').filter((t) => t !== '')).filter((t) => t.length > 0);
  return { cameos: tokens(context.cameoNames), characters: tokens(context.characterNames) };
}

/** Why a found name is not held (a cameo, a character, a fictional or historical name), or undefined. */
function exemption(span: NameSpan, exempt: ExemptNames): string | undefined {
  const words = span.folded.split(' ');
  // "Maya" or "Maya Chen" for the cameo "Maya Chen": every word of the name belongs to the cameo's name.
  const within = (names: string[][]) => names.some((n) => words.every((w) => n.includes(w)));
  if (within(exempt.cameos)) return 'a cameo this request carries (its consent is checked separately)';
  if (within(exempt.characters)) return 'a registered character';
  const phrase = words.join(' ');
  if (FICTIONAL_OR_HISTORICAL.has(phrase) || FICTIONAL_OR_HISTORICAL.has(span.foldedWithTitle) || FICTIONAL_OR_HISTORICAL.has(words.filter((w) => w !== 'the').join(' '))) {
    return 'a fictional, folk or long-dead historical figure (lexicon/fictional.ts)';
  }
  return undefined;
}
