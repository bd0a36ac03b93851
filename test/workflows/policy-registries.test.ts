/**
 * Registries from the database, compiled into the live policy by the screening activity: a living
 * public figure is blocked, and an opted-in figure is allowed only with their own cameo. (The works
 * registry's equivalent, issue 13, is test/workflows/copyright-works.test.ts.)
 */
import { randomInt } from 'node:crypto';
import {
  callerAs, connectTestContext, createCameo, createCreator, createStaff, submit, waitForStatus, type TestContext,
} from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** A name no other test's prompt contains, so registry entries made here change nothing elsewhere. */
const inventedName = (prefix: string) => `${prefix} ${Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join('')}x`;

async function screeningOf(requestId: string) {
  await waitForStatus(ctx.db, requestId, ['blocked', 'prompt_review', 'consent_check', 'generating', 'moderating', 'signing', 'clip_review', 'published', 'rejected']);
  return ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
}

it('blocks a living public figure from the registry and stores the version that included them', async () => {
  const admin = await createStaff(ctx.db, 'policy_manager');
  const name = inventedName('Senator');
  await callerAs(ctx, admin).policy.savePublicFigure({ name, living: true });
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: `${name} dancing on a rooftop at sunset` });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(result.status).toBe('blocked');
  const screening = await screeningOf(requestId);
  expect(screening).toMatchObject({ verdict: 'block', categories: ['public_figure'] });
  const match = screening.matches.find((m) => m.category === 'public_figure')!;
  expect(`${name} dancing`.slice(match.start, match.end)).toBe(name);

  const version = await ctx.db.selectFrom('policy_versions').selectAll().where('version', '=', screening.policy_version).executeTakeFirstOrThrow();
  expect(version.first_role).toBe('live');
  expect(version.registries.publicFigures?.map((f) => f.name)).toContain(name);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'policy.public_figure.create').where('actor_label', '=', admin.email).execute();
  expect(audit).toHaveLength(1);
});

it('lets an opted-in figure through only with their own cameo', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const person = await createCreator(ctx.db);
  const theirCameo = await createCameo(ctx.db, person.id, 'everyone');
  const otherCameo = await createCameo(ctx.db, (await createCreator(ctx.db)).id, 'everyone');
  const name = inventedName('Star');
  await callerAs(ctx, manager).policy.savePublicFigure({ name, living: true, optedIn: true, cameoId: theirCameo.id });
  const creator = await createCreator(ctx.db);
  // An election-news phrase holds every request for prompt review, so nothing is rendered here.
  const prompt = `Breaking news footage: ${name} at a polling station on election day`;

  const withOwn = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt, cameoIds: [theirCameo.id] })).requestId);
  const withOther = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt, cameoIds: [otherCameo.id] })).requestId);
  const without = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt })).requestId);

  const figureMatch = (s: typeof withOwn) => s.matches.find((m) => m.category === 'public_figure');
  expect(figureMatch(withOwn)?.action).toBe('allow');
  expect(withOwn.categories).not.toContain('public_figure');
  expect(figureMatch(withOther)?.action).toBe('review');
  expect(withOther.categories).toContain('public_figure');
  expect(figureMatch(without)?.action).toBe('review');
});

it('refuses registry and policy changes to roles without the capability', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const legal = await createStaff(ctx.db, 'legal');
  await expect(callerAs(ctx, reviewer).policy.live()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, reviewer).policy.savePublicFigure({ name: 'Nobody Atall', living: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, reviewer).copyrightWorks.import({ fileName: 'x.csv', text: 'name,kind\nX Y,brand', dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, legal).policy.promote({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect((await callerAs(ctx, legal).policy.registries()).figures.length).toBeGreaterThan(0);
});
