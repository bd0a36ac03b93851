/**
 * Verified enrolment through PostgreSQL, Temporal and the real face engine, with the capture
 * fixtures built from @vladmandic/human's own photos (test/support/face-fixtures.ts):
 * - a capture that turns left then right verifies the cameo: its embeddings are stored sealed (no
 *   float bytes in the table), the capture file is deleted, the creator is told;
 * - a later capture that fails its challenge leaves the verified cameo and its embeddings as they
 *   were (a re-enrolment replaces them only on success), with the sentence saying what to do;
 * - deleting the cameo starts the durable deletion, which (after a 2-second retention here) deletes
 *   the embeddings and writes one audit row with the counts and no vector;
 * - the analysis run again for a decided enrolment answers the recorded outcome and stores nothing;
 * - both workflows replay their own histories. test/workflows/histories/face-enrolment.json and
 *   biometric-deletion.json are recorded histories that replay.test.ts replays with the others;
 *   re-record them only on purpose:
 *   LOUPE_RECORD_HISTORIES=1 npx vitest run --project integration test/workflows/face-enrolment.test.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { biometricDeletionActivities } from '../../activities/biometric-deletion';
import { faceEnrolmentAnalysisActivities, faceEnrolmentNoticeActivities } from '../../activities/faces/enrolment';
import type { ActivityDeps } from '../../activities/deps';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { biometricDeletionWorkflowId, faceEnrolmentWorkflowId, type BiometricDeletionOutcome, type FaceEnrolmentOutcome } from '../../contracts';
import { deleteCameo } from '../../app/services/cameos.server';
import { getEnrolment, submitEnrolmentCapture } from '../../app/services/face-enrolment.server';
import { loadFaceEmbeddings, storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { insertEnrolmentChallenge, openFaceEnrolment } from '../../db/queries/face-enrolments';
import { ENROLMENT_MAX_EMBEDDINGS, type EnrolmentChallengeKind } from '../../policies/faces';
import { captureNoTurn, captureTurnLeftThenRight } from '../support/face-fixtures';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** The test stack's workers seal with the development key of its data folder; the test reads with the same. */
const key = () => biometricKeyFromConfig({ dataDir: inject('stack').dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });

async function enrol(creatorId: string, cameoId: string, kind: EnrolmentChallengeKind, capture: Buffer) {
  const challengeId = randomUUID();
  await insertEnrolmentChallenge(ctx.db, { id: challengeId, cameoId, creatorId, kind, expiresAt: new Date(Date.now() + 600_000) });
  const { enrolmentId } = await submitEnrolmentCapture(ctx, creatorId, { cameoId, challengeId, capture: capture.toString('base64') });
  const outcome = (await ctx.temporal.workflow.getHandle(faceEnrolmentWorkflowId(enrolmentId)).result()) as FaceEnrolmentOutcome;
  return { enrolmentId, outcome };
}

