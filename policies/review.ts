/**
 * Which finished clips a human must look at before they are published.
 *
 * Routing rests on facts the pipeline knows for sure: a clip from a prompt a human had to approve,
 * a clip showing someone other than its creator (stricter handling of real people), a remix of
 * someone else's video, a failed technical check, and a quality-assurance sample of everything
 * else; plus the visual classifier's scores (policies/visual-classifier.ts), compared with the
 * thresholds below. Given the same facts the routing is always the same (activity retries and
 * replays rely on that).
 */
import type { VisualClassifierSummary } from './visual-classifier';

/**
 * Highest per-frame Porn + Hentai at or above which a clip goes to review. The model's classes sum
 * to 1 per frame, so 0.5 means "more likely explicit than not" in at least one sampled frame. Loupe
 * allows no explicit content at all, and a reviewer can approve a false positive quickly, so the
 * bar errs towards review; the procedural demo clips score below 0.05.
 */
export const EXPLICIT_REVIEW_THRESHOLD = 0.5;
/**
 * Highest Sexy score at or above which a teen creator's clip goes to review. Suggestive but
 * non-explicit frames (swimwear, underwear, poses) are allowed for adults, so for them this class
 * only informs the reviewer; for teen accounts it is a reason to look.
 */
export const TEEN_SUGGESTIVE_REVIEW_THRESHOLD = 0.5;

export interface ClipRoutingFacts {
  requestId: string;
  promptWasReviewed: boolean;
  cameoOwnersOtherThanCreator: number;
  isRemix: boolean;
  failedTechnicalChecks: string[];
  /** Share of otherwise auto-approved clips sampled for QA review, 0..1. */
  qaSampleRate: number;
  /** The creator's account is a teen account (creators.age_band). */
  creatorIsTeen: boolean;
  /** The visual classifier's maxima over the sampled frames; null when it produced no scores. */
  visual: VisualClassifierSummary | null;
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
  reasons.push(...visualClassifierReasons(facts.visual, facts.creatorIsTeen));
  if (reasons.length === 0 && qaSampleBucket(facts.requestId) < facts.qaSampleRate) {
    reasons.push(QA_SAMPLE_REASON);
  }
  return { verdict: reasons.length > 0 ? 'review' : 'allow', reasons };
}

/** Scores are named with two decimals, as the console shows them, so a reason reads the same everywhere. */
function visualClassifierReasons(visual: VisualClassifierSummary | null, creatorIsTeen: boolean): string[] {
  if (visual === null) return ['The visual classifier produced no scores for this clip, so a person checks it instead.'];
  const reasons: string[] = [];
  const at = (max: { position: number; atSeconds: number }) => `frame ${max.position + 1} (${max.atSeconds.toFixed(1)} s)`;
  if (visual.maxExplicit.score >= EXPLICIT_REVIEW_THRESHOLD) {
    reasons.push(
      `Visual classifier (${visual.model}): explicit score ${visual.maxExplicit.score.toFixed(2)} (Porn + Hentai) at ${at(visual.maxExplicit)}, `
      + `at or above the review threshold ${EXPLICIT_REVIEW_THRESHOLD.toFixed(2)}.`,
    );
  }
  const sexy = visual.maxByClass.Sexy;
  if (creatorIsTeen && sexy.score >= TEEN_SUGGESTIVE_REVIEW_THRESHOLD) {
    reasons.push(
      `Visual classifier (${visual.model}): suggestive score ${sexy.score.toFixed(2)} (Sexy) at ${at(sexy)} on a teen account, `
      + `at or above the review threshold ${TEEN_SUGGESTIVE_REVIEW_THRESHOLD.toFixed(2)}.`,
    );
  }
  return reasons;
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

/** Which policy category a decision reason belongs to (for block rates and the transparency export). */
export const REASON_CATEGORY: Record<string, string> = {
  'Complies with policy': 'none',
  'Satire, art or news context': 'none',
  'False positive of the prompt rules': 'none',
  'Sexual content': 'sexual',
  'Graphic violence': 'violence',
  'Self-harm': 'self_harm',
  'Hate or harassment': 'hate_harassment',
  'Likeness without consent': 'likeness',
  'Copyrighted character or work': 'copyright',
  'Real public figure': 'likeness',
  Misinformation: 'misinformation',
  'Other policy violation': 'other',
};

export function policyCategoryOf(reason: string): string {
  return REASON_CATEGORY[reason] ?? 'other';
}

/** Reasons for escalating an item to senior review. */
export const ESCALATION_REASONS = [
  'Needs a senior opinion', 'Possible legal issue', 'Real person or public figure', 'Possible minor involved', 'Unclear policy',
] as const;

/**
 * The kinds of review item a workflow's review gate opens and waits on (workflows/review-gate.ts);
 * "Start reviewing" hands out only these. Other kinds (provenance alerts, issue 5) have their own flow.
 * contracts' `ReviewItemKind` is this list's type, so a new gate kind cannot be left out here.
 */
export const REVIEW_GATE_KINDS = [
  'prompt', 'clip', 'appeal', 'report', 'likeness_complaint', 'copyright_claim', 'copyright_match', 'copyright_dispute',
] as const;

/** How long a "Start reviewing" claim lasts before it returns to the pool, unless renewed or held. */
export const LEASE_SECONDS = 10 * 60;
/** A held item stays with its reviewer this long past the usual lease. */
export const HOLD_SECONDS = 8 * 3600;

/**
 * Strikes: thresholds at which a creator's new items jump the queue (and, at the last one, every
 * item of theirs is looked at first). Counted over the window below.
 */
export const STRIKE_WINDOW_DAYS = 90;
export const STRIKE_THRESHOLDS = [
  { strikes: 1, priority: 1, label: 'has a strike' },
  { strikes: 3, priority: 2, label: 'repeat violator' },
  { strikes: 5, priority: 3, label: 'suspension candidate' },
] as const;

export function priorityForStrikes(strikes: number): number {
  let priority = 0;
  for (const threshold of STRIKE_THRESHOLDS) if (strikes >= threshold.strikes) priority = threshold.priority;
  return priority;
}

export function strikeLabel(strikes: number): string | null {
  let label: string | null = null;
  for (const threshold of STRIKE_THRESHOLDS) if (strikes >= threshold.strikes) label = threshold.label;
  return label;
}

/** A creator may appeal a block or rejection within this many days of it. */
export const APPEAL_WINDOW_DAYS = 30;

/** A reporter whose reports were rejected this many times (and never upheld since) is muted. */
export const REPORTER_MUTE_AFTER_REJECTIONS = 3;

/** QA share: the org setting (app_meta 'qa_sample'.rate) overrides the worker's default when set. */
export function effectiveQaSampleRate(configured: unknown, workerDefault: number): number {
  return typeof configured === 'number' && configured >= 0 && configured <= 1 ? configured : workerDefault;
}

/** The queue a flagged clip goes to: QA samples have a queue of their own, everything else clip review. */
export function queueForClip(reasons: readonly string[]): 'qa_sample' | 'clip_review' {
  return reasons.length === 1 && reasons[0] === QA_SAMPLE_REASON ? 'qa_sample' : 'clip_review';
}

export const QA_SAMPLE_REASON = 'Sampled for quality assurance.';
