import { chromium, type Browser } from 'playwright-core';
import { loadToolEnv } from '../../config/env';

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
