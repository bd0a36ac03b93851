/**
 * Which finished clips a human must look at before they are published.
 *
 * Until visual classifiers land (a later issue), routing rests on facts the pipeline knows for
 * sure: a clip from a prompt a human had to approve, a clip showing someone other than its creator
 * (stricter handling of real people), a remix of someone else's video, a failed technical check,
 * and a quality-assurance sample of everything else.
 */
export interface ClipRoutingFacts {
  requestId: string;
  promptWasReviewed: boolean;
  cameoOwnersOtherThanCreator: number;
  isRemix: boolean;
  failedTechnicalChecks: string[];
  /** Share of otherwise auto-approved clips sampled for QA review, 0..1. */
  qaSampleRate: number;
}

export interface ClipRouting {
  verdict: 'allow' | 'review';
  reasons: string[];
}

export const DEFAULT_QA_SAMPLE_RATE = 0.05;

export function routeClip(facts: ClipRoutingFacts): ClipRouting {
  const reasons: string[] = [];
  if (facts.failedTechnicalChecks.length > 0) reasons.push(`Technical checks failed: ${facts.failedTechnicalChecks.join(', ')}.`);
  if (facts.promptWasReviewed) reasons.push('The prompt needed human approval, so the clip is checked too.');
  if (facts.cameoOwnersOtherThanCreator > 0) reasons.push('The clip shows the likeness of someone other than its creator.');
  if (reasons.length === 0 && qaSampleBucket(facts.requestId) < facts.qaSampleRate) {
    reasons.push('Sampled for quality assurance.');
  }
  return { verdict: reasons.length > 0 ? 'review' : 'allow', reasons };
}

/** A stable number in [0, 1) from the request id, so a replayed decision samples the same way. */
export function qaSampleBucket(requestId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < requestId.length; i++) {
    hash ^= requestId.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash / 2 ** 32;
}

/** Reasons a reviewer can give; free text is kept as the internal note. */
export const REVIEW_REASONS = {
  approve: ['Complies with policy', 'Satire, art or news context', 'False positive of the prompt rules'],
  reject: [
    'Sexual content', 'Graphic violence', 'Self-harm', 'Hate or harassment', 'Likeness without consent',
    'Copyrighted character or work', 'Real public figure', 'Misinformation', 'Other policy violation',
  ],
} as const;
