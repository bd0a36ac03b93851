/**
 * Walks a reviewer's keyboard decision through a RUNNING Loupe (`npm start`, seeded demo data) in
 * headless Chromium, printing each step and saving a screenshot of it. It is a check of a live
 * deployment for a person to run and read, not a test: it changes the demo data (one prompt item
 * is decided), and it fails loudly, with the step that failed, when the console does not behave.
 *
 *   npm start                      # in one terminal; wait for "seeding demo: done"
 *   npm run demo:walkthrough       # in another; LOUPE_URL=http://host:port to point elsewhere
 *
 * Screenshots land in .data/walkthrough/ (or $LOUPE_WALKTHROUGH_DIR).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadToolEnv } from '../../config/env';
import { launchTestBrowser } from '../../test/support/browser';

const toolEnv = loadToolEnv(['LOUPE_URL', 'LOUPE_WALKTHROUGH_DIR']);
const baseUrl = toolEnv.LOUPE_URL.replace(/\/$/, '');
const outDir = path.resolve(toolEnv.LOUPE_WALKTHROUGH_DIR);
const REVIEWER = { email: 'reviewer@loupe.test', password: 'loupe-demo' };

let stepNumber = 0;
async function step(page: Page, title: string, run: () => Promise<string | void>): Promise<void> {
  stepNumber++;
  try {
    const detail = await run();
    const file = path.join(outDir, `${String(stepNumber).padStart(2, '0')}.png`);
    await page.screenshot({ path: file, fullPage: false });
    console.log(`ok ${stepNumber}. ${title}${detail ? ` — ${detail}` : ''}  (${path.relative(process.cwd(), file)})`);
  } catch (error) {
    await page.screenshot({ path: path.join(outDir, `${String(stepNumber).padStart(2, '0')}-failed.png`) }).catch(() => {});
    throw new Error(`Step ${stepNumber} (${title}) failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

async function openCount(page: Page): Promise<number> {
  const count = await page.locator('.queue-tabs a.active .count').first().textContent();
  return Number(count ?? 'NaN');
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const health = await fetch(`${baseUrl}/healthz`).catch(() => null);
  if (!health?.ok) throw new Error(`Loupe does not answer at ${baseUrl}/healthz. Start it with \`npm start\` (or set LOUPE_URL) and wait for "seeding demo: done".`);

  const browser = await launchTestBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);

    await step(page, `log in as ${REVIEWER.email}`, async () => {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email').fill(REVIEWER.email);
      await page.getByLabel('Password').fill(REVIEWER.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/queues$/);
    });

    let before = 0;
    await step(page, 'open the prompt review queue', async () => {
      await page.goto(`${baseUrl}/queues/prompt_review`);
      await page.waitForLoadState('networkidle');
      before = await openCount(page);
      if (!(before > 0)) throw new Error('the seeded prompt review queue is empty: was the demo seeded (first start), or were its items decided already?');
      return `${before} open`;
    });

    let itemUrl = '';
    await step(page, 'press s: claim the next item under a lease', async () => {
      await page.keyboard.press('s');
      await page.waitForURL(/\/review\/[0-9a-f-]{36}/);
      itemUrl = page.url().split('?')[0]!;
      await page.getByTestId('lease').getByText('You are reviewing this item').waitFor();
      await page.waitForLoadState('networkidle');
      const prompt = (await page.locator('blockquote.prompt').first().textContent().catch(() => null)) ?? '';
      return prompt ? `prompt: “${prompt.trim().slice(0, 80)}”` : itemUrl;
    });

    await step(page, 'press ?: the keyboard map', async () => {
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      const keys = await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).locator('kbd').allTextContents();
      await page.keyboard.press('Escape');
      return `keys: ${[...new Set(keys)].join(' ')}`;
    });

    await step(page, 'press a without a policy reason: nothing is sent', async () => {
      await page.keyboard.press('a');
      const alert = await page.getByRole('alert').first().textContent();
      if (!alert?.startsWith('Choose the policy reason')) throw new Error(`expected the reason prompt, saw: ${alert}`);
      return alert;
    });

    await step(page, 'press 1: pick the first approve reason', async () => {
      await page.keyboard.press('1');
      const reason = await page.getByLabel(/Policy reason/).inputValue();
      if (!reason) throw new Error('the digit did not pick a reason');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      return `reason: ${reason}`;
    });

    await step(page, 'press a: approve through Temporal', async () => {
      await page.keyboard.press('a');
      await page.waitForURL((url) => url.href.split('?')[0] !== itemUrl);
    });

    await step(page, 'the decided item shows who decided it and why', async () => {
      await page.goto(itemUrl);
      const decided = page.getByText(/^Decided approved by reviewer@loupe\.test/);
      await decided.waitFor();
      return (await decided.textContent()) ?? '';
    });

    await step(page, 'the queue has one item fewer', async () => {
      await page.goto(`${baseUrl}/queues/prompt_review`);
      await page.waitForLoadState('networkidle');
      const after = await openCount(page);
      if (after !== before - 1) throw new Error(`expected ${before - 1} open, saw ${after}`);
      return `${before} → ${after} open`;
    });
    console.log(`\nThe walkthrough passed against ${baseUrl}.`);
  } finally {
    await browser.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
