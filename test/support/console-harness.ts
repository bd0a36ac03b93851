/**
 * The console as tests meet it: a connection to the run's stack, the real HTTP server on a free
 * port, and (for browser tests) headless Chromium. One place that starts them and stops them in order.
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

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  const ctx = await connectTestContext();
  const server = await startTestServer(ctx);
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
