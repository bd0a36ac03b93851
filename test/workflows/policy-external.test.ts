/**
 * The screening activity with the external classifier switched on, against a local server that
 * implements OpenAI's moderation contract: the classifier can only make a verdict stricter, and
 * when it fails (500, 429, timeout) the rules decide alone and the stored reasons say so.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityDeps } from '../../activities/deps';
import { openAiModeration } from '../../activities/external-moderation';
import { screeningActivities } from '../../activities/screening';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';
import { startFakeModerationServer, type FakeModerationServer, type ModerationBehaviour } from '../support/openai-moderation-server';

let ctx: TestContext;
let server: FakeModerationServer;
beforeAll(async () => {
  ctx = await connectTestContext();
  server = await startFakeModerationServer('sk-test-local');
});
afterAll(async () => {
  await server.close();
  await ctx.close();
});

/** A request row as the workflow's recordRequest activity leaves it, screened directly by the activity under test. */
async function screen(prompt: string, behaviour: ModerationBehaviour) {
  server.behave(behaviour);
  const creator = await createCreator(ctx.db);
  const requestId = randomUUID();
  await ctx.db
    .insertInto('generation_requests')
    .values({ id: requestId, creator_id: creator.id, prompt, prompt_sha256: 'test', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'screening' })
    .execute();
  const activities = screeningActivities({
    db: ctx.db,
    externalModeration: openAiModeration({ apiKey: 'sk-test-local', baseUrl: server.baseUrl, timeoutMs: 500 }),
    semantic: null,
  } as ActivityDeps);
  const outcome = await activities.screenPrompt({ requestId });
  const stored = await ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  return { outcome, stored };
}

const BENIGN = 'A watercolor fox reading a book under a tree';

it('blocks when the classifier scores a mapped category over its block score', async () => {
  const { outcome, stored } = await screen(BENIGN, { kind: 'scores', scores: { 'violence/graphic': 0.97 } });
  expect(outcome.verdict).toBe('block');
  expect(stored.categories).toEqual(['violence_graphic']);
  expect(stored.reasons.join(' ')).toMatch(/external classifier openai scored "violence\/graphic" 0\.970/);
  expect(stored.external).toMatchObject({ provider: 'openai', status: 'ok', flagged: true, categories: ['violence/graphic'] });
  expect(server.requests.at(-1)!.body).toEqual({ model: 'omni-moderation-latest', input: BENIGN });
});

it('holds a flagged prompt for review when no score reaches the block score', async () => {
  const { outcome, stored } = await screen(BENIGN, { kind: 'scores', scores: { harassment: 0.62 } });
  expect(outcome.verdict).toBe('review');
  expect(stored.categories).toEqual(['hate_harassment']);
});

it('leaves a clean prompt allowed when the classifier agrees', async () => {
  const { outcome, stored } = await screen(BENIGN, { kind: 'scores', scores: {} });
  expect(outcome.verdict).toBe('allow');
  expect(stored.external).toMatchObject({ status: 'ok', flagged: false });
});

it.each([
  [{ kind: 'status', status: 500, message: 'The server had an error while processing your request.' } as const, 'HTTP 500'],
  [{ kind: 'status', status: 429, message: 'Rate limit reached' } as const, 'rate limited (HTTP 429)'],
  [{ kind: 'hang' } as const, 'no answer within 500 ms'],
])('decides by the rules alone, and says so, when the classifier fails (%o)', async (behaviour, why) => {
  const { outcome, stored } = await screen(BENIGN, behaviour);
  expect(outcome.verdict).toBe('allow');
  // The external note comes before the semantic layer's (switched off here, so it notes that too).
  const note = stored.reasons.find((reason) => reason.includes('external classifier'));
  expect(note).toContain(`the external classifier (openai) could not be asked (${why}`);
  expect(note).toContain('the rules decided alone');
  expect(stored.external).toMatchObject({ provider: 'openai', status: 'unavailable' });

  const rulesBlock = await screen('Graphic gore: a man being decapitated', behaviour);
  expect(rulesBlock.outcome.verdict).toBe('block');
});

it('combines a shadow draft with the same classifier answer, so a changed verdict means the draft\'s rules differ', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const trpc = callerAs(ctx, manager).policy;
  // A draft identical to the live rules: in shadow it must agree with the live verdict, classifier included.
  const { id } = await trpc.saveDraft({ title: 'Unchanged rules (test)', changes: { terms: [], newGroups: [], thresholds: [] } });
  await trpc.setShadow({ id, shadow: true });
  try {
    const { outcome, stored } = await screen(BENIGN, { kind: 'scores', scores: { 'violence/graphic': 0.97 } });
    expect(outcome.verdict).toBe('block');
    const shadow = await ctx.db.selectFrom('policy_shadow_screenings').selectAll().where('draft_id', '=', id).where('request_id', '=', stored.request_id).executeTakeFirstOrThrow();
    expect(shadow).toMatchObject({ verdict: 'block', live_verdict: 'block', categories: ['violence_graphic'] });
  } finally {
    await trpc.setShadow({ id, shadow: false });
  }
});
