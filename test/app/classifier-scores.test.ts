/**
 * The visual classifier in the pipeline: moderateClip scores the procedural clip's frames at the
 * keyframe strip's instants, stores them per frame (clip_classifier_scores), and the review screen
 * (tRPC item detail and the rendered page) shows the model, the maximum per class and the frame it
 * came from, in place of the old placeholder. Needs `npx remix build` for the page check.
 */
import { callerAs, createCameo, createCreator, createStaff, openItemFor, submit, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { NSFW_CLASS_NAMES } from '../../policies/visual-classifier';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let requestId: string;
let item: Awaited<ReturnType<typeof openItemFor>>;

beforeAll(async () => {
  // Someone else's cameo sends the clip to review, so it has a review screen to look at.
  const owner = await createCreator(ctx.db);
  const creator = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  ({ requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A paper boat drifting down a rainy street gutter', cameoIds: [cameo.id] }));
  await waitForStatus(ctx.db, requestId, ['clip_review']);
  item = await openItemFor(ctx.db, requestId, 'clip');
});

it('stores a score per class for every sampled frame, at the keyframe strip’s positions', async () => {
  const rows = await ctx.db.selectFrom('clip_classifier_scores').selectAll().where('request_id', '=', requestId).orderBy('frame_position').execute();
  const strip = await ctx.db.selectFrom('request_keyframes').select(['position', 'at_seconds']).where('request_id', '=', requestId).orderBy('position').execute();
  expect(rows.length).toBeGreaterThanOrEqual(4);
  expect(rows.map((row) => row.frame_position)).toEqual(strip.map((frame) => frame.position));
  for (const [index, row] of rows.entries()) {
    expect(row.model).toBe('nsfwjs 4.3.0 MobileNetV2');
    expect(row.at_seconds).toBeCloseTo(strip[index]!.at_seconds, 3);
    expect(row.porn + row.hentai + row.sexy + row.neutral + row.drawing).toBeCloseTo(1, 3);
    // The procedural demo clips are coloured gradients and text: nothing explicit.
    expect(row.porn + row.hentai).toBeLessThan(0.5);
  }
  const flags = await ctx.db.selectFrom('review_items').select('flag_reasons').where('id', '=', item.id).executeTakeFirstOrThrow();
  expect(JSON.stringify(flags.flag_reasons)).not.toMatch(/Visual classifier/);
});

it('gives the review screen the model, each class’s maximum and the frame it came from', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const detail = await callerAs(ctx, reviewer).review.item({ itemId: item.id });
  const visual = detail.visualClassifier;
  expect(visual).not.toBeNull();
  expect(visual!.summary.model).toBe('nsfwjs 4.3.0 MobileNetV2');
  expect(visual!.summary.framesClassified).toBe(visual!.frames.length);
  for (const name of NSFW_CLASS_NAMES) {
    const max = visual!.summary.maxByClass[name];
    expect(max.score).toBe(Math.max(...visual!.frames.map((frame) => frame.scores[name])));
    expect(detail.keyframes.map((frame) => frame.position)).toContain(max.position);
  }

  const login = await fetch(`${server.url}/login`, {
    method: 'POST', body: new URLSearchParams({ email: reviewer.email, password: TEST_PASSWORD, next: '/queues' }), redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${server.url}/review/${item.id}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('data-testid="classifier-scores"');
  expect(html).toContain('nsfwjs 4.3.0 MobileNetV2');
  expect(html).toContain(`href="#keyframe-${visual!.summary.maxByClass.Neutral.position}"`);
  expect(html).toContain(`id="keyframe-${visual!.summary.maxByClass.Neutral.position}"`);
  // Issue 15: the sound is checked now (the audio panel), so the old placeholder is gone.
  expect(html).not.toMatch(/audio is not classified/);
  expect(html).toContain('data-testid="audio-panel"');
  expect(html).toMatch(/LUFS<!-- --> integrated \(EBU R128\)|LUFS integrated \(EBU R128\)/);
  expect(html).not.toContain('not wired in yet');

  await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('published');
});
