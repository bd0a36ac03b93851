/**
 * Issue 14: semantic exemplars are policy data. A draft that adds an exemplar is saved (audited),
 * backtested through Temporal with the real model (the policyBacktest workflow on the test worker),
 * and promoted; the live policy's version then includes the exemplar. Bad exemplar edits are
 * refused with sentences, and only policy roles may search the exemplars. The test leaves the
 * shipped rules live.
 */
import { draftExemplarId, LIVE_POLICY, LIVE_RULE_SET } from '../../policies';
import type { SessionStaff } from '../../app/services/sessions.server';
import type { RuleSet } from '../../policies';
import { callerAs, connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';

/**
 * The rules allow it and the shipped exemplars leave it allowed (margin -0.009 over benign, below
 * the 0.01 review margin); with itself as a violence exemplar the margin is 0.025: review.
 */
const PROMPT = 'grandpa squashes the kitten under his boot';
const ADD_EXEMPLAR = { terms: [], newGroups: [], thresholds: [], exemplars: { add: [{ text: PROMPT, label: 'violence_graphic' as const, lang: 'en' as const }], remove: [] } };

let ctx: TestContext;
let manager: SessionStaff;
beforeAll(async () => {
  ctx = await connectTestContext();
  manager = await createStaff(ctx.db, 'policy_manager');
});
afterAll(async () => {
  await callerAs(ctx, manager).policy.restoreShipped({ note: 'test clean-up' });
  await ctx.close();
});

it('saves a draft that adds an exemplar, backtests it with the semantic layer through Temporal, and promotes it into the live version', async () => {
  const trpc = callerAs(ctx, manager).policy;
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: PROMPT });
  await waitForStatus(ctx.db, requestId, ['consent_check', 'generating', 'moderating', 'signing', 'clip_review', 'published', 'prompt_review', 'blocked', 'rejected']);
  const screening = await ctx.db.selectFrom('prompt_screenings').select('verdict').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(screening.verdict).toBe('allow');

  const { id } = await trpc.saveDraft({ title: 'Cruelty to small animals (exemplar)', changes: ADD_EXEMPLAR });
  const exemplarId = draftExemplarId(PROMPT);
  const detail = await trpc.draft({ id });
  expect(detail.version).not.toBe(LIVE_POLICY.version);
  expect(detail.diffFromLive.exemplars).toEqual([{ id: exemplarId, label: 'violence_graphic', lang: 'en', text: PROMPT, change: 'added' }]);
  expect(detail.semantic.exemplarCount).toBe(LIVE_RULE_SET.semantic!.exemplars.length + 1);

  expect(await trpc.backtestProgress({ id })).toBeNull();
  const backtest = await trpc.backtest({ id, limit: 100 });
  // The page asks the workflow how far it got; after the end, all of the sample.
  expect(await trpc.backtestProgress({ id })).toEqual({ done: backtest.sampleSize, total: backtest.sampleSize });
  // Every sampled prompt was classified on both sides by the real model.
  expect(backtest.semantic).toEqual({ live: { ok: backtest.sampleSize, unavailable: 0 }, draft: { ok: backtest.sampleSize, unavailable: 0 } });
  const changed = backtest.changed.find((c) => c.requestId === requestId);
  // Only the semantic layer changes this verdict: neither side's rules match anything.
  expect(changed).toMatchObject({ storedVerdict: 'allow', liveVerdict: 'allow', draftVerdict: 'review', liveMatches: [], draftMatches: [], draftCategories: ['violence_graphic'] });
  expect(changed!.liveSemantic).toMatchObject({ status: 'ok', verdict: 'allow' });
  expect(changed!.draftSemantic).toMatchObject({ status: 'ok', verdict: 'review', category: 'violence_graphic' });
  const nearest = changed!.draftSemantic!.status === 'ok' ? changed!.draftSemantic!.nearest : [];
  expect(nearest[0]).toMatchObject({ exemplarId, text: PROMPT, label: 'violence_graphic' });
  expect(nearest[0]!.similarity).toBeGreaterThan(0.99);
  // The draft's page reads the stored backtest back with its semantic counts apart from the transitions.
  const page = await trpc.draft({ id });
  expect(page.backtest!.semantic).toEqual(backtest.semantic);
  expect(Object.keys(page.backtest!.transitions).every((key) => key.includes('→'))).toBe(true);
  expect(page.backtest!.transitions['allow→review']).toBeGreaterThanOrEqual(1);

  const promoted = await trpc.promote({ id, note: 'semantic exemplar test' });
  const live = await trpc.live();
  expect(live.version).toBe(promoted.version);
  expect(live.changes.exemplars?.add).toEqual(ADD_EXEMPLAR.exemplars.add);
  const stored = await ctx.db.selectFrom('policy_rule_sets').select('rule_set').where('hash', '=', live.ruleSetHash).executeTakeFirstOrThrow();
  const ruleSet = (typeof stored.rule_set === 'string' ? JSON.parse(stored.rule_set) : stored.rule_set) as RuleSet;
  expect(ruleSet.semantic!.exemplars.find((e) => e.id === exemplarId)).toEqual({ id: exemplarId, text: PROMPT, label: 'violence_graphic', lang: 'en', source: 'draft' });

  // The pipeline now screens with the promoted exemplar: the same prompt is held for review, by meaning.
  const again = await submit(ctx, { creatorId: creator.id, prompt: PROMPT });
  await waitForStatus(ctx.db, again.requestId, ['prompt_review', 'blocked', 'consent_check', 'generating', 'published']);
  const rescreened = await ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', again.requestId).executeTakeFirstOrThrow();
  expect(rescreened).toMatchObject({ verdict: 'review', policy_version: promoted.version });
  expect(rescreened.semantic).toMatchObject({ status: 'ok', verdict: 'review', category: 'violence_graphic' });
  expect(rescreened.semantic!.status === 'ok' && rescreened.semantic!.nearest[0]).toMatchObject({ exemplarId, text: PROMPT });

  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('subject_id', '=', id).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['policy.draft.create', 'policy.draft.backtest', 'policy.promote']);
  expect(audit[0]!.after).toMatchObject({ changes: { exemplars: ADD_EXEMPLAR.exemplars } });
  expect(audit[1]!.after).toMatchObject({ semantic: backtest.semantic });
});

