/**
 * Determinism: clipPipeline must replay its own histories. Two sources:
 * - histories recorded from earlier versions, committed under test/workflows/histories/: a change to
 *   the workflow that would break workflows already in flight fails here (use `patched()` instead);
 * - histories produced by this run, so the current code also replays what it just did.
 * Re-record the committed ones only on purpose: LOUPE_RECORD_HISTORIES=1 npx vitest run --project integration test/workflows/replay.test.ts
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import type { temporal } from '@temporalio/proto';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { inject } from 'vitest';
import {
  callerAs, connectTestContext, createCameo, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext,
} from '../support/fixtures';

const HISTORIES = path.join(import.meta.dirname, 'histories');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

async function runScenarios(): Promise<Record<string, { requestId: string; history: temporal.api.history.v1.IHistory }>> {
  const creator = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const clean = await submit(ctx, { creatorId: creator.id, prompt: 'A paper boat drifting down a rainy street at dusk' });
  const blocked = await submit(ctx, { creatorId: creator.id, prompt: 'Explicit porn scene, two naked people having sex' });
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'only_me');
  const noConsent = await submit(ctx, { creatorId: creator.id, prompt: 'A calm lake', cameoIds: [cameo.id] });
  const reviewed = await submit(ctx, { creatorId: creator.id, prompt: 'Breaking news footage: a rainy morning at a polling station on election day' });
  await waitForStatus(ctx.db, reviewed.requestId, ['prompt_review']);
  const promptItem = await openItemFor(ctx.db, reviewed.requestId, 'prompt');
  await callerAs(ctx, reviewer).review.decide({ itemId: promptItem.id, decision: 'approve', reason: 'News context', expectedVersion: promptItem.version });
  await waitForStatus(ctx.db, reviewed.requestId, ['clip_review']);
  const clipItem = await openItemFor(ctx.db, reviewed.requestId, 'clip');
  await callerAs(ctx, reviewer).review.decide({ itemId: clipItem.id, decision: 'reject', reason: 'Misinformation', expectedVersion: clipItem.version });

  const scenarios = { 'published-clean': clean, 'blocked-prompt': blocked, 'blocked-cameo': noConsent, 'reviewed-then-rejected': reviewed };
  const histories: Record<string, { requestId: string; history: temporal.api.history.v1.IHistory }> = {};
  for (const [name, { requestId }] of Object.entries(scenarios)) {
    await ctx.temporal.workflow.getHandle(requestId).result();
    histories[name] = { requestId, history: await ctx.temporal.workflow.getHandle(requestId).fetchHistory() };
  }
  return histories;
}

it('replays histories recorded from earlier versions of clipPipeline', async () => {
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    await fs.mkdir(HISTORIES, { recursive: true });
    // The CLI's JSON is the documented export format that historyFromJSON reads back.
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, { requestId }] of Object.entries(await runScenarios())) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', requestId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await fs.writeFile(path.join(HISTORIES, `${name}.json`), json);
    }
  }
  const files = (await fs.readdir(HISTORIES)).filter((file) => file.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const file of files) {
    // The SDK converts the CLI's JSON itself (with its own proto classes).
    const history: unknown = JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, file), file).resolves.toBeUndefined();
  }
});

it('replays the histories this run produces', async () => {
  const histories = await runScenarios();
  for (const [name, { history }] of Object.entries(histories)) {
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
});
