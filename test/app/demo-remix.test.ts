/**
 * The demo creator app's remix switch (issue 15), over HTTP through the app API: the owner turns
 * remixing of their video off from My requests, a remix of it submitted from the demo form is
 * refused with the reason, and nobody else can flip it.
 */
import { openSession } from '../../app/services/sessions.server';
import { createCreator, createStaff, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { seedUse } from '../support/likeness-uses';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function sessionCookie(): Promise<string> {
  const staff = await createStaff(ctx.db, 'reviewer');
  return `loupe_session=${await openSession(ctx.db, staff.id)}`;
}

it('turns remixing off from My requests, and the demo form\u2019s remix of that video is refused with the reason', async () => {
  const cookie = await sessionCookie();
  const owner = await createCreator(ctx.db);
  const other = await createCreator(ctx.db);
  const { videoId } = await seedUse(ctx.db, { creatorId: owner.id, cameoId: null, status: 'published' });
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', body: new URLSearchParams(form), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  const remixAllowed = async () => (await ctx.db.selectFrom('videos').select('remix_allowed').where('id', '=', videoId).executeTakeFirstOrThrow()).remix_allowed;

  const before = await (await fetch(`${server.url}/demo/requests?as=${owner.id}`, { headers: { cookie } })).text();
  expect(before).toMatch(/data-testid="remix-setting">[\s\S]*?allowed[\s\S]*?Turn off/);

  // Someone else cannot flip it: the API answers as if the video did not exist.
  const stranger = await post(`/demo/requests?as=${other.id}`, { videoId, remixAllowed: 'false' });
  expect(await stranger.text()).toMatch(/role="alert"[^>]*>You have no video with that id/);
  expect(await remixAllowed()).toBe(true);

  const turnedOff = await post(`/demo/requests?as=${owner.id}`, { videoId, remixAllowed: 'false' });
  expect(turnedOff.status).toBe(200);
  const page = await turnedOff.text();
  expect(page.replaceAll('<!-- -->', '')).toContain('Remixing by others is now off.');
  expect(page).toMatch(/data-testid="remix-setting">[\s\S]*?turned off[\s\S]*?Turn on/);
  expect(await remixAllowed()).toBe(false);

  const remix = await post(`/demo/submit?as=${other.id}`, { prompt: 'The same scene, at night', durationSeconds: '2', remixOfVideoId: videoId });
  expect(await remix.text()).toMatch(/role="alert"[^>]*>The owner of this video has turned remixing off/);
  expect(await ctx.db.selectFrom('generation_requests').select('id').where('creator_id', '=', other.id).execute()).toHaveLength(0);
});