it('refuses exemplar edits that cannot mean anything, and too large a backtest, with sentences', async () => {
  const trpc = callerAs(ctx, manager).policy;
  const bad = (exemplars: unknown, semanticSettings?: unknown) =>
    trpc.saveDraft({ title: 'Bad exemplar', changes: { terms: [], newGroups: [], thresholds: [], exemplars, semanticSettings } as never });
  await expect(bad({ add: [{ text: '   ', label: 'benign', lang: 'en' }], remove: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('an exemplar cannot be empty') });
  await expect(bad({ add: [{ text: 'a dog', label: 'rude', lang: 'en' }], remove: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining("an exemplar's label is a policy category or benign") });
  await expect(bad({ add: [{ text: 'a dog', label: 'benign', lang: 'fr' }], remove: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining("an exemplar's language is one of en, id, es, ru") });
  await expect(bad(undefined, { reviewMargin: 0.04, blockMargin: 0.02 })).rejects.toMatchObject({
    code: 'BAD_REQUEST', message: expect.stringContaining('The semantic block margin 0.02 is below the review margin 0.04'),
  });
  const { id } = await trpc.saveDraft({ title: 'Fine draft', changes: ADD_EXEMPLAR });
  await expect(trpc.backtest({ id, limit: 2001 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('a backtest screens at most 2000 decisions') });
  await trpc.discardDraft({ id });
});

it('searches the shipped exemplars for the draft editor, for policy roles only', async () => {
  const trpc = callerAs(ctx, manager).policy;
  const { id } = await trpc.saveDraft({ title: 'Search test', changes: { terms: [], newGroups: [], thresholds: [], exemplars: { add: [], remove: [LIVE_RULE_SET.semantic!.exemplars[0]!.id] } } });
  const found = await trpc.searchExemplars({ draftId: id, query: LIVE_RULE_SET.semantic!.exemplars[0]!.text.toUpperCase() });
  expect(found.exemplars[0]).toMatchObject({ id: LIVE_RULE_SET.semantic!.exemplars[0]!.id, removed: true });
  const detail = await trpc.draft({ id });
  const first = LIVE_RULE_SET.semantic!.exemplars[0]!;
  expect(detail.semantic.removed).toEqual([{ id: first.id, text: first.text, label: first.label, lang: first.lang }]);
  await expect(trpc.searchExemplars({ draftId: id, query: 'a' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('type at least 2 characters') });
  const reviewer = await createStaff(ctx.db, 'reviewer');
  await expect(callerAs(ctx, reviewer).policy.searchExemplars({ draftId: id, query: 'dog' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await trpc.discardDraft({ id });
});
