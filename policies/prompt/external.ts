/**
 * Combining an external classifier (OpenAI's moderation endpoint) with the rules. The rules stay
 * authoritative for what they match; the classifier can only make a verdict stricter:
 * flagged → at least review, a mapped category scored at or over its block score → block.
 * When the classifier could not answer, the rules decide alone and the reasons say so (never a
 * silent allow). Pure: the activity does the HTTP call and passes the outcome in.
 */
import { POLICY_CATEGORIES, type AgeBand, type PolicyCategory, type ScreenResult, type Verdict } from './types.js';

/** OpenAI moderation categories (omni-moderation-latest) → Loupe policy categories. */
export const EXTERNAL_CATEGORY_MAP: Readonly<Record<string, PolicyCategory>> = {
  sexual: 'sexual',
  'sexual/minors': 'sexual_minors',
  violence: 'violence_graphic',
  'violence/graphic': 'violence_graphic',
  'self-harm': 'self_harm',
  'self-harm/intent': 'self_harm',
  'self-harm/instructions': 'self_harm',
  hate: 'hate_harassment',
  'hate/threatening': 'hate_harassment',
  harassment: 'hate_harassment',
  'harassment/threatening': 'hate_harassment',
  illicit: 'illegal_weapons_drugs',
  'illicit/violent': 'illegal_weapons_drugs',
};

/** Scores at or over which a mapped category blocks. Children's safety blocks much earlier. */
const BLOCK_SCORE: Record<AgeBand, number> = { adult: 0.9, teen: 0.75 };
const BLOCK_SCORE_MINORS = 0.5;

export interface ExternalClassification {
  provider: string;
  model: string;
  flagged: boolean;
  /** Provider category → flagged. */
  categories: Record<string, boolean>;
  /** Provider category → score in [0, 1]. */
  scores: Record<string, number>;
}

export type ExternalOutcome =
  | { status: 'ok'; classification: ExternalClassification }
  | { status: 'unavailable'; provider: string; error: string };

const RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };

export function combineWithExternal(result: ScreenResult, outcome: ExternalOutcome, context: { ageBand?: AgeBand } = {}): ScreenResult {
  if (outcome.status === 'unavailable') {
    return {
      ...result,
      reasons: [...result.reasons, `note: the external classifier (${outcome.provider}) could not be asked (${outcome.error}); the rules decided alone`],
    };
  }
  const c = outcome.classification;
  const reasons = [...result.reasons];
  const categories = new Set(result.categories);
  let verdict = result.verdict;
  const raise = (to: Verdict, reason: string) => {
    reasons.push(`${to}: ${reason}`);
    if (RANK[to] > RANK[verdict]) verdict = to;
  };
  const blockScore = BLOCK_SCORE[context.ageBand ?? 'adult'];
  for (const [name, score] of Object.entries(c.scores)) {
    const category = EXTERNAL_CATEGORY_MAP[name];
    if (!category || typeof score !== 'number') continue;
    const threshold = category === 'sexual_minors' ? BLOCK_SCORE_MINORS : blockScore;
    if (score >= threshold) {
      categories.add(category);
      raise('block', `${category}: external classifier ${c.provider} scored "${name}" ${score.toFixed(3)} (block at ${threshold})`);
    } else if (c.categories[name] === true) {
      categories.add(category);
      raise('review', `${category}: external classifier ${c.provider} flagged "${name}" (score ${score.toFixed(3)})`);
    }
  }
  if (c.flagged && verdict === 'allow') {
    // Flagged for a category Loupe does not map: still a person's decision, never an allow.
    raise('review', `external classifier ${c.provider} flagged the prompt (${Object.keys(c.categories).filter((k) => c.categories[k]).join(', ') || 'no category named'})`);
  }
  return {
    ...result,
    verdict,
    // Policy categories in their declared order, then the rules' own outside them (real_person), kept.
    categories: [...POLICY_CATEGORIES.filter((cat) => categories.has(cat)), ...result.categories.filter((cat) => !(POLICY_CATEGORIES as readonly string[]).includes(cat))],
    reasons,
  };
}
