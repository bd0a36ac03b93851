/**
 * Combining the semantic layer with the rules, as the external classifier is combined
 * (../external.ts): the rules stay authoritative for what they match, and the semantic outcome can
 * only make a verdict stricter (allow → review → block), adding its category and a reason that names
 * the score and the nearest exemplar. When the model could not run, the rules decide alone and the
 * reasons say so: never a silent allow. Pure.
 */
import { POLICY_CATEGORIES, type ScreenResult, type Verdict } from '../types.js';
import type { SemanticOutcome } from './types.js';

const RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };
/** How much of a canonical reading (`readAs`) a reason quotes, in UTF-16 units; the reason stays one line a reviewer reads. */
const READ_AS_SHOWN = 80;

/** `result` tightened by `outcome` (never loosened), with one reason saying what the semantic layer found. */
export function combineWithSemantic(result: ScreenResult, outcome: SemanticOutcome): ScreenResult {
  if (outcome.status === 'unavailable') {
    return { ...result, reasons: [...result.reasons, `note: the semantic classifier (${outcome.model}) could not run (${outcome.error}); the rules decided alone`] };
  }
  if (outcome.verdict === 'allow' || outcome.category === null) return result;
  const nearest = outcome.nearest.find((n) => n.label === outcome.category) ?? outcome.nearest[0];
  const like = nearest ? `; nearest exemplar: "${nearest.text}" (similarity ${nearest.similarity.toFixed(3)})` : '';
  const read = outcome.readAs === undefined ? '' : ` (read as "${outcome.readAs.length > READ_AS_SHOWN ? `${outcome.readAs.slice(0, READ_AS_SHOWN)}…` : outcome.readAs}")`;
  const reason = `${outcome.verdict}: ${outcome.category}: the semantic classifier places the prompt${read} ${outcome.score.toFixed(3)} closer to ${outcome.category} exemplars than to benign ones${like}`;
  // Policy categories in their declared order, then the rules' own signals outside them (real_person)
  // as the rules left them: a semantic category is added, never one of the rules' taken away.
  const added = outcome.category;
  const categories = result.categories.includes(added)
    ? result.categories
    : [
        ...POLICY_CATEGORIES.filter((category) => category === added || result.categories.includes(category)),
        ...result.categories.filter((category) => !(POLICY_CATEGORIES as readonly string[]).includes(category)),
      ];
  return {
    ...result,
    verdict: RANK[outcome.verdict] > RANK[result.verdict] ? outcome.verdict : result.verdict,
    categories,
    reasons: [...result.reasons, reason],
  };
}