it('verifies a cameo from a capture that turns as asked, keeps only sealed embeddings, deletes the capture; a failed re-enrolment changes nothing; deletion comes after the retention', async () => {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'only_me');
  const turn = await captureTurnLeftThenRight();

  const first = await enrol(owner.id, cameo.id, 'turn_left_then_right', turn.bytes);
  expect(first.outcome).toMatchObject({ state: 'verified', failureCode: null });
  expect(first.outcome.embeddingsStored).toBeGreaterThanOrEqual(1);
  expect(first.outcome.embeddingsStored).toBeLessThanOrEqual(ENROLMENT_MAX_EMBEDDINGS);
  const view = await getEnrolment(ctx, owner.id, { cameoId: cameo.id, enrolmentId: first.enrolmentId });
  expect(view).toMatchObject({ state: 'verified', progress: 100, failure: null });
  expect(view.framesAnalysed).toBeGreaterThanOrEqual(5);
  // For the record (the cost of one enrolment on this machine): opened by the app to decided by the activity.
  console.log(`[enrolment] ${view.framesAnalysed} frames analysed and decided in ${((Date.parse(view.finishedAt!) - Date.parse(view.createdAt)) / 1000).toFixed(1)} s`);

  const cameoRow = await ctx.db.selectFrom('cameos').select(['face_verified_at', 'face_enrolment_id']).where('id', '=', cameo.id).executeTakeFirstOrThrow();
  expect(cameoRow.face_verified_at).not.toBeNull();
  expect(cameoRow.face_enrolment_id).toBe(first.enrolmentId);
  const enrolmentRow = await ctx.db.selectFrom('face_enrolments').select(['capture_storage_key', 'model_label']).where('id', '=', first.enrolmentId).executeTakeFirstOrThrow();
  expect(enrolmentRow.capture_storage_key).toBeNull();
  expect(enrolmentRow.model_label).toMatch(/^human /);
  // The capture file (keyed by enrolment and content, app/services/face-enrolment.server.ts) is gone.
  const captureSha = createHash('sha256').update(turn.bytes).digest();
  const captureKey = `captures/${createHash('sha256').update(first.enrolmentId).update(captureSha).digest('hex')}.mp4`;
  expect(await ctx.media.exists(captureKey)).toBe(false);

  const stored = await ctx.db.selectFrom('face_embeddings').select(['ciphertext', 'source', 'source_id']).where('subject_kind', '=', 'cameo').where('subject_id', '=', cameo.id).execute();
  expect(stored).toHaveLength(first.outcome.embeddingsStored);
  const decrypted = await loadFaceEmbeddings(ctx.db, key(), { kinds: ['cameo'], subjectIds: [cameo.id] });
  expect(decrypted).toHaveLength(stored.length);
  for (const [index, row] of stored.entries()) {
    expect(row).toMatchObject({ source: 'enrolment', source_id: first.enrolmentId });
    const plain = decrypted[index]!.embedding;
    expect(row.ciphertext.includes(Buffer.from(plain.buffer, plain.byteOffset, 64))).toBe(false);
  }
  // The workflow's history carries counts and codes, never a vector; it replays.
  const enrolmentHistory = await ctx.temporal.workflow.getHandle(faceEnrolmentWorkflowId(first.enrolmentId)).fetchHistory();
  const history = JSON.stringify(enrolmentHistory);
  expect(history.length).toBeLessThan(60_000);
  expect(history).not.toMatch(/embedding"\s*:\s*\[/);
  await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, enrolmentHistory, faceEnrolmentWorkflowId(first.enrolmentId))).resolves.toBeUndefined();

  // Run again (a retry after the commit): the recorded outcome, nothing stored twice.
  const deps = { db: ctx.db, media: ctx.media, biometricKey: key(), workDir: path.join(inject('stack').dataDir, 'work') } as unknown as ActivityDeps;
  const rerun = await new MockActivityEnvironment().run(faceEnrolmentAnalysisActivities(deps).analyseEnrolmentCapture, { enrolmentId: first.enrolmentId });
  expect(rerun).toMatchObject({ state: 'verified', failureCode: null });
  expect(await ctx.db.selectFrom('face_embeddings').select('id').where('subject_id', '=', cameo.id).execute()).toHaveLength(first.outcome.embeddingsStored);

  const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', owner.id).execute();
  expect(notices).toEqual([expect.objectContaining({ kind: 'cameo_verified' })]);

  // A failed re-enrolment: the cameo stays verified by the first, its embeddings untouched.
  const second = await enrol(owner.id, cameo.id, 'turn_left_then_right', (await captureNoTurn()).bytes);
  expect(second.outcome).toMatchObject({ state: 'failed', failureCode: 'challenge_not_met', embeddingsStored: 0 });
  const failed = await getEnrolment(ctx, owner.id, { cameoId: cameo.id, enrolmentId: second.enrolmentId });
  expect(failed.failure?.message).toMatch(/^Turn your head further to your left/);
  const after = await ctx.db.selectFrom('face_embeddings').select('source_id').where('subject_kind', '=', 'cameo').where('subject_id', '=', cameo.id).execute();
  expect(after.map((row) => row.source_id)).toEqual(stored.map(() => first.enrolmentId));
  expect((await ctx.db.selectFrom('cameos').select('face_enrolment_id').where('id', '=', cameo.id).executeTakeFirstOrThrow()).face_enrolment_id).toBe(first.enrolmentId);
  expect((await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', owner.id).execute()).map((row) => row.kind).sort())
    .toEqual(['cameo_verification_failed', 'cameo_verified']);

  // Deleting the cameo: the embeddings stay for the retention period, then go, audited.
  await deleteCameo({ ...ctx, biometricRetentionSeconds: 2 }, owner.id, { cameoId: cameo.id });
  const pending = await ctx.db.selectFrom('biometric_deletions').selectAll().where('subject_id', '=', cameo.id).executeTakeFirst();
  const handle = ctx.temporal.workflow.getHandle(biometricDeletionWorkflowId(cameo.id));
  const deletion = (await handle.result()) as BiometricDeletionOutcome;
  expect(deletion).toEqual({ embeddingsDeleted: stored.length, capturesDeleted: 0 });
  if (pending) expect(pending.deleted_at).toBeNull();
  const record = await ctx.db.selectFrom('biometric_deletions').selectAll().where('subject_kind', '=', 'cameo').where('subject_id', '=', cameo.id).executeTakeFirstOrThrow();
  expect(record.deleted_at).not.toBeNull();
  expect(record.rows_deleted).toBe(stored.length);
  expect(record.deleted_at!.getTime()).toBeGreaterThanOrEqual(record.due_at.getTime());
  expect(record.due_at.getTime() - record.requested_at.getTime()).toBe(2000);
  expect(await ctx.db.selectFrom('face_embeddings').select('id').where('subject_id', '=', cameo.id).execute()).toEqual([]);
  const audit = await ctx.db.selectFrom('audit_log').select(['actor_label', 'actor_staff_id', 'action', 'after']).where('subject_type', '=', 'cameo').where('subject_id', '=', cameo.id).orderBy('id').execute();
  expect(audit).toEqual([
    {
      actor_label: 'system', actor_staff_id: null, action: 'biometrics.enrolled',
      after: { enrolmentId: first.enrolmentId, embeddingsStored: stored.length, embeddingsReplaced: 0, modelLabel: expect.stringMatching(/^human /) },
    },
    { actor_label: 'system', actor_staff_id: null, action: 'biometrics.deleted', after: { embeddingsDeleted: stored.length, capturesDeleted: 0 } },
  ]);
  // The timer was Temporal's: the history shows it.
  const deletionHistory = await handle.fetchHistory();
  expect((deletionHistory.events ?? []).some((event) => event.timerStartedEventAttributes)).toBe(true);
  await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, deletionHistory, biometricDeletionWorkflowId(cameo.id))).resolves.toBeUndefined();

  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    const show = (workflowId: string) => execFileSync(binary!, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('stack').temporalAddress]);
    await fs.writeFile(path.join(import.meta.dirname, 'histories', 'face-enrolment.json'), show(faceEnrolmentWorkflowId(first.enrolmentId)));
    await fs.writeFile(path.join(import.meta.dirname, 'histories', 'biometric-deletion.json'), show(biometricDeletionWorkflowId(cameo.id)));
  }
});

