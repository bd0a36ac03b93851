/**
 * In headless Chromium: a policy manager types a prompt in the playground and the verdict and the
 * highlighted spans follow every keystroke (screened in the browser, no request per key); then a
 * draft is created, edited, backtested and its changed verdicts are shown with highlights.
 */
import type { Browser, Page } from 'playwright-core';
import { createCreator, createStaff, submit, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

async function logIn(page: Page, path: string) {
  const manager = await createStaff(ctx.db, 'policy_manager');
  await page.goto(`${server.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(manager.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(new RegExp(`${path.replaceAll('/', '\\/')}$`));
}

it('highlights what triggered as the prompt is typed', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const trpcCalls: string[] = [];
  page.on('request', (request) => {
    // The semantic layer's verdict is asked of the server when typing pauses (issue 14); the rules' is not.
    if (request.url().includes('/api/trpc') && !request.url().includes('policy.semanticPreview')) trpcCalls.push(request.url());
  });
  await logIn(page, '/policy/playground');

  const input = page.getByTestId('playground-input');
  const verdict = page.getByTestId('playground-verdict');
  const marks = page.getByTestId('playground-highlight').locator('mark.hit');
  // An empty prompt cannot be judged: it is held for review, never allowed.
  await expect.poll(() => verdict.textContent()).toBe('review');
  // The version computed in the browser is the pipeline's live version.
  await expect.poll(() => page.getByText('same as the pipeline’s live version').count()).toBe(1);

  await input.click();
  await page.keyboard.type('A quiet lake at dawn ', { delay: 15 });
  await expect.poll(() => verdict.textContent()).toBe('allow');
  expect(await marks.count()).toBe(0);

  await page.keyboard.type('with graphic gore', { delay: 15 });
  await expect.poll(() => verdict.textContent()).toBe('block');
  await expect.poll(() => page.getByTestId('playground-categories').textContent()).toContain('violence_graphic');
  await expect.poll(() => marks.allTextContents()).toContain('gore');
  expect(await marks.first().getAttribute('class')).toContain('block');

  // Evasion is highlighted on the original characters.
  await page.keyboard.type(' and a n.u.d.e swimmer', { delay: 15 });
  await expect.poll(() => marks.allTextContents()).toContain('n.u.d.e');

  // Deleting the trigger brings the verdict back as you type.
  await input.fill('A quiet lake at dawn');
  await expect.poll(() => verdict.textContent()).toBe('allow');
  expect(await marks.count()).toBe(0);

  // People's names are found in the browser too (the engine with its NLP tagger loads after the page).
  await input.fill('Jonathan Pemberton riding a horse');
  await expect.poll(() => verdict.textContent()).toBe('review');
  await expect.poll(() => page.getByTestId('playground-categories').textContent()).toContain('real_person');
  await expect.poll(() => marks.allTextContents()).toContain('Jonathan Pemberton');
  await input.fill('my friend Sarah in Lincoln Park');
  await expect.poll(() => verdict.textContent()).toBe('allow');
  // The rules screened in the browser: no other tRPC request after the page loaded.
  expect(trpcCalls).toEqual([]);
  await page.screenshot({ path: 'test-results/policy-playground.png', fullPage: true });
  await page.close();
});

it('creates a draft, adds a term, backtests it and shows the verdicts that would change', async () => {
  const creator = await createCreator(ctx.db);
  const term = `zq${Date.now().toString(36).replace(/[0-9]/g, 'q')}`;
  const prompt = `A ${term} sunrise over the hills`;
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt });
  // Wait until the decision is stored (the clip may keep rendering; the backtest needs only the decision).
  await expect.poll(async () => (await ctx.db.selectFrom('prompt_screenings').select('verdict').where('request_id', '=', requestId).executeTakeFirst())?.verdict, { timeout: 60_000 }).toBe('allow');

  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await logIn(page, '/policy/drafts');
  await page.getByLabel('Title').fill('Block an invented word (browser test)');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/policy\/drafts\/[0-9a-f-]{36}$/);

  await page.getByRole('combobox', { name: 'Term group' }).selectOption('violence_graphic.gore.en');
  await page.getByLabel('Add terms').fill(term);
  await page.getByRole('button', { name: 'Add to draft' }).click();
  await expect.poll(() => page.getByTestId('term-edits').textContent()).toContain(term);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Draft saved.').waitFor();
  await expect.poll(() => page.getByTestId('policy-diff').textContent()).toContain(term);

  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.getByText('Backtest finished.').waitFor();
  const backtest = page.getByTestId('backtest');
  const row = backtest.locator('tr[data-change="allow→block"]', { hasText: 'sunrise over the hills' });
  await row.waitFor();
  expect(await row.locator('mark.hit.block').allTextContents()).toContain(term);
  await page.screenshot({ path: 'test-results/policy-draft-backtest.png', fullPage: true });

  await page.getByRole('button', { name: 'Discard' }).click();
  await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('discarded');
  await page.close();
});
