/**
 * Likeness complaints through Temporal and PostgreSQL: a complaint opens an item in the likeness
 * queue with its evidence and fingerprint matches; upheld takes the video and a fingerprint-matching
 * re-upload down, adds the person to the registry (a prompt naming them is then blocked), tells the
 * complainant and writes the audit; rejected takes nothing down and tells the complainant why. Only
 * the likeness queue's roles decide. Both runs replay, and are recorded (LOUPE_RECORD_HISTORIES=1)
 * under test/workflows/histories/, which replay.test.ts replays on every run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { likenessComplaintWorkflowId } from '../../contracts';
import { fileLikenessComplaint, getLikenessComplaintStatus } from '../../app/services/likeness-complaints.server';
import { callerAs, connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** Workflow ids of the runs the last test replays, by the history file name they are recorded under. */
const replayed: Record<string, string> = {};

async function publishedVideo(prompt: string, seed: number) {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, seed });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  return { creator, requestId, videoId: result.videoId! };
}

/**
 * Another creator's copy of a video's pictures under a new request (what a re-upload looks like; its
 * own file hash, as after a re-encode). Nobody fingerprints it: the complaint's matching must.
 */
async function reupload(videoId: string, status: 'published' | 'draft') {
  const original = await ctx.db.selectFrom('videos').selectAll().where('id', '=', videoId).executeTakeFirstOrThrow();
  const creator = await createCreator(ctx.db);
  const requestId = randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id: requestId, creator_id: creator.id, prompt: 're-upload', prompt_sha256: 'x', duration_seconds: 2, width: original.width, height: original.height,
    seed: 1, status: status === 'published' ? 'published' : 'clip_review',
  }).execute();
  const id = randomUUID();
  await ctx.db.insertInto('videos').values({
    id, request_id: requestId, creator_id: creator.id, storage_key: original.storage_key, sha256: randomBytes(32).toString('hex'), byte_size: original.byte_size,
    duration_seconds: original.duration_seconds, width: original.width, height: original.height, generator: JSON.stringify(original.generator),
    status, published_at: status === 'published' ? new Date() : null,
  }).execute();
  return { id, creator };
}

async function openComplaintItem(requestId: string, minVersion = 1) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'queue_id', 'state', 'flag_reasons'])
      .where('request_id', '=', requestId).where('kind', '=', 'likeness_complaint').executeTakeFirst();
    if (item && item.state === 'open' && item.version >= minVersion) return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open likeness complaint item appeared.');
}

/** A name nobody else's test uses: letters only, so screening reads it as words. */
function uniqueName(): string {
  const letters = randomUUID().replace(/[^a-f]/g, '').slice(0, 6).padEnd(6, 'q');
  return `Marisol Quintero${letters}`;
}

