/**
 * In headless Chromium: a policy manager chooses a protected-persons CSV on the registries page,
 * can apply it only after previewing it, sees the preview's counts and refused rows (nothing
 * written), applies it, and finds the person in the registry list with their role and source.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

it('previews, then applies, an uploaded list', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/policy/registries`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(manager.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/policy\/registries$/);

  const s = randomUUID().slice(0, 8);
  const name = `Fenella Testfigure ${s}`;
  const fileName = `browser-${s}.csv`;
  const csv = `name,aliases,living,role\n${name},Фенелла ${s},true,Governor of Testshire\nNo Status ${s},,,\n`;
  await page.getByLabel('File').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const apply = page.getByRole('button', { name: 'Apply' });
  expect(await apply.isDisabled()).toBe(true);

  await page.getByRole('button', { name: 'Preview (dry run)' }).click();
  const report = page.getByRole('status');
  await expect.poll(() => report.textContent()).toContain(`Preview of ${fileName} (csv): 1 added, 0 updated, 0 unchanged, 1 refused. Nothing was written.`);
  expect(await report.textContent()).toContain('Row 3: it says neither whether the person is living nor a date of birth or death.');
  expect(await ctx.db.selectFrom('public_figures').select('id').where('name', '=', name).execute()).toEqual([]);

  await expect.poll(() => apply.isDisabled()).toBe(false);
  await apply.click();
  await expect.poll(() => report.textContent()).toContain(`Imported ${fileName} (csv): 1 added`);
  await expect.poll(() => page.getByRole('cell', { name: new RegExp(name) }).count()).toBe(1);
  expect(await page.getByRole('cell', { name: new RegExp(name) }).textContent()).toContain(`from import ${fileName} by ${manager.email}`);
  await page.close();
});
