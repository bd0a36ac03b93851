import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless. Playwright's own browser download cannot work here, and without the
 * background-networking flags Chromium keeps dialling out on a closed network.
 */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