it('upheld: takes the video and its fingerprint-matching re-upload down, registers the person, notifies and audits', async () => {
  const { videoId, requestId } = await publishedVideo('A lighthouse keeper waving from a rocky shore at dawn', 7101);
  const copy = await reupload(videoId, 'draft');
  // A stranger is not told a draft exists: the public form knows published videos only.
  await expect(fileLikenessComplaint(ctx, {
    relationship: 'self', complainantName: 'A Stranger', complainantEmail: 'stranger@example.test', videoIds: [copy.id],
    evidenceText: 'I guessed the id of a draft and claim it shows me.',
  }, { kind: 'public' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`no published video with the id ${copy.id}`) });
  const complainant = await createCreator(ctx.db);
  const person = uniqueName();
  const filed = await fileLikenessComplaint(ctx, {
    relationship: 'self', complainantName: person, complainantEmail: 'marisol@example.test', personAliases: ['Mari Q'],
    videoIds: [videoId], evidenceText: 'The lighthouse keeper in this video has my face and my voice; I never made a cameo.',
  }, { kind: 'creator', creatorId: complainant.id });

  const item = await openComplaintItem(requestId);
  expect(item.queue_id).toBe('likeness_review');
  const reasons = item.flag_reasons.join('\n');
  expect(reasons).toContain('my own likeness');
  expect(reasons).toContain(`${person} is not registered`);
  expect(reasons).toContain(`fingerprint match(es): ${copy.id} (draft`);
  expect((await getLikenessComplaintStatus(ctx.db, filed.statusToken)).state).toBe('in_review');

  // Only the likeness queue's roles decide: a reviewer is refused, an auditor may not call decide at all.
  const [reviewer, auditor, legal] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'auditor'), createStaff(ctx.db, 'legal')]);
  const decision = { itemId: item.id, decision: 'approve' as const, reason: 'Likeness without consent', expectedVersion: item.version };
  await expect(callerAs(ctx, reviewer).review.decide(decision)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/worked by legal/) });
  await expect(callerAs(ctx, auditor).review.decide(decision)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await callerAs(ctx, legal).review.decide(decision);

  const outcome = await ctx.temporal.workflow.getHandle(likenessComplaintWorkflowId(filed.complaintId)).result();
  expect(outcome.outcome).toBe('upheld');
  replayed['likeness-complaint-upheld'] = likenessComplaintWorkflowId(filed.complaintId);
  expect([...outcome.takenDown].sort()).toEqual([videoId, copy.id].sort());
  const videos = await ctx.db.selectFrom('videos').select(['id', 'status', 'removed_reason']).where('id', 'in', [videoId, copy.id]).execute();
  expect(videos.map((v) => v.status)).toEqual(['removed', 'removed']);
  expect(videos[0]!.removed_reason).toBe('Likeness complaint upheld: Likeness without consent');
  // The video's creator is told it was a likeness complaint, not user reports.
  const removedNotices = await ctx.db.selectFrom('notifications').innerJoin('videos', 'videos.creator_id', 'notifications.recipient_id')
    .select('notifications.body').where('videos.id', '=', videoId).where('notifications.kind', '=', 'video_removed').execute();
  expect(removedNotices.map((n) => n.body)).toEqual(expect.arrayContaining([expect.stringMatching(/^Your video was removed: Likeness complaint upheld: /)]));
  expect(removedNotices.some((n) => n.body.includes('user reports'))).toBe(false);

  const entry = await ctx.db.selectFrom('public_figures').select(['name', 'aliases', 'living', 'source']).where('name', '=', person).executeTakeFirstOrThrow();
  expect(entry).toMatchObject({ living: true, aliases: ['Mari Q'], source: `complaint ${filed.complaintId}` });
  const status = await getLikenessComplaintStatus(ctx.db, filed.statusToken);
  expect(status).toMatchObject({ state: 'upheld', takenDown: 2, decisionReason: 'Likeness without consent' });
  const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', complainant.id).orderBy('id').execute();
  expect(notices.map((n) => n.kind)).toEqual(['likeness_complaint_received', 'likeness_complaint_upheld']);
  expect(notices[1]!.body).toMatch(/was upheld: 2 video\(s\) were taken down/);

  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id', 'subject_id'])
    .where('subject_id', 'in', [filed.complaintId, item.id, videoId, copy.id]).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['likeness_complaint.file', 'review.approve', 'video.takedown', 'video.takedown', 'likeness_complaint.uphold']);
  expect(audit.slice(1).every((a) => a.actor_staff_id === legal.id)).toBe(true);

  // The registry entry is live: a new prompt naming the person is blocked by screening.
  const other = await createCreator(ctx.db);
  const { requestId: naming } = await submit(ctx, { creatorId: other.id, prompt: `${person} dancing on a rooftop at night` });
  const blocked = await waitForStatus(ctx.db, naming, ['blocked', 'prompt_review', 'published', 'failed']);
  expect(blocked.status).toBe('blocked');
});