it('abandons an enrolment whose analysis failed for good: marked failed with a sentence, its capture deleted, once', async () => {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'only_me');
  const challengeId = randomUUID();
  await insertEnrolmentChallenge(ctx.db, { id: challengeId, cameoId: cameo.id, creatorId: owner.id, kind: 'turn_right_then_left', expiresAt: new Date(Date.now() + 600_000) });
  const enrolmentId = randomUUID();
  const captureKey = `captures/${createHash('sha256').update(enrolmentId).digest('hex')}.mp4`;
  const staging = path.join(inject('stack').dataDir, `${enrolmentId}.mp4`);
  await fs.writeFile(staging, (await captureNoTurn()).bytes);
  await ctx.media.putFile(captureKey, staging);
  await openFaceEnrolment(ctx.db, { id: enrolmentId, cameoId: cameo.id, creatorId: owner.id, challengeId, captureStorageKey: captureKey });

  const deps = { db: ctx.db, media: ctx.media, biometricKey: key(), workDir: path.join(inject('stack').dataDir, 'work') } as unknown as ActivityDeps;
  const abandon = faceEnrolmentNoticeActivities(deps).abandonFaceEnrolment;
  const outcome = await new MockActivityEnvironment().run(abandon, { enrolmentId });
  expect(outcome).toEqual({ state: 'failed', failureCode: 'analysis_failed', framesAnalysed: 0, embeddingsStored: 0 });
  expect(await ctx.media.exists(captureKey)).toBe(false);
  const view = await getEnrolment(ctx, owner.id, { cameoId: cameo.id, enrolmentId });
  expect(view).toMatchObject({ state: 'failed', failure: { code: 'analysis_failed', message: expect.stringMatching(/ask for a new challenge and try again/) } });
  expect(await new MockActivityEnvironment().run(abandon, { enrolmentId })).toEqual(outcome);
  expect((await ctx.db.selectFrom('cameos').select('face_verified_at').where('id', '=', cameo.id).executeTakeFirstOrThrow()).face_verified_at).toBeNull();
});

it('never deletes the biometric data of a cameo that is not deleted', async () => {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'only_me');
  const embedding = new Float32Array(1024).fill(1 / 32);
  await storeFaceEmbeddings(ctx.db, key(), [{ subject: { kind: 'cameo', id: cameo.id }, source: 'enrolment', sourceId: null, embedding, modelLabel: 'test' }]);
  const deps = { db: ctx.db, media: ctx.media, biometricKey: key() } as unknown as ActivityDeps;
  const outcome = await new MockActivityEnvironment().run(biometricDeletionActivities(deps).deleteCameoBiometrics, { cameoId: cameo.id });
  expect(outcome).toEqual({ embeddingsDeleted: 0, capturesDeleted: 0 });
  expect(await ctx.db.selectFrom('face_embeddings').select('id').where('subject_id', '=', cameo.id).execute()).toHaveLength(1);
  expect(await ctx.db.selectFrom('audit_log').select('id').where('subject_id', '=', cameo.id).where('action', '=', 'biometrics.deleted').execute()).toEqual([]);
});
