/**
 * Faces in what goes in and comes out, through the real pipeline (Temporal, Loupe's workers, the
 * face engine, the face gallery over the encrypted biometric store): an image-to-video request
 * whose source image shows an enrolled cameo's face passes only with its owner's consent; a
 * protected person's face and an unknown photo of a person block it, before generation.
 *
 * Enrolment is done here by storing the cameo's face embeddings directly (ENROL's store, under the
 * test stack's key), from three other photos of the same man than the one uploaded as source image,
 * so the match is across photos (test/support/face-fixtures.ts; the nearest view, man-frontal, is
 * at about 0.20 from man-facedetect, against the cut-off of policies/faces/thresholds.ts).
 * Other test files may enrol the same fixture faces for their own cameos in the same database, so
 * the sentences are matched by pattern where another cameo could be the nearest one.
 *
 * Two runs replay, and are recorded for replay.test.ts on request:
 *   LOUPE_RECORD_HISTORIES=1 npx vitest run --project integration test/workflows/face-checks.test.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import type { ActivityDeps } from '../../activities/deps';
import { faceCheckActivities } from '../../activities/faces/check-faces';
import { appealWorkflowId, type FaceCheckReport } from '../../contracts';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { faceCheckResultsOfRequest } from '../../db/queries/face-checks';
import { detectFaces, FACE_MODEL_LABEL } from '../../activities/faces/engine';
import { FACE_MATCH_MAX_DISTANCE } from '../../policies/faces';
import { faceOf, facematchGridFace, type FaceFixtureImage, type FaceFixtureName } from '../support/face-fixtures';
import {
  callerAs, connectTestContext, createCameo, createCreator, createStaff, openItemFor, scheduledActivities, submit, waitForStatus, type TestContext,
} from '../support/fixtures';
import { emptyFaceGallery } from '../support/face-gallery';

const PROMPT = 'A slow walk through a sunlit garden';
let ctx: TestContext;
/** Runs whose histories the last test replays (and records, with LOUPE_RECORD_HISTORIES=1). */
const replayed: Record<string, string> = {};
const key = () => biometricKeyFromConfig({ dataDir: inject('stack').dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });

beforeAll(async () => {
  ctx = await connectTestContext();
  // Other files enrol the same fixture faces in the shared database (test/support/face-gallery.ts).
  await emptyFaceGallery(ctx.db);
});
afterAll(async () => ctx.close());

async function embeddingOf(fixture: FaceFixtureImage): Promise<Float32Array> {
  const faces = await detectFaces(fixture.image);
  expect(faces).toHaveLength(1);
  return faces[0]!.embedding;
}

/** A verified cameo of the fixture man, owned by a new creator, at `accessLevel`. */
async function enrolledCameo(accessLevel: 'only_me' | 'everyone') {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, accessLevel);
  // As an enrolment keeps several views (front and turned), from photos other than the one submitted later.
  const views: FaceFixtureName[] = ['man-faceid', 'man-frontal', 'man-turned'];
  const embeddings = await Promise.all(views.map(async (view) => embeddingOf(await faceOf(view))));
  await storeFaceEmbeddings(ctx.db, key(), embeddings.map((embedding) => ({
    subject: { kind: 'cameo', id: cameo.id }, source: 'enrolment', sourceId: null, embedding, modelLabel: FACE_MODEL_LABEL,
  })));
  await ctx.db.updateTable('cameos').set({ face_verified_at: new Date() }).where('id', '=', cameo.id).execute();
  return { owner, cameo };
}

async function submitWithImage(creatorId: string, fixture: FaceFixtureImage, cameoIds: string[] = []) {
  return submit(ctx, { creatorId, prompt: PROMPT, cameoIds, sourceImageBase64: fixture.bytes.toString('base64') });
}

