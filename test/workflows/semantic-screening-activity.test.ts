/**
 * The screening activity's semantic layer (issue 14), run alone in Temporal's MockActivityEnvironment
 * against the run's PostgreSQL: with the model missing or the layer switched off the rules decide and
 * the stored reasons say so; a semantic block gives the creator a sentence that names the policy
 * without pointing at words; a retry keeps the stored decision; a shadow draft whose exemplars are
 * the live ones reuses the live outcome instead of asking the classifier again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createSemanticClassifier, type SemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { loadSemanticEmbedder } from '../../activities/classifiers/semantic/embedder';
import type { ActivityDeps } from '../../activities/deps';
import { screeningActivities } from '../../activities/screening';
import { loadLiveOverlay, storeRuleSet } from '../../db/queries/policy';
import { insertDraft, setDraftState } from '../../db/queries/policy-drafts';
import { contentHash } from '../../policies/content-hash';
import { applyRuleSetChanges, compileOverlay, LIVE_RULE_SET, NO_CHANGES, type RuleSetChanges, type SemanticOutcome, type SemanticPolicy } from '../../policies';
import type { ScreeningOutcome } from '../../contracts';
import { connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

const KICKED = 'two men kick a homeless man until he stops moving';

let ctx: TestContext;
let emptyModelDir: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  emptyModelDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-no-model-'));
});
afterAll(async () => {
  await rm(emptyModelDir, { recursive: true, force: true });
  await ctx.close();
});

/** A request row as the workflow's recordRequest activity leaves it. */
async function requestFor(prompt: string): Promise<string> {
  const creator = await createCreator(ctx.db);
  const requestId = randomUUID();
  await ctx.db
    .insertInto('generation_requests')
    .values({ id: requestId, creator_id: creator.id, prompt, prompt_sha256: 'test', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'screening' })
    .execute();
  return requestId;
}

async function screen(requestId: string, semantic: SemanticClassifier | null) {
  const { screenPrompt } = screeningActivities({ db: ctx.db, semantic } as ActivityDeps);
  const outcome = (await new MockActivityEnvironment().run(screenPrompt, { requestId })) as ScreeningOutcome;
  const stored = await ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  return { outcome, stored };
}

/** A classifier that answers `outcome` for every prompt and records the policies it was asked with. */
function fixedClassifier(outcome: SemanticOutcome) {
  const asked: SemanticPolicy[] = [];
  const classifier: SemanticClassifier = {
    model: 'fixed-test-model',
    async classify(_text, policy) {
      asked.push(policy);
      return outcome;
    },
    async warm() {},
  };
  return { classifier, asked };
}

const BLOCKING: SemanticOutcome = {
  status: 'ok', model: 'fixed-test-model', verdict: 'block', category: 'violence_graphic', score: 0.08,
  nearest: [{ exemplarId: 'x1', text: 'a man beats a stranger to death', label: 'violence_graphic', similarity: 0.91 }],
};

