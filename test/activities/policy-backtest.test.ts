/**
 * classifyBacktestBatch (issue 14): each sampled prompt is classified under the live and the draft
 * semantic policies, one outcome serving both when they are identical; a switched-off layer and a
 * request that is gone answer `unavailable` with a sentence; outcomes go back compact.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { vi } from 'vitest';
import { decideSemantic, NO_CHANGES, type RuleSetChanges, type SemanticPolicy } from '../../policies';
import type { ActivityDeps } from '../../activities/deps';
import type { SemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import type { PolicyBacktestSemantic } from '../../contracts';

const PROMPTS = new Map([
  ['r1', 'grandpa squashes the kitten under his boot'],
  ['r2', 'a red umbrella'],
]);
vi.mock('../../db/queries/backtest-prompts', () => ({
  promptsOfRequests: async (_db: unknown, ids: readonly string[]) => new Map(ids.filter((id) => PROMPTS.has(id)).map((id) => [id, PROMPTS.get(id)!])),
}));
const { policyBacktestActivities } = await import('../../activities/policy-backtest');

const DRAFT: RuleSetChanges = { ...NO_CHANGES, exemplars: { add: [{ text: PROMPTS.get('r1')!, label: 'violence_graphic', lang: 'en' }], remove: [] } };

/** A model for which a prompt is close (0.95) only to an exemplar with its own text, 0.5 to every other. */
function fakeClassifier(): SemanticClassifier & { classify: ReturnType<typeof vi.fn> } {
  return {
    model: 'fake-model',
    classify: vi.fn(async (text: string, policy: SemanticPolicy) => decideSemantic(policy, policy.exemplars.map((e) => (e.text === text ? 0.95 : 0.5)), 'fake-model')),
    warm: async () => undefined,
  };
}

const run = (semantic: SemanticClassifier | null, changes: { live: RuleSetChanges; draft: RuleSetChanges }, requestIds: string[]) =>
  new MockActivityEnvironment().run(
    policyBacktestActivities({ db: {} as ActivityDeps['db'], semantic }).classifyBacktestBatch,
    { requestIds, ...changes },
  ) as Promise<PolicyBacktestSemantic>;

it('classifies each prompt under both policies, compactly, in the order asked', async () => {
  const classifier = fakeClassifier();
  const result = await run(classifier, { live: NO_CHANGES, draft: DRAFT }, ['r1', 'r2']);
  expect(result.model).toBe('fake-model');
  expect(classifier.classify).toHaveBeenCalledTimes(4);
  expect(result.outcomes[0]!.live).toMatchObject({ status: 'ok', verdict: 'allow' });
  expect(result.outcomes[0]!.draft).toMatchObject({ status: 'ok', verdict: 'block', category: 'violence_graphic' });
  expect(JSON.stringify(result)).not.toContain('kitten');
  expect(result.outcomes[1]!.draft).toMatchObject({ status: 'ok', verdict: 'allow' });
});

it('classifies once when the two semantic policies are identical (a draft that edits only terms)', async () => {
  const classifier = fakeClassifier();
  const termsOnly: RuleSetChanges = { ...NO_CHANGES, terms: [{ groupId: 'violence_graphic.gore.en', add: ['zorblaxing'], remove: [] }] };
  const result = await run(classifier, { live: NO_CHANGES, draft: termsOnly }, ['r1', 'r2']);
  expect(classifier.classify).toHaveBeenCalledTimes(2);
  expect(result.outcomes.every((o) => o.draft === undefined)).toBe(true);
});

it('answers unavailable, with a sentence, when the layer is switched off or a request is gone', async () => {
  const off = await run(null, { live: NO_CHANGES, draft: DRAFT }, ['r1']);
  expect(off.outcomes[0]).toEqual({
    live: { status: 'unavailable', error: 'the semantic layer is switched off on the worker (LOUPE_SEMANTIC_SCREENING=off)' },
    draft: { status: 'unavailable', error: 'the semantic layer is switched off on the worker (LOUPE_SEMANTIC_SCREENING=off)' },
  });
  const gone = await run(fakeClassifier(), { live: NO_CHANGES, draft: DRAFT }, ['nope', 'r2']);
  expect(gone.outcomes[0]).toEqual({ live: { status: 'unavailable', error: 'the request no longer exists' } });
  expect(gone.outcomes).toHaveLength(2);
});
