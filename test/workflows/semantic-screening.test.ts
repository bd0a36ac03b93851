/**
 * The semantic layer in the pipeline's screening (issue 14), through the real Temporal dev server and
 * the run's workers (which load the real model and warm it at start): a prompt the rules allow but
 * whose meaning is close to graphic violence is held for review with a semantic reason and the
 * outcome stored for reviewers; a plain prompt publishes with the layer's `allow` stored; a draft in
 * shadow is measured against its own exemplars. The activity alone, with the model missing or the
 * layer switched off, is in semantic-screening-activity.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { compileOverlay, NO_CHANGES, type RuleSetChanges, type SemanticOutcome } from '../../policies';
import { storeRuleSet } from '../../db/queries/policy';
import { insertDraft, setDraftState } from '../../db/queries/policy-drafts';
import { connectTestContext, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext } from '../support/fixtures';

/** Rules see no word to hold here (no weapon, no gore term); its meaning is what is violent. */
const KICKED = 'two men kick a homeless man until he stops moving';
const PLAIN = 'A paper boat drifting down a rainy street at dusk';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const screeningOf = (requestId: string) => ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();

it('holds a prompt the rules allow but whose meaning is graphic violence, with the category, score and nearest exemplars stored', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: KICKED });
  await waitForStatus(ctx.db, requestId, ['prompt_review', 'blocked', 'published', 'rejected']);

  const screening = await screeningOf(requestId);
  expect(screening.verdict).toBe('review');
  expect(screening.matches.filter((m) => m.action !== 'allow')).toEqual([]);
  expect(screening.categories).toEqual(['violence_graphic']);
  expect(screening.reasons.at(-1)).toMatch(/^review: violence_graphic: the semantic classifier places the prompt 0\.\d{3} closer to violence_graphic exemplars than to benign ones; nearest exemplar: ".+" \(similarity 0\.\d{3}\)$/);
  const semantic = screening.semantic as Extract<SemanticOutcome, { status: 'ok' }>;
  expect(semantic).toMatchObject({ status: 'ok', verdict: 'review', category: 'violence_graphic', model: expect.stringMatching(/^multilingual-e5-small /) });
  expect(semantic.score).toBeGreaterThanOrEqual(0.01);
  expect(semantic.score).toBeLessThan(0.05);
  expect(semantic.nearest).toHaveLength(5);
  expect(semantic.nearest.some((n) => n.label === 'violence_graphic')).toBe(true);
  for (const n of semantic.nearest) expect(n).toMatchObject({ exemplarId: expect.any(String), text: expect.any(String), similarity: expect.any(Number) });

  // The reviewer's item carries the same reasons.
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  expect(item.state).toBe('open');
});

it('publishes a plain prompt, with the layer\'s allow stored beside the rules\' verdict', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: PLAIN });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(result.status).toBe('published');
  const screening = await screeningOf(requestId);
  expect(screening.verdict).toBe('allow');
  expect(screening.semantic).toMatchObject({ status: 'ok', verdict: 'allow' });
  expect(screening.reasons.join(' ')).not.toMatch(/semantic classifier/);
});

it('measures a draft in shadow against its own exemplars: an exemplar the draft adds changes its verdict, never the live one', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  // A prompt of this test's own, and exemplars that say it is graphic violence: only in the draft.
  const tag = randomUUID().slice(0, 6);
  const prompt = `A paper lantern floating over a quiet harbour at dusk, lantern ${tag}`;
  const texts = [prompt, 'a paper lantern drifting over a harbour at night', 'paper lanterns floating above calm harbour water', 'a glowing lantern over a quiet port at sunset', 'a lantern floating over the sea at dusk'];
  const changes: RuleSetChanges = { ...NO_CHANGES, exemplars: { add: texts.map((text) => ({ text, label: 'violence_graphic', lang: 'en' })), remove: [] } };
  const overlay = compileOverlay(changes);
  await storeRuleSet(ctx.db, overlay, changes);
  const draftId = await insertDraft(ctx.db, { title: `Lanterns are violent (test ${tag})`, note: null, changes, ruleSetHash: overlay.ruleSetHash }, manager.id);
  await setDraftState(ctx.db, draftId, 'shadow', manager.id, new Date());
  try {
    const creator = await createCreator(ctx.db);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result.status).toBe('published');

    const live = await screeningOf(requestId);
    expect(live).toMatchObject({ verdict: 'allow', semantic: { status: 'ok', verdict: 'allow' } });
    const shadow = await ctx.db.selectFrom('policy_shadow_screenings').selectAll().where('draft_id', '=', draftId).where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(shadow).toMatchObject({ verdict: 'block', live_verdict: 'allow', categories: ['violence_graphic'] });
    const semantic = shadow.semantic as Extract<SemanticOutcome, { status: 'ok' }>;
    expect(semantic).toMatchObject({ status: 'ok', verdict: 'block', category: 'violence_graphic' });
    expect(semantic.nearest[0]).toMatchObject({ text: prompt, label: 'violence_graphic', similarity: 1 });
    expect(semantic.nearest[0]!.exemplarId).toMatch(/^d:/);
    expect(shadow.policy_version).not.toBe(live.policy_version);
  } finally {
    await setDraftState(ctx.db, draftId, 'discarded', manager.id);
  }
});