it('lets the rules decide when the model is missing, and the stored reasons and outcome say so', async () => {
  const missing = createSemanticClassifier({ load: () => loadSemanticEmbedder({ modelDir: emptyModelDir }), diskCache: false });
  const { outcome, stored } = await screen(await requestFor(KICKED), missing);
  expect(outcome.verdict).toBe('allow');
  expect(stored.semantic).toMatchObject({ status: 'unavailable', error: expect.stringContaining('model.onnx and tokenizer.json not found') });
  expect(stored.reasons.at(-1)).toMatch(/^note: the semantic classifier \(multilingual-e5-small .+\) could not run \(.*not found.*\); the rules decided alone$/);

  // The rules still block what they know without the model.
  const rulesBlock = await screen(await requestFor('Graphic gore: a man being decapitated'), missing);
  expect(rulesBlock.outcome.verdict).toBe('block');
  expect(rulesBlock.outcome.summary).toMatch(/^This prompt breaks the content policy on violence graphic \(because of “/);
});

it('says the layer is switched off when the worker has no classifier (LOUPE_SEMANTIC_SCREENING=off)', async () => {
  const { outcome, stored } = await screen(await requestFor(KICKED), null);
  expect(outcome.verdict).toBe('allow');
  expect(stored.semantic).toMatchObject({ status: 'unavailable', error: 'switched off with LOUPE_SEMANTIC_SCREENING=off' });
  expect(stored.reasons.at(-1)).toContain('could not run (switched off with LOUPE_SEMANTIC_SCREENING=off); the rules decided alone');
});

it('blocks on meaning with a sentence naming the policy, and a retry keeps the stored decision', async () => {
  const requestId = await requestFor(KICKED);
  const { outcome, stored } = await screen(requestId, fixedClassifier(BLOCKING).classifier);
  expect(outcome.verdict).toBe('block');
  expect(outcome.summary).toBe('This prompt breaks the content policy on violence graphic (its meaning is close to prompts that do).');
  expect(stored).toMatchObject({ verdict: 'block', categories: ['violence_graphic'], semantic: BLOCKING });

  // The activity runs again after the decision was stored (a retry): the classifier now allows, the stored block stands.
  const allowing: SemanticOutcome = { ...BLOCKING, verdict: 'allow', score: -0.02 };
  const retry = await screen(requestId, fixedClassifier(allowing).classifier);
  expect(retry.outcome).toEqual(outcome);
  expect(retry.stored.semantic).toEqual(BLOCKING);
});

it('asks the classifier again only for a shadow draft whose exemplars differ from the live ones', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const tag = randomUUID().slice(0, 6);
  const termsOnly: RuleSetChanges = { ...NO_CHANGES, terms: [{ groupId: 'violence_graphic.gore.en', add: [`zorblax${tag}`], remove: [] }] };
  const withExemplar: RuleSetChanges = { ...NO_CHANGES, exemplars: { add: [{ text: `men kick a stranger until he stops moving ${tag}`, label: 'violence_graphic', lang: 'en' }], remove: [] } };
  const drafts: string[] = [];
  for (const changes of [termsOnly, withExemplar]) {
    const overlay = compileOverlay(changes);
    await storeRuleSet(ctx.db, overlay, changes);
    const id = await insertDraft(ctx.db, { title: `Semantic reuse (test ${tag})`, note: null, changes, ruleSetHash: overlay.ruleSetHash }, manager.id);
    await setDraftState(ctx.db, id, 'shadow', manager.id, new Date());
    drafts.push(id);
  }
  try {
    const { classifier, asked } = fixedClassifier(BLOCKING);
    const requestId = await requestFor(KICKED);
    await screen(requestId, classifier);

    // Other tests' drafts may be in shadow too: count by content, not by number of calls.
    // The live exemplars as the screening saw them (the shipped ones unless a test left a promotion live).
    const live = contentHash(applyRuleSetChanges(LIVE_RULE_SET, (await loadLiveOverlay(ctx.db)).changes).ruleSet.semantic);
    const draftPolicy = compileOverlay(withExemplar).ruleSet.semantic!;
    expect(asked.filter((policy) => contentHash(policy) === live)).toHaveLength(1);
    expect(asked.filter((policy) => contentHash(policy) === contentHash(draftPolicy))).toHaveLength(1);
    expect(draftPolicy.exemplars).toHaveLength(LIVE_RULE_SET.semantic!.exemplars.length + 1);

    const rows = await ctx.db.selectFrom('policy_shadow_screenings').selectAll().where('request_id', '=', requestId).where('draft_id', 'in', drafts).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ verdict: 'block', live_verdict: 'block', semantic: BLOCKING, categories: ['violence_graphic'] });
  } finally {
    for (const id of drafts) await setDraftState(ctx.db, id, 'discarded', manager.id);
  }
});
