/**
 * The console's header fits a 1100 px wide window (a laptop with a side panel open): its links wrap
 * instead of widening the page, and "Log out" stays on screen, for the role with the most links
 * (admin). The newcomer's walk through issue 13 found every /copyright page 1185–1194 px wide at
 * 1100 px because of the header. A page's own content (a wide table, with the data a full test run
 * leaves) may still be wider: that is the table's to fix, not the header's, and is not held here.
 */
import type { Browser } from 'playwright-core';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

const WIDTH = 1100;

it('keeps the header of every copyright page and the queues within 1100 px, with Log out on screen', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const page = await (await browser.newContext({ viewport: { width: WIDTH, height: 800 } })).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/queues$/);
  for (const path of ['/queues', '/copyright/works', '/copyright/claims', '/copyright/banks', '/copyright/rescans', '/copyright/disputes']) {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
    const headerWidth = await page.evaluate(() => document.querySelector('header.topbar')!.scrollWidth);
    expect({ path, headerWidth }).toEqual({ path, headerWidth: WIDTH });
    const logOut = await page.getByRole('button', { name: 'Log out' }).boundingBox();
    expect(logOut).not.toBeNull();
    expect(logOut!.x + logOut!.width).toBeLessThanOrEqual(WIDTH);
  }
});
