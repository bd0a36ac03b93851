/**
 * From similarities to a verdict: k-nearest exemplars per label, compared with the benign ones.
 *
 * For each label, the mean cosine similarity of the prompt to that label's `k` nearest exemplars;
 * a category's margin is its mean minus the benign mean. The closest category (largest margin)
 * decides: margin ≥ `blockMargin` → block, ≥ `reviewMargin` → review, else allow. Comparing with the
 * benign near-misses, not with a fixed similarity, is what keeps "ketchup on fries" and "headshot
 * portrait" allowed: embeddings of short prompts are all fairly similar to one another, so only the
 * difference says which side a prompt is on. The method is a k-nearest-neighbour classifier over
 * labelled exemplars, the same family as Latent Guard's concept matching (Liu et al., 2024), chosen
 * because its reasons are the exemplars themselves. Pure and browser-safe.
 */
import type { PolicyCategory, Verdict } from '../types.js';
import type { SemanticNeighbour, SemanticOutcome, SemanticPolicy } from './types.js';

/** How many nearest exemplars an outcome keeps for reviewers. */
export const SEMANTIC_NEAREST_SHOWN = 5;

/**
 * The outcome for one prompt. `similarities[i]` is the cosine similarity of the prompt to
 * `policy.exemplars[i]` (same order, same length). Throws RangeError when the lengths differ.
 */
export function decideSemantic(policy: SemanticPolicy, similarities: ArrayLike<number>, model: string): Extract<SemanticOutcome, { status: 'ok' }> {
  const { exemplars, settings } = policy;
  if (similarities.length !== exemplars.length) {
    throw new RangeError(`decideSemantic: ${similarities.length} similarities for ${exemplars.length} exemplars.`);
  }
  const byLabel = new Map<string, number[]>();
  exemplars.forEach((exemplar, i) => {
    const list = byLabel.get(exemplar.label) ?? [];
    list.push(similarities[i]!);
    byLabel.set(exemplar.label, list);
  });
  const meanOfTop = (values: number[]) => {
    const top = [...values].sort((a, b) => b - a).slice(0, settings.k);
    return top.reduce((sum, v) => sum + v, 0) / top.length;
  };
  const benign = byLabel.has('benign') ? meanOfTop(byLabel.get('benign')!) : -1;
  let category: PolicyCategory | null = null;
  let score = Number.NEGATIVE_INFINITY;
  for (const [label, values] of byLabel) {
    if (label === 'benign') continue;
    const margin = meanOfTop(values) - benign;
    if (margin > score) {
      score = margin;
      category = label as PolicyCategory;
    }
  }
  if (category === null) score = 0;
  const verdict: Verdict = category === null ? 'allow' : score >= settings.blockMargin ? 'block' : score >= settings.reviewMargin ? 'review' : 'allow';

  const nearest: SemanticNeighbour[] = exemplars
    .map((exemplar, i) => ({ exemplarId: exemplar.id, text: exemplar.text, label: exemplar.label, similarity: round(similarities[i]!) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, SEMANTIC_NEAREST_SHOWN);
  return { status: 'ok', model, verdict, category, score: round(score), nearest };
}

/** Four decimals: similarities are stored and shown, and more digits only add noise between runs. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
