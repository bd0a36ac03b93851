/**
 * Issue 12's browser test, in the demo creator app against the real console, Temporal, PostgreSQL
 * and the face engine: creator A makes a cameo of themselves and verifies it with their face;
 * creator B submits an image-to-video request whose source image is another photo of A's face,
 * without A's consent, and it is blocked with the face check's sentence; A grants B, B submits
 * again naming the cameo, the reviewer sees on the review screen which face matched what, and the
 * clip publishes.
 *
 * The faces are test/support/face-fixtures.ts's: A is "the same man" of @vladmandic/human's demo
 * photos, enrolled in the demo's enrol page (/demo/enrol) with the fixture capture assembled from
 * stills of him (front, then turned each way), and recognised in a photo the capture does not use
 * (man-facedetect).
 */
import type { Browser, Page } from 'playwright-core';
import { captureTurnLeftThenRight, faceOf } from '../support/face-fixtures';
import { callerAs, createCreator, createStaff, openItemFor, waitForStatus, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';
import { logInToDemo } from '../support/browser';
import { emptyFaceGallery } from '../support/face-gallery';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));
// Other files enrol the same fixture man (as a cameo, as a protected person) in the shared database.
beforeAll(() => emptyFaceGallery(ctx.db));

/**
 * Verifies A's cameo in the demo's enrol page, from the cameo's "Verify with a face capture" link:
 * a challenge, then the fixture capture of the man turning left then right (the challenge's turn is
 * set to the capture's, since the API picks one of two at random), followed until verified.
 */
async function enrolInDemo(page: Page, cameoId: string): Promise<void> {
  await page.locator(`section[data-cameo-id="${cameoId}"]`).getByRole('link', { name: 'Verify with a face capture' }).click();
  await page.waitForURL(/\/demo\/enrol/);
  await page.getByRole('button', { name: /get a (new )?challenge/i }).click();
  await page.getByTestId('challenge-instruction').waitFor();
  const challengeId = (await page.locator('input[name="challengeId"]').getAttribute('value'))!;
  await ctx.db.updateTable('face_enrolment_challenges').set({ kind: 'turn_left_then_right' }).where('id', '=', challengeId).execute();
  await page.getByLabel('Capture video').setInputFiles((await captureTurnLeftThenRight()).path);
  await page.getByRole('button', { name: 'Verify with this capture' }).click();
  await page.locator('[data-testid="enrolment-state"][data-state="verified"]').waitFor({ timeout: 90_000 });
  await page.getByTestId('face-verified').waitFor();
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
  await logInToDemo(page, server.url, staff.email);

  // A creates a cameo of themselves that only people A approves may use, and verifies it with a face capture.
  await page.goto(`${server.url}/demo/cameos?as=${a.id}`);
  await page.getByLabel('Name').fill(cameoName);
  await page.getByLabel('Who may use it').first().selectOption('approved');
  await page.getByRole('button', { name: 'Create cameo' }).click();
  await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
  const cameoId = (await page.locator('section[data-cameo-id]').filter({ hasText: cameoName }).getAttribute('data-cameo-id'))!;
  expect(cameoId).toBeTruthy();
  await enrolInDemo(page, cameoId);
  expect((await ctx.db.selectFrom('cameos').select('face_verified_at').where('id', '=', cameoId).executeTakeFirstOrThrow()).face_verified_at).not.toBeNull();

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
  // A clip with someone else's cameo is always reviewed (policies/review.ts), so the reviewer sees its faces.
  const reached = await waitForStatus(ctx.db, allowedId, ['clip_review', 'published', 'blocked', 'failed', 'rejected'], 110_000);
  expect(reached.status).toBe('clip_review');
  const item = await openItemFor(ctx.db, allowedId, 'clip');
  await page.goto(`${server.url}/review/${item.id}`);
  const faces = page.getByTestId('faces-panel');
  await faces.waitFor();
  // The source image's face is the cameo, with its distance under the cut-off; the clip's frames were checked too.
  const sourceRow = faces.getByTestId('face-row').filter({ hasText: 'source image' });
  expect(await sourceRow.textContent()).toMatch(new RegExp(`a cameo with consent${cameoName}.*\\(cameo\\)0\\.\\d{3} ≤`));
  expect(await faces.getByTestId('face-row').filter({ hasText: /^frame \d/ }).count()).toBeGreaterThan(0);
  await faces.screenshot({ path: 'test-results/review-faces-panel.png' });
  await callerAs(ctx, staff).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  await waitForStatus(ctx.db, allowedId, ['published']);
  await page.goto(`${server.url}/demo/requests?as=${b.id}`);
  expect(await page.locator(`tr[data-request-id="${allowedId}"]`).getAttribute('data-status')).toBe('published');
  await page.close();
}, 240_000);
