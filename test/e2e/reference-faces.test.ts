/**
 * In headless Chromium: a member of the legal team opens a registry entry's "Reference faces" on the
 * registries page, uploads a photo of one face, and after the analysis sees it enrolled with one
 * face; the thumbnail is blurred until clicked.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { useBrowserHarness, type TestServer } from '../support/console-harness';
import { faceOf } from '../support/face-fixtures';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

it('uploads a reference face from the registries page and shows it enrolled, blurred until clicked', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const name = `Philippa Referencia ${randomUUID().slice(0, 8)}`;
  const person = await ctx.db.insertInto('public_figures').values({ name, living: true, source: 'console' }).returning('id').executeTakeFirstOrThrow();
  const photo = await faceOf('man-facematch');

  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/policy/registries`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(legal.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/policy\/registries$/);

  const entry = page.locator(`details[data-person-id="${person.id}"]`);
  expect(await entry.locator('summary').textContent()).toBe('0 enrolled');
  await entry.locator('summary').click();
  await entry.getByLabel(`Photo of ${name} alone (JPEG or PNG)`).setInputFiles({ name: 'reference.jpg', mimeType: 'image/jpeg', buffer: photo.bytes });
  await entry.getByRole('button', { name: 'Upload reference face' }).click();
  await expect.poll(() => entry.getByRole('status').textContent()).toContain('Uploaded: the face is being analysed');

  await expect.poll(async () => (await ctx.db.selectFrom('protected_person_reference_images').select('state').where('person_id', '=', person.id).executeTakeFirst())?.state, { timeout: 60_000 }).toBe('enrolled');
  await page.reload();
  await expect.poll(() => entry.locator('summary').textContent()).toBe('1 enrolled');
  expect(await entry.textContent()).toContain('1 face');
  const thumb = entry.getByRole('img', { name: `Reference photo of ${name}` });
  expect(await thumb.evaluate((img) => (img as HTMLImageElement).style.filter)).toContain('blur');
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await thumb.click();
  expect(await thumb.evaluate((img) => (img as HTMLImageElement).style.filter)).toBe('none');
  await page.close();
});