it('a photo of an enrolled cameo is blocked when its owner has not allowed the requester, and passes the face check with consent', async () => {
  const { cameo } = await enrolledCameo('only_me');
  const requester = await createCreator(ctx.db);
  const photo = await faceOf('man-facedetect');

  // Not naming the cameo: the face check finds it and blocks, before generation.
  const unnamed = await submitWithImage(requester.id, photo);
  const blocked = await ctx.temporal.workflow.getHandle(unnamed.requestId).result();
  replayed['face-check-source-blocked'] = unnamed.requestId;
  expect(blocked.status).toBe('blocked');
  expect(blocked.reason).toMatch(/^The source image shows the face of the cameo ".+", which this request does not name \(distance 0\.\d{3}, at most [\d.]+ counts as a match\); add the cameo to the request/);
  expect(await scheduledActivities(ctx.temporal, unnamed.requestId)).not.toContain('beginClip');
  const row = await ctx.db.selectFrom('generation_requests').select(['status', 'status_reason']).where('id', '=', unnamed.requestId).executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'blocked', status_reason: blocked.reason });
  const [face] = await faceCheckResultsOfRequest(ctx.db, unnamed.requestId);
  expect(face).toMatchObject({ stage: 'source_image', frame_position: null, face_index: 0, outcome: 'unconsented_cameo', matched_subject_kind: 'cameo', photorealistic: true });
  expect(face!.distance!).toBeLessThanOrEqual(FACE_MATCH_MAX_DISTANCE);
  expect(face!.threshold).toBeCloseTo(FACE_MATCH_MAX_DISTANCE, 5);

  // Naming it without the owner's consent: the consent ledger refuses first.
  const named = await submitWithImage(requester.id, photo, [cameo.id]);
  const refused = await ctx.temporal.workflow.getHandle(named.requestId).result();
  expect(refused).toMatchObject({ status: 'blocked', reason: expect.stringContaining(`may only be used by its owner`) });

  // The owner lets everyone use it: the same photo, naming the cameo, passes the face check.
  await ctx.db.updateTable('cameos').set({ access_level: 'everyone' }).where('id', '=', cameo.id).execute();
  const allowed = await submitWithImage(requester.id, photo, [cameo.id]);
  const { status } = await waitForStatus(ctx.db, allowed.requestId, ['clip_review', 'published', 'blocked', 'rejected', 'failed'], 110_000);
  replayed['face-check-keyframes-checked'] = allowed.requestId;
  await ctx.temporal.workflow.getHandle(allowed.requestId).terminate('test done').catch(() => undefined);
  expect(['clip_review', 'published']).toContain(status);
  const faces = await faceCheckResultsOfRequest(ctx.db, allowed.requestId);
  expect(faces.find((f) => f.stage === 'source_image')).toMatchObject({ outcome: 'consented_cameo', matched_subject_id: cameo.id, matched_name: cameo.display_name });
  // Frames of the clip were checked too; none of them shows anyone but the consented cameo or nobody known.
  expect(faces.filter((f) => f.stage === 'keyframe').every((f) => f.outcome === 'consented_cameo' || f.outcome === 'unmatched_photorealistic')).toBe(true);
  // Keyframe faces are kept, encrypted, under the video for later complaint searches.
  const video = await ctx.db.selectFrom('videos').select('id').where('request_id', '=', allowed.requestId).executeTakeFirstOrThrow();
  const stored = await ctx.db.selectFrom('face_embeddings').select(['source', 'model_label']).where('subject_kind', '=', 'video').where('subject_id', '=', video.id).execute();
  expect(stored).toHaveLength(faces.filter((f) => f.stage === 'keyframe').length);

  // A retried keyframe check decides the same and writes nothing twice.
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-face-checks-'));
  try {
    const deps = { db: ctx.db, media: ctx.media, biometricKey: key(), workDir } as unknown as ActivityDeps;
    const again = (await new MockActivityEnvironment().run(faceCheckActivities(deps).checkKeyframeFaces, { requestId: allowed.requestId })) as FaceCheckReport;
    expect(again.faces).toBe(faces.filter((f) => f.stage === 'keyframe').length);
    expect(await faceCheckResultsOfRequest(ctx.db, allowed.requestId)).toHaveLength(faces.length);
    expect(await ctx.db.selectFrom('face_embeddings').select('id').where('subject_kind', '=', 'video').where('subject_id', '=', video.id).execute()).toHaveLength(stored.length);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}, 180_000);

it('the cameo\'s owner may use a photo of their own face without naming the cameo', async () => {
  const { owner, cameo } = await enrolledCameo('only_me');
  const { requestId } = await submitWithImage(owner.id, await faceOf('man-facedetect'));
  // Only the source image's check matters here: stop once it has recorded the face.
  await expect.poll(async () => (await faceCheckResultsOfRequest(ctx.db, requestId, 'source_image')).length, { timeout: 60_000, interval: 500 }).toBe(1);
  const [face] = await faceCheckResultsOfRequest(ctx.db, requestId, 'source_image');
  await ctx.temporal.workflow.getHandle(requestId).terminate('test done').catch(() => undefined);
  // Other test files may enrol the same man for other owners: among the matches, the owner's own cameo is the one that counts.
  expect(face).toMatchObject({ outcome: 'consented_cameo', matched_subject_kind: 'cameo', matched_subject_id: cameo.id });
}, 90_000);

