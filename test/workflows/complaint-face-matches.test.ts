/**
 * An upheld likeness complaint also takes down videos whose faces match the complainant's (issue 12,
 * patched 'complaint-face-matches'): the complaint's evidence photo shows one face; a published
 * video whose stored keyframe face is that face is taken down through the one takedown (its creator
 * told), a published video showing someone else stays up, and the complaint records how many
 * references were compared and which videos the faces took down. The keyframe faces are seeded
 * through the biometric store with the real embeddings of fixture faces (test/support/face-fixtures.ts),
 * as the pipeline's face checks store them. The run replays, and is recorded
 * (LOUPE_RECORD_HISTORIES=1) under test/workflows/histories/, which replay.test.ts replays on every run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { detectFaces, FACE_MODEL_LABEL } from '../../activities/faces/engine';
import { fileLikenessComplaint, getLikenessComplaintStatus } from '../../app/services/likeness-complaints.server';
import { likenessComplaintWorkflowId } from '../../contracts';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { faceOf } from '../support/face-fixtures';
import { callerAs, connectTestContext, createCreator, createStaff, submit, type TestContext } from '../support/fixtures';
import { emptyFaceGallery } from '../support/face-gallery';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
  // Other files enrol the same fixture faces in the shared database (test/support/face-gallery.ts).
  await emptyFaceGallery(ctx.db, ['cameo', 'protected_person', 'video']);
});
afterAll(async () => ctx.close());

async function publishedVideo(prompt: string, seed: number) {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, seed });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  return { creator, requestId, videoId: result.videoId! };
}

async function openComplaintItem(requestId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'state'])
      .where('request_id', '=', requestId).where('kind', '=', 'likeness_complaint').executeTakeFirst();
    if (item && item.state === 'open') return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open likeness complaint item appeared.');
}

/** The one face the engine finds in a fixture photo: its real embedding. */
async function embeddingOf(name: Parameters<typeof faceOf>[0]): Promise<Float32Array> {
  const faces = await detectFaces((await faceOf(name)).image);
  expect(faces).toHaveLength(1);
  return faces[0]!.embedding;
}

it('upheld: a published video showing the complainant\'s face is taken down, one showing someone else stays up', async () => {
  const [complained, sameFace, otherFace] = await Promise.all([
    publishedVideo('A baker kneading dough in a sunlit kitchen', 8101),
    publishedVideo('A cyclist riding along a canal at dusk', 8202),
    publishedVideo('A gardener watering tomato plants in a greenhouse', 8303),
  ]);
  // What the pipeline's face checks store for a published video's keyframes (subject 'video').
  const key = biometricKeyFromConfig({ dataDir: inject('stack').dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });
  await storeFaceEmbeddings(ctx.db, key, [
    { subject: { kind: 'video', id: sameFace.videoId }, source: 'keyframe', sourceId: `${sameFace.requestId}:1`, embedding: await embeddingOf('man-faceid'), modelLabel: FACE_MODEL_LABEL },
    { subject: { kind: 'video', id: otherFace.videoId }, source: 'keyframe', sourceId: `${otherFace.requestId}:1`, embedding: await embeddingOf('woman-dark-hair'), modelLabel: FACE_MODEL_LABEL },
  ]);

  const photo = await faceOf('man-faceid');
  const filed = await fileLikenessComplaint(ctx, {
    relationship: 'self', complainantName: 'Teodor Facematch', complainantEmail: 'teodor@example.test', videoIds: [complained.videoId],
    evidenceText: 'The baker in this video has my face; the attached photo is me. I never made a cameo.',
    evidenceFiles: [{ filename: 'me.jpg', contentBase64: photo.bytes.toString('base64') }],
  }, { kind: 'public' });
  const item = await openComplaintItem(complained.requestId);
  const legal = await createStaff(ctx.db, 'legal');
  await callerAs(ctx, legal).review.decide({ itemId: item.id, decision: 'approve', reason: 'Likeness without consent', expectedVersion: item.version });

  const workflowId = likenessComplaintWorkflowId(filed.complaintId);
  const outcome = await ctx.temporal.workflow.getHandle(workflowId).result();
  expect(outcome).toMatchObject({ outcome: 'upheld', takenDown: [complained.videoId], faceTakenDown: [sameFace.videoId] });

  const videos = await ctx.db.selectFrom('videos').select(['id', 'status', 'removed_reason'])
    .where('id', 'in', [complained.videoId, sameFace.videoId, otherFace.videoId]).execute();
  const byId = Object.fromEntries(videos.map((video) => [video.id, video]));
  expect(byId[sameFace.videoId]).toMatchObject({ status: 'removed', removed_reason: 'Likeness complaint upheld (the same face): Likeness without consent' });
  expect(byId[otherFace.videoId]).toMatchObject({ status: 'published', removed_reason: null });
  const told = await ctx.db.selectFrom('notifications').select('body').where('recipient_id', '=', sameFace.creator.id).where('kind', '=', 'video_removed').execute();
  expect(told).toEqual([{ body: expect.stringMatching(/^Your video was removed: Likeness complaint upheld \(the same face\)/) }]);

  const complaint = await ctx.db.selectFrom('likeness_complaints').select(['taken_down', 'face_taken_down', 'face_references']).where('id', '=', filed.complaintId).executeTakeFirstOrThrow();
  expect(complaint).toEqual({ taken_down: [complained.videoId], face_taken_down: [sameFace.videoId], face_references: 1 });
  expect(await getLikenessComplaintStatus(ctx.db, filed.statusToken)).toMatchObject({ state: 'upheld', takenDown: 1, faceTakenDown: 1 });
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('subject_id', '=', filed.complaintId).where('action', '=', 'likeness_complaint.uphold').executeTakeFirstOrThrow();
  expect(audit.after).toMatchObject({ faceReferences: 1, faceTakenDown: [sameFace.videoId] });

  // The legal reviewer's screen lists the face matches with their status now.
  const screen = await callerAs(ctx, legal).review.item({ itemId: item.id });
  expect(screen.likenessComplaint).toMatchObject({ face_taken_down: [sameFace.videoId], face_references: 1, videoStatus: { [sameFace.videoId]: 'removed' } });

  const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, 'complaint-face-matches')).resolves.toBeUndefined();
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('stack').temporalAddress]);
    await fs.writeFile(path.join(import.meta.dirname, 'histories', 'likeness-complaint-face-matches.json'), json);
  }
});
