/**
 * The clip pipeline end to end through the real Temporal dev server and Loupe's workers:
 * clean prompts publish signed clips, blocked ones never reach generation, flagged ones wait for a
 * reviewer's update, consent is enforced and owners are told.
 */
import { TRAINED_ALGORITHMIC_MEDIA } from '../../activities/provenance/manifest';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { inject } from 'vitest';
import {
  callerAs, connectTestContext, createCameo, createCreator, createStaff, openItemFor, scheduledActivities, submit,
  waitForStatus, type TestContext,
} from '../support/fixtures';

const CLEAN = 'A paper boat drifting down a rainy street at dusk';
const BLOCKED = 'Explicit porn scene, two naked people having sex';
const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

describe('clipPipeline', () => {
  it('publishes a clean prompt as a signed clip that reads back Trusted under Loupe’s anchor', async () => {
    const creator = await createCreator(ctx.db);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: CLEAN });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result).toMatchObject({ status: 'published', reason: null });

    const video = await ctx.db.selectFrom('videos').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(video).toMatchObject({ id: result.videoId, status: 'published', validation_state: 'Trusted' });
    const report = await readProvenance(await ctx.media.localPath(video.storage_key), inject('stack').trustAnchorsPem);
    expect(report.validationState).toBe('Trusted');
    const created = report.actions.find((action) => action.action === 'c2pa.created');
    expect(created?.digitalSourceType).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(created?.digitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia');
    expect(report.loupe).toMatchObject({ requestId });
    expect(JSON.stringify(report.manifestStore)).not.toContain(CLEAN);

    const screening = await ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(screening.verdict).toBe('allow');
    expect(screening.policy_version).toMatch(/^[0-9a-f]{12,}$/);
    const notices = await ctx.db.selectFrom('notifications').select('kind').where('request_id', '=', requestId).execute();
    expect(notices.map((n) => n.kind)).toEqual(['video_published']);
  });

  it('never generates anything for a blocked prompt', async () => {
    const creator = await createCreator(ctx.db);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: BLOCKED });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result.status).toBe('blocked');
    expect(result.reason).toBe('This prompt breaks the content policy on sexual (because of “porn”, “having sex”).');

    expect(await scheduledActivities(ctx.temporal, requestId)).not.toContain('beginClip');
    expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
    const screening = await ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(screening.verdict).toBe('block');
    expect(screening.matches.length).toBeGreaterThan(0);
    for (const match of screening.matches) expect(BLOCKED.slice(match.start, match.end).length).toBeGreaterThan(0);
  });

  it('holds a flagged prompt until a reviewer approves it, then reviews the clip and publishes', async () => {
    const creator = await createCreator(ctx.db);
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    expect(await scheduledActivities(ctx.temporal, requestId)).not.toContain('beginClip');

    const promptItem = await openItemFor(ctx.db, requestId, 'prompt');
    const asReviewer = callerAs(ctx, reviewer);
    await asReviewer.review.decide({ itemId: promptItem.id, decision: 'approve', reason: 'News context', expectedVersion: promptItem.version });

    // A prompt that needed a human gets its clip looked at too.
    await waitForStatus(ctx.db, requestId, ['clip_review']);
    const clipItem = await openItemFor(ctx.db, requestId, 'clip');
    await asReviewer.review.decide({ itemId: clipItem.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: clipItem.version });

    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result.status).toBe('published');
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_id', 'in', [promptItem.id, clipItem.id]).execute();
    expect(audit).toEqual([
      { action: 'review.approve', actor_staff_id: reviewer.id },
      { action: 'review.approve', actor_staff_id: reviewer.id },
    ]);
  });

  it('ends a rejected prompt unpublished and refuses a second decision with a clear error', async () => {
    const creator = await createCreator(ctx.db);
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    const item = await openItemFor(ctx.db, requestId, 'prompt');
    const asReviewer = callerAs(ctx, reviewer);

    await expect(
      asReviewer.review.decide({ itemId: item.id, decision: 'approve', reason: 'stale view', expectedVersion: item.version + 5 }),
    ).rejects.toThrow(/changed since you opened it/);
    await asReviewer.review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result).toMatchObject({ status: 'rejected', reason: 'Misinformation', videoId: null });

    await expect(
      asReviewer.review.decide({ itemId: item.id, decision: 'approve', reason: 'Changed my mind', expectedVersion: item.version + 1 }),
    ).rejects.toThrow(/already rejected/);
    // Straight to the workflow, bypassing the console's own check: the workflow refuses too.
    await expect(
      ctx.temporal.workflow.getHandle(requestId).executeUpdate('decideReview', {
        args: [{ itemId: item.id, decision: 'approve', reason: 'x', note: null, reviewerId: reviewer.id, expectedVersion: item.version + 1 }],
      }),
    ).rejects.toThrow();
    expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
    const creatorNotices = await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', creator.id).execute();
    expect(creatorNotices.map((n) => n.kind)).toEqual(['request_rejected']);
  });

  it('escalates an item nobody decided within its queue’s SLA (durable timer)', async () => {
    const creator = await createCreator(ctx.db);
    const senior = await createStaff(ctx.db, 'senior_reviewer');
    await ctx.db.updateTable('review_queues').set({ sla_seconds: 2 }).where('id', '=', 'prompt_review').execute();
    try {
      const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
      await waitForStatus(ctx.db, requestId, ['prompt_review']);
      const deadline = Date.now() + 30_000;
      let item = await openItemFor(ctx.db, requestId, 'prompt');
      while (item.queue_id !== 'senior_review' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        item = await openItemFor(ctx.db, requestId, 'prompt');
      }
      expect(item).toMatchObject({ queue_id: 'senior_review', version: 2, state: 'open' });
      await callerAs(ctx, senior).review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: 2 });
      expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('rejected');
    } finally {
      await ctx.db.updateTable('review_queues').set({ sla_seconds: 14400 }).where('id', '=', 'prompt_review').execute();
    }
  });

  it('blocks a cameo used without consent and tells its owner', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx.db, owner.id, 'only_me');
    const { requestId } = await submit(ctx, { creatorId: requester.id, prompt: CLEAN, cameoIds: [cameo.id] });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result.status).toBe('blocked');
    expect(result.reason).toContain(`"${cameo.display_name}" may only be used by its owner`);
    expect(await scheduledActivities(ctx.temporal, requestId)).not.toContain('beginClip');
    const ownerNotices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', owner.id).execute();
    expect(ownerNotices).toHaveLength(1);
    expect(ownerNotices[0]).toMatchObject({ kind: 'cameo_blocked' });
    expect(ownerNotices[0]!.body).toContain(requester.handle);
  });

  it('publishes a cameo used with consent after clip review, telling the owner at draft and at publication', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const cameo = await createCameo(ctx.db, owner.id, 'approved', [requester.id]);
    const { requestId } = await submit(ctx, { creatorId: requester.id, prompt: CLEAN, cameoIds: [cameo.id] });

    await waitForStatus(ctx.db, requestId, ['clip_review']);
    // The owner hears about the draft before anyone has approved or published it.
    const draftNotices = await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', owner.id).execute();
    expect(draftNotices.map((n) => n.kind)).toEqual(['cameo_used']);

    const item = await openItemFor(ctx.db, requestId, 'clip');
    await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
    expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('published');
    const notices = await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', owner.id).orderBy('id').execute();
    expect(notices.map((n) => n.kind)).toEqual(['cameo_used', 'cameo_published']);
  });

  it('records the parent of a remix as an inputTo ingredient', async () => {
    const creator = await createCreator(ctx.db);
    const parent = await submit(ctx, { creatorId: creator.id, prompt: 'Lanterns rising over a calm lake at night' });
    const parentResult = await ctx.temporal.workflow.getHandle(parent.requestId).result();
    expect(parentResult.status).toBe('published');

    const remixer = await createCreator(ctx.db);
    const remix = await submit(ctx, { creatorId: remixer.id, prompt: 'The lanterns drifting into a sky full of stars', remixOfVideoId: parentResult.videoId });
    const remixResult = await ctx.temporal.workflow.getHandle(remix.requestId).result();
    expect(remixResult.status).toBe('published');
    const video = await ctx.db.selectFrom('videos').selectAll().where('id', '=', remixResult.videoId!).executeTakeFirstOrThrow();
    expect(video.remix_of_video_id).toBe(parentResult.videoId);
    const report = await readProvenance(await ctx.media.localPath(video.storage_key), inject('stack').trustAnchorsPem);
    expect(report.validationState).toBe('Trusted');
    expect(report.ingredients).toContainEqual(expect.objectContaining({ relationship: 'inputTo', videoId: parentResult.videoId }));
  });
});
