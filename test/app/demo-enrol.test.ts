/**
 * The demo creator app's face capture flow (/demo/enrol, issue 12), over HTTP against the built
 * console: a person cameo links to it, the page shows the challenge's sentence, the uploaded capture
 * goes to the app API, and the page follows the enrolment to "verified"; the page never carries
 * face data. The challenge is set to the capture fixture's turn (left, then right) before the
 * upload, since the API picks one of the two at random.
 */
import { openSession } from '../../app/services/sessions.server';
import { faceEnrolmentWorkflowId } from '../../contracts';
import { captureTurnLeftThenRight } from '../support/face-fixtures';
import { createCameo, createCreator, createStaff, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

it('verifies a person cameo from the demo: challenge sentence, capture upload, progress to verified', async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const cookie = `loupe_session=${await openSession(ctx.db, staff.id)}`;
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'only_me');

  const cameosPage = await (await fetch(`${server.url}/demo/cameos?as=${owner.id}`, { headers: { cookie } })).text();
  expect(cameosPage).toContain(`/demo/enrol?as=${owner.id}&amp;cameo=${cameo.id}`);
  expect(cameosPage).toContain('Verify with a face capture');

  const enrolUrl = `${server.url}/demo/enrol?as=${owner.id}&cameo=${cameo.id}`;
  const challenged = await fetch(enrolUrl, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'challenge', cameoId: cameo.id }),
  });
  expect(challenged.status).toBe(200);
  const challengePage = await challenged.text();
  expect(challengePage).toMatch(/The challenge:<\/strong> (<!-- -->)?Face the camera in good light, alone, then slowly turn your head to your (left|right)/);
  expect(challengePage).toContain('demo');
  const challengeId = /name="challengeId" value="([0-9a-f-]{36})"/.exec(challengePage)?.[1];
  expect(challengeId).toBeDefined();
  await ctx.db.updateTable('face_enrolment_challenges').set({ kind: 'turn_left_then_right' }).where('id', '=', challengeId!).execute();

  const form = new FormData();
  form.set('intent', 'capture');
  form.set('cameoId', cameo.id);
  form.set('challengeId', challengeId!);
  form.set('capture', new Blob([new Uint8Array((await captureTurnLeftThenRight()).bytes)], { type: 'video/mp4' }), 'capture.mp4');
  const sent = await fetch(enrolUrl, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
  expect(sent.status).toBe(302);
  const location = sent.headers.get('location')!;
  const enrolmentId = /enrolment=([0-9a-f-]{36})/.exec(location)?.[1];
  expect(enrolmentId).toBeDefined();

  await ctx.temporal.workflow.getHandle(faceEnrolmentWorkflowId(enrolmentId!)).result();
  const done = await (await fetch(`${server.url}${location}`, { headers: { cookie } })).text();
  expect(done).toContain('data-state="verified"');
  expect(done).toContain('data-testid="face-verified"');
  expect(done).not.toMatch(/embedding/i);
  const cameosAfter = await (await fetch(`${server.url}/demo/cameos?as=${owner.id}`, { headers: { cookie } })).text();
  expect(cameosAfter).toContain('Verify again with a new face capture');
});
