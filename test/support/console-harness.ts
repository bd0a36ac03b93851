/**
 * The console as tests meet it: a connection to the run's stack, the real HTTP server on a free
 * port, and (for browser tests) headless Chromium. One place that starts them and stops them in order.
 *
 * A test file calls `useConsoleHarness` or `useBrowserHarness` at its top level: the hooks that
 * start the harness before the file's tests and stop it after them are registered for it.
 */
import type { Browser } from 'playwright-core';
import { launchTestBrowser } from './browser';
import { connectTestContext, type TestContext } from './fixtures';
import { startTestServer } from './http';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface ConsoleHarness {
  ctx: TestContext;
  server: TestServer;
  close(): Promise<void>;
}

/** What the console's HTTP server is started with: `trustedProxies` as LOUPE_TRUSTED_PROXIES (0 by default). */
export interface ConsoleHarnessOptions {
  trustedProxies?: number;
}

export async function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  const ctx = await connectTestContext();
  const server = await startTestServer(ctx, options);
  return {
    ctx,
    server,
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

export async function startBrowserHarness(): Promise<ConsoleHarness & { browser: Browser }> {
  const console = await startConsoleHarness();
  const browser = await launchTestBrowser();
  return {
    ...console,
    browser,
    async close() {
      await browser.close();
      await console.close();
    },
  };
}

/**
 * Starts the console harness before this file's tests (handing it to `receive`) and stops it after
 * them. Behind a declared proxy (`trustedProxies: 1`) each test can speak from its own address with
 * X-Forwarded-For, so per-address limits spent by one test do not touch another.
 */
export function useConsoleHarness(receive: (harness: ConsoleHarness) => void, options: ConsoleHarnessOptions = {}): void {
  let harness: ConsoleHarness | undefined;
  beforeAll(async () => {
    harness = await startConsoleHarness(options);
    receive(harness);
  });
  afterAll(async () => harness?.close());
}

/** The same, with headless Chromium. */
export function useBrowserHarness(receive: (harness: ConsoleHarness & { browser: Browser }) => void): void {
  let harness: (ConsoleHarness & { browser: Browser }) | undefined;
  beforeAll(async () => {
    harness = await startBrowserHarness();
    receive(harness);
  });
  afterAll(async () => harness?.close());
}
