/**
 * The browser test, in the demo creator app against the real console, Temporal and
 * PostgreSQL: creator B's cameo may be used by "people I approve"; creator A, without a grant,
 * submits a request with it, which waits for B; B sees the approval request and approves (granting
 * A from now on); the clip passes its review and publishes; B withdraws A's grant, the takedown
 * runs, and the video disappears from /feed.
 */
import type { Browser, Page } from 'playwright-core';
import { callerAs, createCreator, createStaff, openItemFor, waitForStatus, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';
import { logInToDemo } from '../support/browser';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

async function feedShows(page: Page, videoId: string): Promise<boolean> {
  await page.goto(`${server.url}/feed`);
  return (await page.locator(`article[data-video-id="${videoId}"]`).count()) > 0;
}

it('a request waits for the cameo owner\'s approval, publishes once approved, and leaves /feed when the owner revokes', async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const a = await createCreator(ctx.db);
  const b = await createCreator(ctx.db);
  const cameoName = `B in the park ${b.handle}`;
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await logInToDemo(page, server.url, staff.email);
  await page.getByTestId('demo-banner').getByText('Demo creator app').waitFor();

  // B creates a cameo that only people B approves may use.
  await page.goto(`${server.url}/demo/cameos?as=${b.id}`);
  await page.getByLabel('Name').fill(cameoName);
  await page.getByLabel('Who may use it').first().selectOption('approved');
  await page.getByRole('button', { name: 'Create cameo' }).click();
  await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
  const cameoId = await page.locator('section[data-cameo-id]').filter({ hasText: cameoName }).getAttribute('data-cameo-id');
  expect(cameoId).toBeTruthy();

  // A, without a grant, submits a request with B's cameo: it waits for B's answer.
  await page.goto(`${server.url}/demo/submit?as=${a.id}`);
  await page.getByText('Demo creator app', { exact: false }).first().waitFor();
  await page.getByLabel('Prompt').fill('A paper boat drifting down a rainy street at dusk');
  await page.getByLabel('Length (seconds)').fill('2');
  await page.getByLabel(new RegExp(cameoName)).check();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const submitted = page.getByRole('status').filter({ hasText: 'Submitted' });
  await submitted.waitFor();
  const requestId = (await submitted.getAttribute('data-request-id'))!;
  await expect.poll(async () => (await ctx.db.selectFrom('cameo_approval_requests').select('state').where('request_id', '=', requestId).executeTakeFirst())?.state, { timeout: 60_000 }).toBe('pending');
  expect((await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute())).toEqual([]);
  await page.goto(`${server.url}/demo/requests?as=${a.id}`);
  expect(await page.locator(`tr[data-request-id="${requestId}"]`).textContent()).toContain('waiting for 1 cameo owner to approve');

  // B sees the approval request and approves it, granting A from now on.
  await page.goto(`${server.url}/demo/approvals?as=${b.id}`);
  const approval = page.locator(`form[data-request-id="${requestId}"]`);
  await approval.waitFor();
  expect(await approval.textContent()).toContain(`@${a.handle}`);
  await approval.getByLabel(/Also let/).check();
  await approval.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('status').filter({ hasText: 'Answered: approved' }).waitFor();

  // The clip goes through its review (a cameo of someone else is reviewed), then publishes.
  const row = await waitForStatus(ctx.db, requestId, ['clip_review', 'published']);
  if (row.status === 'clip_review') {
    const item = await openItemFor(ctx.db, requestId, 'clip');
    await callerAs(ctx, staff).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  }
  await waitForStatus(ctx.db, requestId, ['published']);
  const video = await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  await page.goto(`${server.url}/demo/requests?as=${a.id}`);
  expect(await page.locator(`tr[data-request-id="${requestId}"]`).getAttribute('data-status')).toBe('published');
  expect(await feedShows(page, video.id)).toBe(true);

  // B revokes: withdrawing A's grant takes A's video with B's cameo down.
  await page.goto(`${server.url}/demo/cameos?as=${b.id}`);
  await page.locator(`section[data-cameo-id="${cameoId}"]`).getByRole('button', { name: `Withdraw the grant of @${a.handle}` }).click();
  await page.getByRole('status').filter({ hasText: 'Grant withdrawn' }).waitFor();
  // The takedown's progress is shown in the demo until it is done.
  await page.getByRole('link', { name: 'Follow its progress' }).click();
  await page.getByTestId('takedown-progress').waitFor();
  await expect.poll(async () => {
    await page.reload();
    return page.getByTestId('takedown-progress').getAttribute('data-state');
  }, { timeout: 60_000, interval: 1000 }).toBe('done');
  expect(await page.getByTestId('takedown-progress').textContent()).toContain('1 taken down');
  await expect.poll(() => feedShows(page, video.id), { timeout: 60_000, interval: 1000 }).toBe(false);
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', video.id).executeTakeFirstOrThrow()).status).toBe('removed');
  await page.screenshot({ path: 'test-results/demo-after-revocation.png' });
  await page.close();
});
