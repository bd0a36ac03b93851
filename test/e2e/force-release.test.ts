/**
 * An admin ends someone else's claim from the review screen (issue 10, section 3 item 1): the
 * lease bar offers it only to admins, the item is free afterwards, and the audit log says whose
 * claim was ended.
 */
import type { Browser, Page } from 'playwright-core';
import type { StaffRole } from '../../db/schema';
import { callerAs, createCreator, createStaff, openItemFor, submit, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

async function loggedIn(role: StaffRole): Promise<Page> {
  const staff = await createStaff(ctx.db, role);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/queues$/);
  return page;
}

it('lets an admin end a colleague’s claim from the review screen, and shows the button to nobody else', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  const senior = await createStaff(ctx.db, 'senior_reviewer');
  await callerAs(ctx, senior).review.claim({ itemId: item.id });
  await callerAs(ctx, senior).review.hold({ itemId: item.id });

  const reviewer = await loggedIn('reviewer');
  await reviewer.goto(`${server.url}/review/${item.id}`);
  await expect.poll(() => reviewer.getByTestId('lease').textContent()).toContain(`${senior.email} is reviewing this item`);
  expect(await reviewer.getByRole('button', { name: 'End their claim' }).count()).toBe(0);

  const admin = await loggedIn('admin');
  await admin.goto(`${server.url}/review/${item.id}`);
  await admin.waitForLoadState('networkidle');
  await admin.getByRole('button', { name: 'End their claim' }).click();
  await expect.poll(() => admin.getByTestId('lease').textContent()).toContain('Nobody has claimed this item.');
  const entry = await ctx.db.selectFrom('audit_log').select(['action', 'before']).where('subject_id', '=', item.id).where('action', '=', 'review.force_release').executeTakeFirstOrThrow();
  expect(entry.before).toMatchObject({ holder: senior.email, held: true });
  await ctx.temporal.workflow.getHandle(requestId).terminate('test finished');
});
