import { qaSampleBucket, routeClip, type ClipRoutingFacts } from '../../policies/review';

const clean: ClipRoutingFacts = { requestId: 'r-1', promptWasReviewed: false, cameoOwnersOtherThanCreator: 0, isRemix: false, failedTechnicalChecks: [], qaSampleRate: 0 };

describe('routeClip', () => {
  it.each<[string, Partial<ClipRoutingFacts>, 'allow' | 'review', RegExp | null]>([
    ['a clean clip publishes', {}, 'allow', null],
    ['a reviewed prompt sends its clip to review', { promptWasReviewed: true }, 'review', /needed human approval/],
    ['someone else’s likeness goes to review', { cameoOwnersOtherThanCreator: 1 }, 'review', /likeness of someone other/],
    ['a failed technical check goes to review', { failedTechnicalChecks: ['duration'] }, 'review', /Technical checks failed: duration/],
    ['a QA rate of 1 samples everything', { qaSampleRate: 1 }, 'review', /quality assurance/],
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
});
