/**
 * Provenance audit through the real worker: publishing records every signal and the fingerprint;
 * a catalogue run (the schedule's workflow) raises an alert for a stored file that was tampered
 * with, reports progress, and "verify now" resolves the alert once the file verifies again. The
 * console's procedures and pages show the same, to the roles allowed to see them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { taskQueueNames } from '../../contracts';
import { REVERIFY_CATALOGUE_WORKFLOW, type ReverifyProgress } from '../../contracts';
import { callerAs, connectTestContext, createCreator, createStaff, submit, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { startTestServer } from '../support/http';
import { seedUse } from '../support/likeness-uses';

let ctx: TestContext;
let videoId: string;
let storedFile: string;
let remixId: string;

beforeAll(async () => {
  ctx = await connectTestContext();
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A lighthouse on a rocky coast under a stormy sky', durationSeconds: 3 });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(result.status).toBe('published');
  videoId = result.videoId!;
  const video = await ctx.db.selectFrom('videos').select('storage_key').where('id', '=', videoId).executeTakeFirstOrThrow();
  storedFile = path.join(inject('stack').mediaDir, video.storage_key);
  const remix = await submit(ctx, { creatorId: creator.id, prompt: 'The lighthouse beam sweeping over calm water', durationSeconds: 2, remixOfVideoId: videoId });
  remixId = (await ctx.temporal.workflow.getHandle(remix.requestId).result()).videoId!;
}, 300_000);
afterAll(async () => ctx.close());

it('records each provenance signal in its own column when a video is published', async () => {
  const signals = await ctx.db.selectFrom('provenance_signals').selectAll().where('video_id', '=', videoId).executeTakeFirstOrThrow();
  expect(signals).toMatchObject({
    manifest_present: true,
    signature_valid: true,
    signer_trusted: true,
    validation_state: 'Trusted',
    watermark_burned_in: true,
    watermark_declared: true,
    fingerprint_registered: true,
    file_present: true,
  });
  expect(signals.fingerprint_frames).toBeGreaterThan(0);
  const hashes = await ctx.db.selectFrom('video_fingerprints').select(['frame_index', 'region']).where('video_id', '=', videoId).execute();
  expect(hashes.length).toBe(signals.fingerprint_frames);
});

async function runCatalogue(): Promise<ReverifyProgress> {
  return ctx.temporal.workflow.execute(REVERIFY_CATALOGUE_WORKFLOW, {
    workflowId: `test-reverify-${Date.now()}`,
    taskQueue: taskQueueNames(ctx.taskQueuePrefix).pipeline,
    // Small batches so the run takes several batches (and continues as new on a big catalogue).
    args: [{ batchSize: 3 }],
  });
}

it('raises an alert when a stored file no longer verifies, and resolves it when it verifies again', async () => {
  const original = await fs.readFile(storedFile);
  const tampered = Buffer.from(original);
  // Overwrite bytes well inside the media data (the mdat box follows the moov box in these files).
  tampered.write('TAMPERED-BY-TEST', Math.floor(tampered.length * 0.8), 'latin1');
  await fs.writeFile(storedFile, tampered);
  try {
    const progress = await runCatalogue();
    expect(progress.done).toBe(true);
    expect(progress.processed).toBeGreaterThanOrEqual(2);
    expect(progress.processed).toBe(progress.total);
    expect(progress.batches).toBeGreaterThanOrEqual(1);
    expect(progress.failing).toBeGreaterThanOrEqual(1);

    const run = await ctx.db.selectFrom('provenance_audit_runs').selectAll().where('run_id', '=', progress.runId).executeTakeFirstOrThrow();
    expect(run.finished_at).not.toBeNull();
    expect(run.verified).toBe(progress.processed);

    const signals = await ctx.db.selectFrom('provenance_signals').selectAll().where('video_id', '=', videoId).executeTakeFirstOrThrow();
    expect(signals).toMatchObject({ manifest_present: true, signature_valid: false, validation_state: 'Invalid' });
    const alert = await ctx.db
      .selectFrom('review_items')
      .innerJoin('videos', 'videos.request_id', 'review_items.request_id')
      .select(['review_items.id', 'review_items.state', 'review_items.queue_id', 'review_items.flag_reasons'])
      .where('videos.id', '=', videoId)
      .where('review_items.kind', '=', 'provenance')
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ state: 'open', queue_id: 'provenance_alerts' });
    expect(alert.flag_reasons.join(' ')).toMatch(/no longer verifies.*bmffHash\.mismatch/);

    // The console shows it: filter by failing signature, and the video page explains the code.
    const auditor = await createStaff(ctx.db, 'auditor');
    const trpc = callerAs(ctx, auditor);
    const failing = await trpc.provenance.list({ failing: ['signature'], limit: 500 });
    expect(failing.map((row) => row.id)).toContain(videoId);
    expect(failing.map((row) => row.id)).not.toContain(remixId);
    const detail = await trpc.provenance.video({ videoId });
    expect(detail.codes.find((code) => code.code === 'assertion.bmffHash.mismatch')?.sentence).toMatch(/changed after it was signed/);
    expect(detail.alert?.state).toBe('open');
  } finally {
    await fs.writeFile(storedFile, original);
  }

  const admin = await createStaff(ctx.db, 'admin');
  const verdict = await callerAs(ctx, admin).provenance.verifyNow({ videoId });
  expect(verdict).toMatchObject({ passing: true, validationState: 'Trusted', alert: 'resolved' });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', videoId).execute();
  expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['provenance.alert_raised', 'provenance.verify_now', 'provenance.alert_resolved']));
});

it('raises an alert for a video whose stored key the media store refuses, without failing the audit', async () => {
  const creator = await createCreator(ctx.db);
  const broken = await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'published' });
  // A key no activity would write (not content-addressed): the store refuses to resolve it.
  await ctx.db.updateTable('videos').set({ storage_key: `videos/${broken.videoId}.mp4` }).where('id', '=', broken.videoId).execute();
  const admin = await createStaff(ctx.db, 'admin');
  const verdict = await callerAs(ctx, admin).provenance.verifyNow({ videoId: broken.videoId });
  expect(verdict).toMatchObject({ passing: false, alert: 'raised' });
  const signals = await ctx.db.selectFrom('provenance_signals').select(['file_present', 'last_error']).where('video_id', '=', broken.videoId).executeTakeFirstOrThrow();
  expect(signals.file_present).toBe(false);
  expect(signals.last_error).toMatch(/not one the media store accepts/);
  // The row leaves the shared catalogue as it found it for other files' runs.
  await ctx.db.updateTable('videos').set({ status: 'removed' }).where('id', '=', broken.videoId).execute();
});

it('shows the lineage of a remix back to the original', async () => {
  const auditor = await createStaff(ctx.db, 'auditor');
  const detail = await callerAs(ctx, auditor).provenance.video({ videoId: remixId });
  expect(detail.lineage.ancestors.map((parent) => parent.id)).toEqual([videoId]);
  const store = detail.video.manifest as { active_manifest: string; manifests: Record<string, { ingredients: { relationship: string }[] }> };
  expect(store.manifests[store.active_manifest]!.ingredients[0]!.relationship).toBe('inputTo');
});

it('serves /provenance and the manifest tree to an auditor, and not to a reviewer', async () => {
  const server = await startTestServer(ctx);
  try {
    const login = async (role: 'auditor' | 'reviewer') => {
      const staff = await createStaff(ctx.db, role);
      const response = await fetch(`${server.url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }),
        redirect: 'manual',
      });
      return response.headers.get('set-cookie')!.split(';')[0]!;
    };
    const auditorCookie = await login('auditor');
    const table = await fetch(`${server.url}/provenance`, { headers: { cookie: auditorCookie } });
    expect(table.status).toBe(200);
    const html = await table.text();
    expect(html).toContain('Signer trusted');
    expect(html).toContain(`data-video-id="${videoId}"`);
    // The filter lives in the URL: every video verifies again, so none fails the trust signal.
    const filtered = await fetch(`${server.url}/provenance?failing=trust`, { headers: { cookie: auditorCookie } });
    expect(filtered.status).toBe(200);
    expect(await filtered.text()).not.toContain(`data-video-id="${videoId}"`);
    const page = await (await fetch(`${server.url}/provenance/${remixId}`, { headers: { cookie: auditorCookie } })).text();
    expect(page).toContain('inputTo');
    expect(page).toContain('used as an input to make this new video');
    expect(page).toContain(`/provenance/${videoId}`);
    expect(page).toContain('The video&#x27;s bytes are exactly the ones that were signed.');
    const reviewerCookie = await login('reviewer');
    expect((await fetch(`${server.url}/provenance`, { headers: { cookie: reviewerCookie } })).status).toBe(403);
  } finally {
    await server.close();
  }
});
