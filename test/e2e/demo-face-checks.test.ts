/**
 * Issue 12's browser test, in the demo creator app against the real console, Temporal, PostgreSQL
 * and the face engine: creator A makes a cameo of themselves and verifies it with their face;
 * creator B submits an image-to-video request whose source image is another photo of A's face,
 * without A's consent, and it is blocked with the face check's sentence; A grants B, B submits
 * again naming the cameo, the reviewer sees on the review screen which face matched what, and the
 * clip publishes.
 *
 * The faces are test/support/face-fixtures.ts's: A is "the same man" of @vladmandic/human's demo
 * photos, enrolled from three photos and recognised in another one (man-facedetect).
 */
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { detectFaces, FACE_MODEL_LABEL } from '../../activities/faces/engine';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { faceOf } from '../support/face-fixtures';
import { callerAs, createCreator, createStaff, openItemFor, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto(`${server.url}/demo`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/demo/);
}

/**
 * Verifies the cameo with the fixture man's face: three views of him (front and turned, other
 * photos than the one submitted) stored in the biometric store under the test stack's key, and the
 * cameo marked verified, as a finished enrolment leaves them.
 */
async function enrolCameo(cameoId: string): Promise<void> {
  const key = biometricKeyFromConfig({ dataDir: inject('stack').dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });
  for (const view of ['man-faceid', 'man-frontal', 'man-turned'] as const) {
    const faces = await detectFaces((await faceOf(view)).image);
    expect(faces).toHaveLength(1);
    await storeFaceEmbeddings(ctx.db, key, [{ subject: { kind: 'cameo', id: cameoId }, source: 'enrolment', sourceId: null, embedding: faces[0]!.embedding, modelLabel: FACE_MODEL_LABEL }]);
  }
  await ctx.db.updateTable('cameos').set({ face_verified_at: new Date() }).where('id', '=', cameoId).execute();
}

/** Submits from the demo's form as `creatorId`, with the photo and the cameos named; returns the request id. */
async function submitWithPhoto(page: Page, creatorId: string, photoPath: string, cameoName?: string): Promise<string> {
  await page.goto(`${server.url}/demo/submit?as=${creatorId}`);
  await page.getByLabel('Prompt').fill('A slow walk through a sunlit garden');
  await page.getByLabel('Length (seconds)').fill('2');
  await page.getByLabel(/Source image/).setInputFiles(photoPath);
  if (cameoName !== undefined) await page.getByLabel(new RegExp(cameoName)).check();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const submitted = page.getByRole('status').filter({ hasText: 'Submitted' });
  await submitted.waitFor();
  return (await submitted.getAttribute('data-request-id'))!;
}

it('a photo of a verified cameo is blocked without its owner\'s consent and publishes with it, the review screen showing the match', async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const a = await createCreator(ctx.db);
  const b = await createCreator(ctx.db);
  const cameoName = `A's face ${a.handle}`;
  const photo = await faceOf('man-facedetect');
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await logIn(page, staff.email);

  // A creates a cameo of themselves that only people A approves may use, and verifies it.
  await page.goto(`${server.url}/demo/cameos?as=${a.id}`);
  await page.getByLabel('Name').fill(cameoName);
  await page.getByLabel('Who may use it').first().selectOption('approved');
  await page.getByRole('button', { name: 'Create cameo' }).click();
  await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
  const cameoId = (await page.locator('section[data-cameo-id]').filter({ hasText: cameoName }).getAttribute('data-cameo-id'))!;
  expect(cameoId).toBeTruthy();
  await enrolCameo(cameoId);

  // B, without A's consent, submits another photo of A's face: the face check blocks it before generation.
  const blockedId = await submitWithPhoto(page, b.id, photo.path);
  const blocked = await waitForStatus(ctx.db, blockedId, ['blocked', 'published', 'clip_review', 'failed', 'rejected']);
  expect(blocked.status).toBe('blocked');
  await page.goto(`${server.url}/demo/requests?as=${b.id}`);
  const row = page.locator(`tr[data-request-id="${blockedId}"]`);
  expect(await row.getAttribute('data-status')).toBe('blocked');
  expect(await row.textContent()).toContain(`The source image shows the face of the cameo "${cameoName}", which this request does not name`);
  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', blockedId).execute()).toEqual([]);

  // A grants B; B submits the same photo naming the cameo: it passes the face check and publishes.
  await page.goto(`${server.url}/demo/cameos?as=${a.id}`);
  const section = page.locator(`section[data-cameo-id="${cameoId}"]`);
  await section.locator('select[name="creatorId"]').selectOption(b.id);
  await section.getByRole('button', { name: 'Grant' }).click();
  await page.getByRole('status').filter({ hasText: 'Grant added.' }).waitFor();
  const allowedId = await submitWithPhoto(page, b.id, photo.path, cameoName);
  const reached = await waitForStatus(ctx.db, allowedId, ['clip_review', 'published', 'blocked', 'failed', 'rejected'], 110_000);
  expect(['clip_review', 'published']).toContain(reached.status);
  if (reached.status === 'clip_review') {
    // The reviewer sees the faces: the source image's is the cameo, with its distance under the cut-off.
    const item = await openItemFor(ctx.db, allowedId, 'clip');
    await page.goto(`${server.url}/review/${item.id}`);
    const faces = page.getByTestId('faces-panel');
    await faces.waitFor();
    const sourceRow = faces.getByTestId('face-row').filter({ hasText: 'source image' });
    expect(await sourceRow.textContent()).toMatch(new RegExp(`a cameo with consent${cameoName}.*\\(cameo\\)0\\.\\d{3} ≤`));
    await faces.screenshot({ path: 'test-results/review-faces-panel.png' });
    await callerAs(ctx, staff).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  }
  await waitForStatus(ctx.db, allowedId, ['published']);
  await page.goto(`${server.url}/demo/requests?as=${b.id}`);
  expect(await page.locator(`tr[data-request-id="${allowedId}"]`).getAttribute('data-status')).toBe('published');
  await page.close();
}, 240_000);