it('a protected person\'s face and an unknown photo of a person block an image-to-video request before generation', async () => {
  const requester = await createCreator(ctx.db);
  const person = await ctx.db
    .insertInto('public_figures')
    .values({ name: `Vera Testperson ${Date.now()}`, living: true, cameo_id: null, note: null, external_id: null, role: null, source: 'test' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await storeFaceEmbeddings(ctx.db, key(), [{
    subject: { kind: 'protected_person', id: person.id }, source: 'reference_image', sourceId: null,
    embedding: await embeddingOf(await faceOf('woman-blonde')), modelLabel: FACE_MODEL_LABEL,
  }]);

  const [protectedRequest, unknownRequest] = await Promise.all([
    submitWithImage(requester.id, await faceOf('woman-blonde')),
    // A face from the facematch grid's last row: nobody this suite enrols.
    submitWithImage(requester.id, await facematchGridFace(5, 17)),
  ]);
  const [protectedOutcome, unknownOutcome] = await Promise.all(
    [protectedRequest, unknownRequest].map(({ requestId }) => ctx.temporal.workflow.getHandle(requestId).result()),
  );
  expect(protectedOutcome.status).toBe('blocked');
  expect(protectedOutcome.reason).toContain(`The source image shows a face matching ${person.name}, who is in the protected-persons registry (`);
  expect(protectedOutcome.reason).toMatch(/\(distance 0\.0\d\d, at most/);
  expect(unknownOutcome.status).toBe('blocked');
  expect(unknownOutcome.reason).toMatch(/^The source image shows a photorealistic face that matches no cameo this request has consent for; a photo of a real person can only be used through their verified cameo/);
  expect(await faceCheckResultsOfRequest(ctx.db, unknownRequest.requestId)).toEqual([
    expect.objectContaining({ outcome: 'unmatched_photorealistic', matched_subject_id: null, photorealistic: true }),
  ]);
  for (const { requestId } of [protectedRequest, unknownRequest]) expect(await scheduledActivities(ctx.temporal, requestId)).not.toContain('beginClip');
}, 120_000);

it('after an appeal of a face check\'s block is overturned, a face in the new clip that would block sends it to clip review instead', async () => {
  const creator = await createCreator(ctx.db);
  const [admin, senior] = await Promise.all([createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'senior_reviewer')]);
  const person = await ctx.db
    .insertInto('public_figures')
    .values({ name: `Ada Testperson ${Date.now()}`, living: true, cameo_id: null, note: null, external_id: null, role: null, source: 'test' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const photo = await faceOf('woman-dark-hair');
  await storeFaceEmbeddings(ctx.db, key(), [{
    subject: { kind: 'protected_person', id: person.id }, source: 'reference_image', sourceId: null, embedding: await embeddingOf(photo), modelLabel: FACE_MODEL_LABEL,
  }]);
  // A fixed seed renders the same clip every run (the procedural generator is bit-exact): its frames show her.
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: PROMPT, seed: 7, sourceImageBase64: photo.bytes.toString('base64') });
  expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'blocked', reason: expect.stringContaining(person.name) });

  await callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'This is my own face, not the person in the registry.' });
  const appealItem = () => ctx.db.selectFrom('review_items').select(['id', 'version']).where('request_id', '=', requestId).where('kind', '=', 'appeal').executeTakeFirst();
  await expect.poll(async () => (await appealItem()) !== undefined, { timeout: 30_000, interval: 300 }).toBe(true);
  const item = (await appealItem())!;
  await callerAs(ctx, senior).review.decide({ itemId: item.id, decision: 'approve', reason: 'False positive of the face match', expectedVersion: item.version });

  // The clip is generated; its frames show her again, which would block, so a person decides in clip review.
  const { status } = await waitForStatus(ctx.db, requestId, ['clip_review', 'published'], 110_000);
  const frames = await faceCheckResultsOfRequest(ctx.db, requestId, 'keyframe');
  expect(frames.some((face) => face.outcome === 'protected_person')).toBe(true);
  expect(status).toBe('clip_review');
  const review = await openItemFor(ctx.db, requestId, 'clip');
  const { flag_reasons: reasons } = await ctx.db.selectFrom('review_items').select('flag_reasons').where('id', '=', review.id).executeTakeFirstOrThrow();
  expect(reasons).toContainEqual(expect.stringContaining(`matching ${person.name}, who is in the protected-persons registry`));
  await ctx.temporal.workflow.getHandle(appealWorkflowId(requestId)).terminate('test done').catch(() => undefined);
}, 150_000);

it('replays the face-check runs (and records them for later versions on request)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['face-check-keyframes-checked', 'face-check-source-blocked']);
  for (const [name, requestId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(requestId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  // Committed next to replay.test.ts's histories, which replays every file there on every run.
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, requestId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', requestId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
});
