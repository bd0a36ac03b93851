/**
 * The audio check in the clip pipeline, through Temporal (issue 15): a worker of its own (scripts/
 * worker.ts as a process, on its own task queues) whose generator is the fixture clip, here a clip
 * that speaks a threat after a harmless sentence. checkClipAudio measures it, transcribes it with the
 * pinned Whisper model, screens each sentence with the live prompt policy, and the clip waits in
 * clip review with the threat's span (its times and words); the review screen's data carries the
 * transcript and the measurements.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { submitRequest } from '../../app/services/submit-request.server';
import { callerAs, connectTestContext, createCreator, createStaff, openItemFor, scheduledActivities, waitForStatus, type TestContext } from '../support/fixtures';
import { spawnWorker, type LoupeProcess } from '../support/loupe-process';
import { speakingClip } from '../support/speech-clip';

const PREFIX = 'audio-test';

let ctx: TestContext;
let worker: LoupeProcess | undefined;

beforeAll(async () => {
  ctx = await connectTestContext();
  const stack = inject('stack');
  const dataDir = await fs.mkdtemp(path.join(stack.dataDir, 'audio-worker-'));
  const clip = path.join(dataDir, 'speaking.mp4');
  // 720x1280 for 6 s: the request's defaults, so every technical check passes and only the speech can hold it.
  await speakingClip(clip, ['Good morning, welcome to my kitchen.', 'I will kill you and your whole family tonight.'], { seconds: 6 });
  worker = spawnWorker([], {
    DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, LOUPE_TASK_QUEUE_PREFIX: PREFIX,
    LOUPE_DATA_DIR: dataDir, LOUPE_QA_SAMPLE_RATE: '0', LOUPE_FIXTURE_CLIP: clip,
  });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await ctx?.close();
});

it('holds a clip whose speech breaks the prompt policy, with the sentence’s span on the timeline', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submitRequest(
    { ...ctx, taskQueuePrefix: PREFIX },
    { creatorId: creator.id, prompt: 'A sunny kitchen, a cooking show presenter greets the camera', durationSeconds: 6, seed: 5 },
  );
  await waitForStatus(ctx.db, requestId, ['clip_review'], 240_000);
  expect(await scheduledActivities(ctx.temporal, requestId)).toContain('checkClipAudio');

  const check = await ctx.db.selectFrom('clip_audio_checks').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(check.has_audio).toBe(true);
  expect(check.verdict).toBe('review');
  expect(check.integrated_lufs).not.toBeNull();
  expect(check.transcript.status).toBe('ok');
  if (check.transcript.status !== 'ok') return;
  const threat = check.transcript.segments.find((s) => /kill you/i.test(s.text));
  expect(threat, JSON.stringify(check.transcript.segments)).toBeDefined();
  expect(threat!.verdict).toBe('block');
  expect(threat!.categories).toContain('violence_graphic');
  expect(threat!.start).toBeGreaterThan(1.5);
  expect(threat!.end).toBeLessThanOrEqual(6.1);
  const match = threat!.matches.find((m) => m.action === 'block');
  expect(threat!.text.slice(match!.start, match!.end).toLowerCase()).toBe('kill you');
  // The greeting is allowed and stays on the timeline as such.
  expect(check.transcript.segments.find((s) => /morning/i.test(s.text))?.verdict).toBe('allow');

  const item = await openItemFor(ctx.db, requestId, 'clip');
  expect(item.queue_id).toBe('clip_review');
  const flags = await ctx.db.selectFrom('review_items').select('flag_reasons').where('id', '=', item.id).executeTakeFirstOrThrow();
  const reasons = flags.flag_reasons as string[];
  expect(reasons.some((r) => /^Speech at \d+\.\d–\d+\.\d s \(“.*kill you.*”\) breaks the prompt policy on violence graphic \(block\)\.$/i.test(r)), JSON.stringify(reasons)).toBe(true);
  // Nothing else held it: the speech alone did.
  expect(reasons).toHaveLength(1);

  const reviewer = await createStaff(ctx.db, 'reviewer');
  const detail = await callerAs(ctx, reviewer).review.item({ itemId: item.id });
  expect(detail.audio?.verdict).toBe('review');
  expect(detail.audio?.transcript).toMatchObject({ status: 'ok', segments: expect.arrayContaining([expect.objectContaining({ verdict: 'block', start: threat!.start, end: threat!.end })]) });
}, 300_000);
