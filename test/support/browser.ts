import { chromium, type Browser, type Page } from 'playwright-core';
import { loadToolEnv } from '../../config/env';
import { TEST_PASSWORD } from './fixtures';

/**
 * Debian's Chromium, headless. Playwright's own browser download cannot work here, and without the
 * background-networking flags Chromium keeps dialling out on a closed network.
 */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: loadToolEnv(['CHROMIUM_PATH']).CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Opens the demo creator app at `serverUrl` and logs in through the console's login page as the
 * staff member `email` (created with TEST_PASSWORD), ending on a /demo page. Throws (a Playwright
 * timeout) when the login page or the redirect back does not come.
 */
export async function logInToDemo(page: Page, serverUrl: string, email: string): Promise<void> {
  await page.goto(`${serverUrl}/demo`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/demo/);
}
