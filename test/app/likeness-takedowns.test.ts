/**
 * Reading likeness takedowns: the cameo's owner and the legal role see a takedown's progress, other
 * creators and other roles do not (one NOT_FOUND sentence, nothing revealed), and the legal console
 * pages list recent takedowns with their counts and one takedown's videos with their outcomes.
 */
import { openSession } from '../../app/services/sessions.server';
import { getTakedownProgress } from '../../app/services/likeness-takedowns.server';
import { startLikenessTakedown } from '../../app/services/workflow-client.server';
import { likenessTakedownWorkflowId } from '../../contracts';
import { useConsoleHarness, type ConsoleHarness } from '../support/console-harness';
import { callerAs, createCameo, createCreator, createStaff } from '../support/fixtures';
import { seedUse } from '../support/likeness-uses';

let harness: ConsoleHarness;
useConsoleHarness((started) => {
  harness = started;
});

async function finishedTakedown() {
  const { ctx } = harness;
  const [owner, grantee, bystander] = await Promise.all([createCreator(ctx.db), createCreator(ctx.db), createCreator(ctx.db)]);
  const cameo = await createCameo(ctx.db, owner.id, 'approved', [grantee.id]);
  const uses = [
    await seedUse(ctx.db, { creatorId: grantee.id, cameoId: cameo.id, status: 'published' }),
    await seedUse(ctx.db, { creatorId: grantee.id, cameoId: cameo.id, status: 'draft' }),
  ];
  const { takedownId } = await startLikenessTakedown(ctx, {
    trigger: 'grant_withdrawn', cameoId: cameo.id, subjectCreatorId: grantee.id, videoId: null, ledgerVersion: 2,
    requestedBy: { kind: 'creator', id: owner.id }, reason: 'the owner withdrew the grant',
  });
  await ctx.temporal.workflow.getHandle(likenessTakedownWorkflowId(takedownId)).result();
  return { takedownId, owner, grantee, bystander, cameo, uses };
}

it('shows a takedown\'s progress to the cameo\'s owner and the legal role, and to nobody else', async () => {
  const { ctx } = harness;
  const { takedownId, owner, grantee, bystander, cameo } = await finishedTakedown();

  const seen = await getTakedownProgress(ctx, takedownId, { kind: 'creator', creatorId: owner.id });
  expect(seen).toMatchObject({
    takedownId, trigger: 'grant_withdrawn', cameoId: cameo.id, cameoName: cameo.display_name, state: 'done',
    found: 2, takenDown: 2, alreadyDown: 0, failed: 0, live: false, requestedBy: { kind: 'creator', id: owner.id },
  });
  expect(seen.finishedAt).not.toBeNull();

  for (const creatorId of [grantee.id, bystander.id]) {
    await expect(getTakedownProgress(ctx, takedownId, { kind: 'creator', creatorId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }
  await expect(getTakedownProgress(ctx, 'not-a-uuid', { kind: 'creator', creatorId: owner.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(getTakedownProgress(ctx, takedownId, { kind: 'staff', role: 'reviewer' })).rejects.toThrow(/no likeness takedown with that id/);

  const legal = await createStaff(ctx.db, 'legal');
  expect(await callerAs(ctx, legal).likenessTakedowns.progress({ takedownId })).toMatchObject({ takenDown: 2, state: 'done' });
  const recent = await callerAs(ctx, legal).likenessTakedowns.recent({ limit: 200 });
  expect(recent.map((t) => t.takedownId)).toContain(takedownId);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  await expect(callerAs(ctx, reviewer).likenessTakedowns.recent({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
}, 60_000);

it('lists recent takedowns on the legal console page, and refuses other roles', async () => {
  const { ctx, server } = harness;
  const { takedownId, cameo, uses } = await finishedTakedown();
  const legal = await createStaff(ctx.db, 'legal');
  const page = await fetch(`${server.url}/likeness/takedowns`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`data-takedown-id="${takedownId}"`);
  expect(html).toContain(cameo.display_name);
  expect(html).toContain('grant withdrawn');

  const detail = await fetch(`${server.url}/likeness/takedowns/${takedownId}`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
  expect(detail.status).toBe(200);
  const detailHtml = await detail.text();
  for (const use of uses) expect(detailHtml).toContain(`data-video-id="${use.videoId}"`);
  expect(detailHtml.match(/taken down<\/span>/g)).toHaveLength(2);
  const missing = await fetch(`${server.url}/likeness/takedowns/not-a-takedown`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
  expect(missing.status).toBe(400);

  const reviewer = await createStaff(ctx.db, 'reviewer');
  const refused = await fetch(`${server.url}/likeness/takedowns`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, reviewer.id)}` } });
  expect(refused.status).toBe(403);
}, 60_000);
