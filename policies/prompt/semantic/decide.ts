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
  // One pass keeps each label's k largest similarities and the SEMANTIC_NEAREST_SHOWN nearest
  // exemplars, each list in descending order with ties in exemplar order (what a stable sort gives):
  // sorting all 1,320 shipped exemplars per prompt took most of this function's time.
  const topByLabel = new Map<string, number[]>();
  const nearestIndex: number[] = [];
  for (let i = 0; i < exemplars.length; i++) {
    const label = exemplars[i]!.label;
    let top = topByLabel.get(label);
    if (!top) topByLabel.set(label, (top = []));
    insertDescending(top, similarities[i]!, settings.k, (v) => v);
    insertDescending(nearestIndex, i, SEMANTIC_NEAREST_SHOWN, (j) => round(similarities[j]!));
  }
  const meanOfTop = (top: number[]) => top.reduce((sum, v) => sum + v, 0) / top.length;
  const benign = topByLabel.has('benign') ? meanOfTop(topByLabel.get('benign')!) : -1;
  let category: PolicyCategory | null = null;
  let score = Number.NEGATIVE_INFINITY;
  for (const [label, top] of topByLabel) {
    if (label === 'benign') continue;
    const margin = meanOfTop(top) - benign;
    if (margin > score) {
      score = margin;
      category = label as PolicyCategory;
    }
  }
  if (category === null) score = 0;
  const verdict: Verdict = category === null ? 'allow' : score >= settings.blockMargin ? 'block' : score >= settings.reviewMargin ? 'review' : 'allow';

  const nearest: SemanticNeighbour[] = nearestIndex.map((i) => {
    const exemplar = exemplars[i]!;
    return { exemplarId: exemplar.id, text: exemplar.text, label: exemplar.label, similarity: round(similarities[i]!) };
  });
  return { status: 'ok', model, verdict, category, score: round(score), nearest };
}

/**
 * Inserts `item` into `list` (at most `limit` items, descending by `value`) after every item of an
 * equal or larger value, dropping the last item when the list is over `limit`: the first `limit`
 * items of a stable descending sort of everything inserted, in insertion order for ties.
 */
function insertDescending<T>(list: T[], item: T, limit: number, value: (item: T) => number): void {
  const v = value(item);
  if (list.length === limit && !(v > value(list[limit - 1]!))) return;
  let at = list.length;
  while (at > 0 && value(list[at - 1]!) < v) at--;
  list.splice(at, 0, item);
  if (list.length > limit) list.pop();
}

/** Four decimals: similarities are stored and shown, and more digits only add noise between runs. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
