/**
 * Hash banks in the clip pipeline, through Temporal and Loupe's workers: a clip whose frames match
 * a bank is blocked or sent to the copyright queue, per its entity's rule (patched('copyright-banks')
 * in generateAndPublish, after the face checks).
 *
 * The bank is made from the clip itself: the procedural generator renders a clip as a pure function
 * of (prompt, seed, duration, size), so the test renders the same clip the pipeline will, hashes its
 * frames (fingerprintVideo, as reference media is hashed) into a bank, and then submits the request.
 *
 * Both runs replay, and are recorded for replay.test.ts on request:
 *   LOUPE_RECORD_HISTORIES=1 npx vitest run --project integration test/workflows/copyright-banks.test.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { fingerprintVideo } from '../../activities/fingerprint/video';
import { reviewItemScreen } from '../../app/services/review-item.server';
import { copyrightMatchesOfRequest } from '../../db/queries/copyright-matches';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { addBankHashes, createHashBank } from '../../db/queries/hash-banks';
import { connectTestContext, createCreator, openItemFor, scheduledActivities, submit, waitForStatus, type TestContext } from '../support/fixtures';

const SIZE = { width: 360, height: 640 };
/** Runs whose histories the last test replays (and records, with LOUPE_RECORD_HISTORIES=1). */
const replayed: Record<string, string> = {};
let ctx: TestContext;
let workDir: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bank-pipeline-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await ctx.close();
});

/** A bank, acting through a new entity with `rule`, holding the frames of the clip `prompt` renders. */
async function bankOfClip(prompt: string, rule: 'block' | 'review') {
  const clip = await proceduralGenerator.generate(
    { requestId: randomUUID(), prompt, seed: 42, durationSeconds: 2, ...SIZE }, path.join(workDir, `${randomUUID()}.mp4`),
  );
  const { frames } = await fingerprintVideo(clip.path);
  expect(frames.length).toBeGreaterThan(0);
  const name = `Pipeline Bank Character ${randomUUID().slice(0, 8)}`;
  const entityId = await upsertCopyrightEntity(ctx.db, {
    name, kind: 'character', aliases: [], owner: 'Test Studios', territories: ['worldwide'], rule, conditions: null, publicDomain: false,
    source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
  });
  const bankId = await createHashBank(ctx.db, { name: `reference of ${name}`, kind: 'positive', owner: 'Test Studios', entityId, rule: null, cutoff: 31, source: 'import' });
  await addBankHashes(ctx.db, bankId, frames.map((f) => ({ hash: f.hash, quality: f.quality, frameIndex: f.frameIndex, region: f.region })));
  return { name, bankId };
}

it('a clip whose frames match a bank whose entity blocks is blocked before publication, with the match recorded', async () => {
  const prompt = 'Slow amber ripples over a quiet pond at dusk';
  const { name, bankId } = await bankOfClip(prompt, 'block');
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, seed: 42, durationSeconds: 2, ...SIZE });
  const outcome = await ctx.temporal.workflow.getHandle(requestId).result();
  replayed['copyright-bank-blocked'] = requestId;
  expect(outcome.status).toBe('blocked');
  expect(outcome.reason).toContain(`The clip shows "${name}" (rights holder: Test Studios), matched to the hash bank "reference of ${name}" at distance`);
  const activities = await scheduledActivities(ctx.temporal, requestId);
  expect(activities).toContain('checkClipAgainstBanks');
  expect(activities).not.toContain('publishVideo');
  const matches = await copyrightMatchesOfRequest(ctx.db, requestId);
  expect(matches.length).toBeGreaterThan(0);
  expect(matches.every((m) => m.bank_id === bankId && m.action === 'blocked' && m.distance <= 31)).toBe(true);
}, 180_000);

it('a clip whose frames match a bank whose entity asks for review waits in the copyright queue, the reasons naming entity, bank and distance', async () => {
  const prompt = 'Soft teal waves drifting across a misty shore';
  const { name } = await bankOfClip(prompt, 'review');
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, seed: 42, durationSeconds: 2, ...SIZE });
  await waitForStatus(ctx.db, requestId, ['clip_review', 'published', 'blocked', 'rejected', 'failed'], 150_000);
  replayed['copyright-bank-review'] = requestId;
  const item = await ctx.db.selectFrom('review_items').select(['queue_id', 'flag_reasons', 'state']).where('request_id', '=', requestId).where('kind', '=', 'clip').executeTakeFirstOrThrow();
  await ctx.temporal.workflow.getHandle(requestId).terminate('test done').catch(() => undefined);
  expect(item.queue_id).toBe('copyright_review');
  expect((item.flag_reasons as string[]).some((reason) => reason.includes(`"${name}"`) && /in the hash bank ".+" at distance \d+ \(cut-off 31\): its holder asks for review\./.test(reason))).toBe(true);
  expect((await openItemFor(ctx.db, requestId, 'clip')).queue_id).toBe('copyright_review');
  expect((await copyrightMatchesOfRequest(ctx.db, requestId)).every((m) => m.action === 'queued')).toBe(true);
  // The review screen's Copyright matches panel lists them: work, bank, frame, distance, action.
  const screen = await reviewItemScreen(ctx.db, (await openItemFor(ctx.db, requestId, 'clip')).id);
  expect(screen.copyrightMatches.length).toBeGreaterThan(0);
  expect(screen.copyrightMatches[0]).toMatchObject({ entityName: name, bankName: `reference of ${name}`, cutoff: 31, action: 'queued' });
  expect(screen.copyrightMatches[0]!.frameIndex).not.toBeNull();
}, 180_000);

it('the runs above replay with the current workflow code (and are recorded on request)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['copyright-bank-blocked', 'copyright-bank-review']);
  for (const [name, requestId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(requestId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, requestId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', requestId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
}, 120_000);
