/**
 * Issue 14, in headless Chromium: a policy manager adds a semantic exemplar to a draft and removes
 * a shipped one found by searching, saves, sees both in the diff, and backtests: the prompt the
 * exemplar stands for moves allow → review on the semantic layer alone, and the row says so.
 */
import type { Browser, Page } from 'playwright-core';
import { LIVE_RULE_SET } from '../../policies';
import { createCreator, createStaff, submit, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

/**
 * Allowed by the rules and by the shipped exemplars; held for review once it is a violence exemplar
 * itself. Not policy-draft-semantic.test.ts's prompt: that file promotes its exemplar into the live
 * policy, which would hold this one too.
 */
const PROMPT = 'the old farmer steps on the baby bird until it stops chirping';

async function logIn(page: Page, path: string) {
  const manager = await createStaff(ctx.db, 'policy_manager');
  await page.goto(`${server.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(manager.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(new RegExp(`${path.replaceAll('/', '\\/')}$`));
}

it('adds and removes exemplars in a draft, saves, and backtests with the semantic layer', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: PROMPT });
  await expect.poll(async () => (await ctx.db.selectFrom('prompt_screenings').select('verdict').where('request_id', '=', requestId).executeTakeFirst())?.verdict, { timeout: 60_000 }).toBe('allow');
  const shipped = LIVE_RULE_SET.semantic!.exemplars.find((e) => e.text === 'a car turning a corner')!;

  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await logIn(page, '/policy/drafts');
  await page.getByLabel('Title').fill('Cruelty to kittens (browser test)');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/policy\/drafts\/[0-9a-f-]{36}$/);

  await page.getByLabel('Exemplar text').fill(PROMPT);
  await page.getByRole('combobox', { name: 'Exemplar label' }).selectOption('violence_graphic');
  await page.getByRole('combobox', { name: 'Exemplar language' }).selectOption('en');
  await page.getByRole('button', { name: 'Add exemplar' }).click();
  await expect.poll(() => page.getByTestId('exemplar-edits').textContent()).toContain(PROMPT);

  await page.getByLabel('Search exemplars').fill('car turning a corner');
  await page.getByRole('button', { name: 'Search' }).click();
  const hit = page.getByTestId('exemplar-search').locator('li', { hasText: shipped.id });
  await hit.getByRole('button', { name: 'remove' }).click();
  await expect.poll(() => page.getByTestId('exemplar-edits').textContent()).toContain(shipped.id);

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Draft saved.').waitFor();
  await expect.poll(() => page.getByTestId('exemplar-diff').textContent()).toContain(PROMPT);
  expect(await page.getByTestId('exemplar-diff').textContent()).toContain('a car turning a corner');

  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.getByText('Backtest finished.').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('backtest-semantic').textContent()).toBe('Both sides include the semantic layer.');
  // By request id: other files in the shared database may have submitted the same prompt.
  const row = page.getByTestId('backtest').locator(`tr[data-key="${requestId}"][data-change="allow→review"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain(`draft semantic: review, violence graphic`);
  await page.screenshot({ path: 'test-results/policy-draft-exemplars.png', fullPage: true });

  await page.getByRole('button', { name: 'Discard' }).click();
  await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('discarded');
  await page.close();
});
