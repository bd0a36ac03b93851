import {
  EXPLICIT_REVIEW_THRESHOLD, qaSampleBucket, queueForClip, routeClip, TEEN_SUGGESTIVE_REVIEW_THRESHOLD, type ClipRoutingFacts,
} from '../../policies/review';
import { summariseFrameScores, type FrameScores, type NsfwScores, type VisualClassifierSummary } from '../../policies/visual-classifier';

const MODEL = 'nsfwjs 4.3.0 MobileNetV2';
const neutralFrame: NsfwScores = { Porn: 0.001, Hentai: 0.003, Sexy: 0.001, Neutral: 0.23, Drawing: 0.765 };

/** Six frames like the keyframe strip's, neutral except where `changed` says otherwise. */
function visualWith(changed: Record<number, Partial<NsfwScores>> = {}): VisualClassifierSummary {
  const frames: FrameScores[] = Array.from({ length: 6 }, (_, position) => ({
    position, atSeconds: position + 0.5, scores: { ...neutralFrame, ...changed[position] },
  }));
  return summariseFrameScores(MODEL, frames)!;
}

const clean: ClipRoutingFacts = {
  requestId: 'r-1', promptWasReviewed: false, cameoOwnersOtherThanCreator: 0, isRemix: false, failedTechnicalChecks: [], qaSampleRate: 0,
  creatorIsTeen: false, visual: visualWith(),
};

describe('routeClip', () => {
  it.each<[string, Partial<ClipRoutingFacts>, 'allow' | 'review', RegExp | null]>([
    ['a clean clip publishes', {}, 'allow', null],
    ['a reviewed prompt sends its clip to review', { promptWasReviewed: true }, 'review', /needed human approval/],
    ['someone else’s likeness goes to review', { cameoOwnersOtherThanCreator: 1 }, 'review', /likeness of someone other/],
    ['a failed technical check goes to review', { failedTechnicalChecks: ['duration'] }, 'review', /Technical checks failed: duration/],
    ['a QA rate of 1 samples everything', { qaSampleRate: 1 }, 'review', /quality assurance/],
    ['neutral classifier scores on a teen account publish', { creatorIsTeen: true }, 'allow', null],
    ['a high Porn score in one frame goes to review', { visual: visualWith({ 2: { Porn: 0.91, Drawing: 0.05 } }) }, 'review',
      /explicit score 0\.91 \(Porn \+ Hentai\) at frame 3 \(2\.5 s\), at or above the review threshold 0\.50/],
    ['a high Hentai score goes to review', { visual: visualWith({ 5: { Hentai: 0.7 } }) }, 'review', /explicit score 0\.70 .* at frame 6/],
    ['Porn and Hentai each below the bar but together above it go to review', { visual: visualWith({ 1: { Porn: 0.3, Hentai: 0.3 } }) }, 'review', /explicit score 0\.60/],
    ['an explicit score just below the threshold publishes', { visual: visualWith({ 0: { Porn: EXPLICIT_REVIEW_THRESHOLD - 0.004, Hentai: 0 } }) }, 'allow', null],
    ['a high Sexy score on an adult account publishes', { visual: visualWith({ 4: { Sexy: 0.8 } }) }, 'allow', null],
    ['a high Sexy score on a teen account goes to review', { creatorIsTeen: true, visual: visualWith({ 4: { Sexy: 0.8 } }) }, 'review',
      /suggestive score 0\.80 \(Sexy\) at frame 5 \(4\.5 s\) on a teen account/],
    ['a clip the classifier could not score goes to review', { visual: null }, 'review', /visual classifier produced no scores/],
  ])('%s', (_name, change, verdict, reason) => {
    const routing = routeClip({ ...clean, ...change });
    expect(routing.verdict).toBe(verdict);
    if (reason) expect(routing.reasons.join(' ')).toMatch(reason);
    else expect(routing.reasons).toEqual([]);
  });

  it('samples close to the configured share, the same way every time', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `request-${i}`);
    const sampled = ids.filter((id) => routeClip({ ...clean, requestId: id, qaSampleRate: 0.05 }).verdict === 'review').length;
    expect(sampled / ids.length).toBeGreaterThan(0.04);
    expect(sampled / ids.length).toBeLessThan(0.06);
    expect(ids.map(qaSampleBucket)).toEqual(ids.map(qaSampleBucket));
  });

  it('routes the same scores the same way every time, and classifier flags go to clip review, not the QA queue', () => {
    const facts = { ...clean, qaSampleRate: 1, visual: visualWith({ 3: { Porn: 0.55, Neutral: 0.2 } }) };
    const first = routeClip(facts);
    expect(first).toEqual(routeClip(structuredClone(facts)));
    expect(first.reasons).toHaveLength(1);
    expect(queueForClip(first.reasons)).toBe('clip_review');
  });

  it('compares at the threshold inclusively', () => {
    expect(routeClip({ ...clean, visual: visualWith({ 0: { Porn: EXPLICIT_REVIEW_THRESHOLD, Hentai: 0 } }) }).verdict).toBe('review');
    expect(routeClip({ ...clean, creatorIsTeen: true, visual: visualWith({ 0: { Sexy: TEEN_SUGGESTIVE_REVIEW_THRESHOLD } }) }).verdict).toBe('review');
  });
});

describe('summariseFrameScores', () => {
  it('takes each class’s highest score and its frame, the earliest on a tie, and nothing from no frames', () => {
    const summary = visualWith({ 1: { Sexy: 0.4 }, 4: { Sexy: 0.4 }, 5: { Neutral: 0.9 } });
    expect(summary.framesClassified).toBe(6);
    expect(summary.maxByClass.Sexy).toEqual({ score: 0.4, position: 1, atSeconds: 1.5 });
    expect(summary.maxByClass.Neutral).toEqual({ score: 0.9, position: 5, atSeconds: 5.5 });
    expect(summary.maxExplicit.position).toBe(0);
    expect(summariseFrameScores(MODEL, [])).toBeNull();
  });
});