it('rejected: nothing is taken down, a reason for the complainant is required and they are told it', async () => {
  const { videoId, requestId } = await publishedVideo('A street musician playing violin under falling snow', 7202);
  const complainant = await createCreator(ctx.db);
  const filed = await fileLikenessComplaint(ctx, {
    relationship: 'authorised_representative', complainantName: 'Dana Agent', complainantEmail: 'dana@example.test', personName: uniqueName(),
    videoIds: [videoId], evidenceText: 'I represent the violinist shown here; the attached letter authorises me to act for her.',
    evidenceFiles: [{ filename: 'authority.pdf', contentBase64: Buffer.from('%PDF-1.4\n% letter of authority\n').toString('base64') }],
  }, { kind: 'creator', creatorId: complainant.id });
  const item = await openComplaintItem(requestId);
  const senior = await createStaff(ctx.db, 'senior_reviewer');
  // Never decided in a batch: a bulk approval would take videos down under a generic reason.
  const bulk = await callerAs(ctx, senior).review.bulkDecide({ items: [{ itemId: item.id, expectedVersion: item.version }], decision: 'approve', reason: 'Complies with policy' });
  expect(bulk.results).toEqual([expect.objectContaining({ outcome: 'refused', message: expect.stringMatching(/decided one at a time/) })]);
  const decision = { itemId: item.id, decision: 'reject' as const, reason: 'Not the person named', expectedVersion: item.version };
  await expect(callerAs(ctx, senior).review.decide(decision)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/reason for the complainant/) });
  await callerAs(ctx, senior).review.decide({ ...decision, creatorNote: 'The violinist in the video is a generated character, not your client.' });

  const outcome = await ctx.temporal.workflow.getHandle(likenessComplaintWorkflowId(filed.complaintId)).result();
  expect(outcome).toEqual({
    outcome: 'rejected', takenDown: [], reason: 'Not the person named: The violinist in the video is a generated character, not your client.',
  });
  replayed['likeness-complaint-rejected'] = likenessComplaintWorkflowId(filed.complaintId);
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId).executeTakeFirstOrThrow()).status).toBe('published');
  const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', complainant.id).orderBy('id').execute();
  expect(notices.map((n) => n.kind)).toEqual(['likeness_complaint_received', 'likeness_complaint_rejected']);
  expect(notices[1]!.body).toContain('a generated character, not your client');
  // The complainant's words went to the complainant, not as a review note to the video's creator.
  expect(await ctx.db.selectFrom('notifications').select('id').where('request_id', '=', requestId).where('kind', '=', 'review_note').execute()).toEqual([]);
  expect(await getLikenessComplaintStatus(ctx.db, filed.statusToken)).toMatchObject({ state: 'rejected', takenDown: 0 });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', filed.complaintId).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['likeness_complaint.file', 'likeness_complaint.reject']);

  // Decided, the item takes a later complaint about the same video: it reopens for the new round.
  const again = await fileLikenessComplaint(ctx, {
    relationship: 'self', complainantName: 'Ines Second', complainantEmail: 'ines@example.test', videoIds: [videoId],
    evidenceText: 'This violinist is me, filmed without my consent, my face is recognisable.',
  }, { kind: 'public' });
  const reopened = await openComplaintItem(requestId, item.version + 2);
  expect(reopened.id).toBe(item.id);
  expect(reopened.flag_reasons[0]).toMatch(/^Likeness complaint by Ines Second/);
  await expect(fileLikenessComplaint(ctx, {
    relationship: 'self', complainantName: 'Third Person', complainantEmail: 'third@example.test', videoIds: [videoId],
    evidenceText: 'Also me, I think, in the violin video from the street.',
  }, { kind: 'public' })).rejects.toMatchObject({ code: 'CONFLICT' });
  await callerAs(ctx, senior).review.decide({ itemId: reopened.id, decision: 'reject', reason: 'Evidence insufficient', expectedVersion: reopened.version, creatorNote: 'No likeness shown.' });
  expect((await ctx.temporal.workflow.getHandle(likenessComplaintWorkflowId(again.complaintId)).result()).outcome).toBe('rejected');
});

it('replays the upheld and rejected runs (and records them for later versions on request)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['likeness-complaint-rejected', 'likeness-complaint-upheld']);
  for (const [name, workflowId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, workflowId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await fs.writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
});
