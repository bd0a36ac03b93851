/**
 * Copyright rescans through Temporal and PostgreSQL (issue 13): published videos whose stored
 * fingerprints match a bank are taken down (block) or queued in the copyright queue (review), a
 * quarantined hash is only held, counts are right and each creator is told once; a retried batch
 * acts on nothing twice; pause then resume finishes; small batches continue as new; a reviewer's
 * rejection of a queued video takes it down; both workflows replay their own histories.
 *
 * Bank hashes are random 256-bit PDQ-shaped hashes; a "matching" video carries the bank hash with a
 * few bits flipped (within the cut-off), every other video random hashes (a random pair is ~128
 * bits apart, far beyond any cut-off).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { sql, type Kysely } from 'kysely';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import {
  copyrightMatchReviewWorkflowId, copyrightRescanWorkflowId, type CopyrightRescanProgress,
} from '../../contracts';
import { copyrightRescanActivities } from '../../activities/copyright/rescan';
import { fingerprintVideo } from '../../activities/fingerprint/video';
import { sha256Hex } from '../../policies/content-hash';
import { startCopyrightRescan } from '../../app/services/copyright-rescans.server';
import { decideReviewItem, signalCopyrightRescan } from '../../app/services/workflow-client.server';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { countVideoFingerprint, saveVideoFingerprint } from '../../db/queries/fingerprints';
import { addBankHashes, createHashBank } from '../../db/queries/hash-banks';
import type { Database } from '../../db/schema';
import { connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';
import { seedUse, type SeededUse } from '../support/likeness-uses';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** `hash` with `bits` low bits of its first bytes flipped: `bits` bits away. */
function near(hash: Uint8Array, bits: number): Uint8Array {
  const copy = new Uint8Array(hash);
  for (let i = 0; i < bits; i++) copy[i >> 3]! ^= 1 << (i & 7);
  return copy;
}

async function bankWith(db: Kysely<Database>, options: { rule?: 'block' | 'review'; entityRule?: 'block' | 'review'; hashes: number }) {
  const tag = randomUUID().slice(0, 8);
  const entityId = options.entityRule
    ? await upsertCopyrightEntity(db, {
      name: `Rescan test character ${tag}`, kind: 'character', aliases: [], owner: 'Rescan Test Studio', territories: ['worldwide'],
      rule: options.entityRule, conditions: null, publicDomain: false, source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
    })
    : null;
  const bankId = await createHashBank(db, {
    name: `rescan test ${tag}`, kind: 'positive', owner: 'Rescan Test Studio', entityId, rule: entityId ? null : options.rule ?? 'block', cutoff: 31, source: 'import',
  });
  const hashes = Array.from({ length: options.hashes }, () => new Uint8Array(randomBytes(32)));
  await addBankHashes(db, bankId, hashes.map((hash) => ({ hash })));
  const ids = await db.selectFrom('bank_hashes').select(['id', 'hash']).where('bank_id', '=', bankId).execute();
  const idOf = (hash: Uint8Array) => ids.find((row) => Buffer.from(row.hash).equals(Buffer.from(hash)))!.id;
  return { bankId, entityId, hashes, idOf };
}

/** A published video whose stored frames are `frames` (one 'full' hash per frame). */
async function publishedWith(frames: Uint8Array[]): Promise<SeededUse> {
  const creator = await createCreator(ctx.db);
  const use = await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'published' });
  if (frames.length > 0) {
    await saveVideoFingerprint(ctx.db, use.videoId, frames.map((hash, frameIndex) => ({ frameIndex, region: 'full', hash, quality: 90 })));
  }
  return use;
}

const randomFrames = (n: number) => Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));

async function runRescan(bankIds: string[], options: { batchSize?: number; batchesPerRun?: number } = {}) {
  const { rescanId } = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId: bankIds[0]! }, bankIds, startedBy: null, ...options });
  const progress = (await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result()) as CopyrightRescanProgress;
  return { rescanId, progress };
}

async function statusOf(uses: SeededUse[]) {
  const rows = await ctx.db.selectFrom('videos').select(['id', 'status']).where('id', 'in', uses.map((u) => u.videoId)).execute();
  return uses.map((u) => rows.find((row) => row.id === u.videoId)!.status);
}

async function noticesOf(uses: SeededUse[], kind: 'video_taken_down_copyright' | 'video_under_copyright_review') {
  return ctx.db.selectFrom('notifications').select(['recipient_id', 'request_id']).where('kind', '=', kind)
    .where('request_id', 'in', uses.map((u) => u.requestId)).execute();
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('takes down block matches, queues review matches, holds quarantined ones, counts them and tells each creator once', async () => {
  const blocking = await bankWith(ctx.db, { rule: 'block', hashes: 3 });
  const reviewing = await bankWith(ctx.db, { entityRule: 'review', hashes: 2 });
  const quarantinedHash = blocking.hashes[2]!;
  await ctx.db.updateTable('bank_hashes').set({ state: 'quarantined' }).where('id', '=', blocking.idOf(quarantinedHash)).execute();

  const blocked = [await publishedWith([...randomFrames(2), near(blocking.hashes[0]!, 5)]), await publishedWith([near(blocking.hashes[1]!, 12)])];
  const queued = [await publishedWith([near(reviewing.hashes[0]!, 3), ...randomFrames(1)])];
  const held = [await publishedWith([near(quarantinedHash, 2)])];
  const clean = [await publishedWith(randomFrames(3)), await publishedWith(randomFrames(1))];
  // Too far from every bank hash (the cut-off is 31 bits).
  const farOff = [await publishedWith([near(blocking.hashes[0]!, 40)])];
  // Already taken down before the rescan: not in the walk, nothing done.
  const removedCreator = await createCreator(ctx.db);
  const removed = await seedUse(ctx.db, { creatorId: removedCreator.id, cameoId: null, status: 'removed' });
  await saveVideoFingerprint(ctx.db, removed.videoId, [{ frameIndex: 0, region: 'full', hash: near(blocking.hashes[0]!, 1), quality: 90 }]);

  // The first blocked video was made long before the bank existed, the second after it (seeded just now).
  await sql`UPDATE videos SET created_at = '2020-01-01T00:00:00Z' WHERE id = ${blocked[0]!.videoId}`.execute(ctx.db);

  const { rescanId, progress } = await runRescan([blocking.bankId, reviewing.bankId], { batchSize: 3 });
  const published = Number((await ctx.db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).where('status', 'in', ['published', 'removed'])
    .executeTakeFirstOrThrow()).n);
  expect(progress).toMatchObject({ rescanId, state: 'completed', matched: 4, takenDown: 2, queued: 1, held: 1 });
  expect(progress.scanned).toBe(progress.total);
  expect(progress.total).toBeGreaterThanOrEqual(blocked.length + queued.length + held.length + clean.length + farOff.length);
  expect(progress.total).toBeLessThanOrEqual(published);

  expect(await statusOf(blocked)).toEqual(['removed', 'removed']);
  expect(await statusOf([...queued, ...held, ...clean, ...farOff])).toEqual(Array(5).fill('published'));
  expect((await noticesOf([...blocked, ...queued, ...held, ...clean, ...farOff, removed], 'video_taken_down_copyright')).map((n) => n.request_id).sort())
    .toEqual(blocked.map((u) => u.requestId).sort());
  expect((await noticesOf([...blocked, ...queued, ...held, ...clean, ...farOff, removed], 'video_under_copyright_review')).map((n) => n.request_id))
    .toEqual(queued.map((u) => u.requestId));
  // A video made before the bank existed is no strike; one made after it is.
  const strikes = await ctx.db.selectFrom('creator_strikes').select('request_id').where('request_id', 'in', blocked.map((u) => u.requestId)).execute();
  expect(strikes.map((s) => s.request_id)).toEqual([blocked[1]!.requestId]);

  const row = await ctx.db.selectFrom('copyright_rescans').selectAll().where('id', '=', rescanId).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ state: 'completed', trigger_kind: 'bank', bank_id: blocking.bankId, matched: 4, taken_down: 2, queued: 1, held: 1, scanned: progress.total });
  expect(row.finished_at).not.toBeNull();
  const matches = await ctx.db.selectFrom('copyright_matches').select(['video_id', 'action', 'source']).where('rescan_id', '=', rescanId).execute();
  expect(matches.map((m) => `${m.video_id}:${m.action}`).sort()).toEqual([
    `${blocked[0]!.videoId}:taken_down`, `${blocked[1]!.videoId}:taken_down`, `${queued[0]!.videoId}:queued`, `${held[0]!.videoId}:held`,
  ].sort());
  const audit = await ctx.db.selectFrom('audit_log').select(['subject_id', 'actor_label']).where('action', '=', 'video.takedown.copyright')
    .where('subject_id', 'in', blocked.map((u) => u.videoId)).execute();
  expect(audit.map((a) => a.subject_id).sort()).toEqual(blocked.map((u) => u.videoId).sort());
  expect(audit.every((a) => a.actor_label.includes(rescanId))).toBe(true);

  // The queued video waits in the copyright queue; a legal reviewer's rejection takes it down.
  const item = await waitFor(
    () => ctx.db.selectFrom('review_items').selectAll().where('request_id', '=', queued[0]!.requestId).where('kind', '=', 'copyright_match').executeTakeFirst(),
    (found) => found !== undefined,
  );
  expect(item).toMatchObject({ queue_id: 'copyright_review', state: 'open' });
  expect(item!.flag_reasons.join(' ')).toContain('Rescan test character');
  const legal = await createStaff(ctx.db, 'legal');
  await decideReviewItem(ctx, copyrightMatchReviewWorkflowId(queued[0]!.requestId), {
    itemId: item!.id, decision: 'reject', reason: 'Copyright: the holder does not license this use', note: null, reviewerId: legal.id, expectedVersion: item!.version,
  });
  const outcome = await ctx.temporal.workflow.getHandle(copyrightMatchReviewWorkflowId(queued[0]!.requestId)).result();
  expect(outcome).toBe('taken_down');
  expect(await statusOf(queued)).toEqual(['removed']);
  expect(await noticesOf(queued, 'video_taken_down_copyright')).toHaveLength(1);

  // Both workflows replay their own histories (the rescan's with a child start, the review's with its decision).
  for (const workflowId of [copyrightRescanWorkflowId(rescanId), copyrightMatchReviewWorkflowId(queued[0]!.requestId)]) {
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, workflowId)).resolves.toBeUndefined();
  }

  // A second rescan of the same banks: the taken-down videos are not walked, the held one is held again, nobody is told twice.
  const second = await runRescan([blocking.bankId, reviewing.bankId]);
  expect(second.progress).toMatchObject({ state: 'completed', matched: 1, takenDown: 0, queued: 0, held: 1 });
  expect(await noticesOf([...blocked, ...queued], 'video_taken_down_copyright')).toHaveLength(3);
  expect(await noticesOf(queued, 'video_under_copyright_review')).toHaveLength(1);
}, 180_000);

it('a retried batch answers the recorded outcomes and takes down, records and notifies nothing twice', async () => {
  const bank = await bankWith(ctx.db, { rule: 'block', hashes: 1 });
  const reviewBank = await bankWith(ctx.db, { rule: 'review', hashes: 1 });
  const target = await publishedWith([near(bank.hashes[0]!, 4)]);
  const queued = await publishedWith([near(reviewBank.hashes[0]!, 4)]);
  const activities = copyrightRescanActivities({ db: ctx.db, media: ctx.media });
  const rescanId = randomUUID();
  const bankIds = [bank.bankId, reviewBank.bankId];
  await activities.recordCopyrightRescan({ rescanId, trigger: { kind: 'bank', bankId: bank.bankId }, bankIds, startedBy: null, batchSize: 1000 });

  const first = await activities.rescanCopyrightBatch({ rescanId, bankIds, after: null, limit: 1000 });
  // The same batch again, as Temporal retries an activity whose first attempt committed but timed out.
  const retried = await activities.rescanCopyrightBatch({ rescanId, bankIds, after: null, limit: 1000 });
  expect(first.counts).toMatchObject({ matched: 2, takenDown: 1, queued: 1, held: 0 });
  // The taken-down video is no longer published: the retry's page is one shorter, and the queued video answers its recorded outcome.
  expect(retried.scanned).toBe(first.scanned - 1);
  expect(retried.counts).toMatchObject({ matched: 1, takenDown: 0, queued: 1 });
  expect(retried.queued.map((q) => q.videoId)).toEqual([queued.videoId]);
  expect(await noticesOf([target], 'video_taken_down_copyright')).toHaveLength(1);
  expect(await noticesOf([queued], 'video_under_copyright_review')).toHaveLength(1);
  const matches = await ctx.db.selectFrom('copyright_matches').select('id').where('rescan_id', '=', rescanId).execute();
  expect(matches).toHaveLength(2);
  const audit = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'video.takedown.copyright').where('subject_id', '=', target.videoId).execute();
  expect(audit).toHaveLength(1);
}, 120_000);

it('pause holds the rescan after the batch in flight, resume finishes it; small batches continue as new', async () => {
  const bank = await bankWith(ctx.db, { rule: 'block', hashes: 1 });
  const matching = [await publishedWith([near(bank.hashes[0]!, 6)]), await publishedWith([near(bank.hashes[0]!, 9)])];
  for (let i = 0; i < 4; i++) await publishedWith(randomFrames(1));

  const { rescanId } = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId: bank.bankId }, bankIds: [bank.bankId], startedBy: null, batchSize: 2, batchesPerRun: 2 });
  await signalCopyrightRescan(ctx, rescanId, 'pause', null);
  const paused = await waitFor(
    () => ctx.db.selectFrom('copyright_rescans').selectAll().where('id', '=', rescanId).executeTakeFirst(),
    (row) => row?.state === 'paused',
  );
  expect(paused!.paused_at).not.toBeNull();
  // Still paused a moment later: no batch runs while paused.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const still = await ctx.db.selectFrom('copyright_rescans').select(['state', 'scanned']).where('id', '=', rescanId).executeTakeFirstOrThrow();
  expect(still).toEqual({ state: 'paused', scanned: paused!.scanned });
  expect(still.scanned).toBeLessThan(paused!.total);

  await signalCopyrightRescan(ctx, rescanId, 'resume', null);
  const progress = (await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result()) as CopyrightRescanProgress;
  expect(progress).toMatchObject({ state: 'completed', takenDown: 2, matched: 2 });
  expect(progress.scanned).toBe(progress.total);
  expect(await statusOf(matching)).toEqual(['removed', 'removed']);
  const row = await ctx.db.selectFrom('copyright_rescans').selectAll().where('id', '=', rescanId).executeTakeFirstOrThrow();
  expect(row.paused_at).toBeNull();
  expect(row.paused_seconds).toBeGreaterThan(1);

  // The last run (paused, resumed, continued as new) replays its own history.
  const history = await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, copyrightRescanWorkflowId(rescanId))).resolves.toBeUndefined();

  // At least 6 published videos in batches of 2, 2 batches per run: the rescan ran as more than one execution.
  const runs: string[] = [];
  for await (const execution of ctx.temporal.workflow.list({ query: `WorkflowId = '${copyrightRescanWorkflowId(rescanId)}'` })) runs.push(execution.runId);
  expect(runs.length).toBeGreaterThanOrEqual(2);
}, 180_000);

it('cancel stops a paused rescan where it is; what was done stays done', async () => {
  const bank = await bankWith(ctx.db, { rule: 'block', hashes: 1 });
  await publishedWith([near(bank.hashes[0]!, 3)]);
  const { rescanId } = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId: bank.bankId }, bankIds: [bank.bankId], startedBy: null, batchSize: 1 });
  await signalCopyrightRescan(ctx, rescanId, 'pause', null);
  await waitFor(() => ctx.db.selectFrom('copyright_rescans').select('state').where('id', '=', rescanId).executeTakeFirst(), (row) => row?.state === 'paused');
  await signalCopyrightRescan(ctx, rescanId, 'cancel', null);
  const progress = (await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result()) as CopyrightRescanProgress;
  expect(progress.state).toBe('cancelled');
  const row = await ctx.db.selectFrom('copyright_rescans').selectAll().where('id', '=', rescanId).executeTakeFirstOrThrow();
  expect(row.state).toBe('cancelled');
  expect(row.finished_at).not.toBeNull();
  expect(row.scanned).toBeLessThan(row.total);
}, 120_000);

it('fingerprints a published video that has no stored hashes from its file, and matches it (Meta\'s sample clips)', async () => {
  // Meta's ThreatExchange sample clips (BSD; /work/shared/testdata/pdq/README.md): a grey-barred copy of
  // the chair clip is the reference media, the original chair clip and an unrelated doorknob clip are published.
  const clips = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos');
  const reference = await fingerprintVideo(path.join(clips, 'chair-22-sd-grey-bar.mp4'));
  const bankId = await createHashBank(ctx.db, {
    name: `rescan chair ${randomUUID().slice(0, 8)}`, kind: 'positive', owner: 'Chair Studio', entityId: null, rule: 'block', cutoff: 31, source: 'reference_media', claimId: randomUUID(),
  });
  await addBankHashes(ctx.db, bankId, reference.frames.filter((frame) => frame.quality >= 50).map((frame) => ({ hash: frame.hash, frameIndex: frame.frameIndex, region: frame.region })));

  const publish = async (clip: string) => {
    const creator = await createCreator(ctx.db);
    const use = await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'published' });
    await ctx.media.putFile(`videos/${sha256Hex(use.videoId)}.mp4`, path.join(clips, clip));
    return use;
  };
  const chair = await publish('chair-orig-22-sd-bar.mp4');
  const doorknob = await publish('doorknob-hd-no-bar.mp4');
  expect(await countVideoFingerprint(ctx.db, chair.videoId)).toBe(0);

  const { progress } = await runRescan([bankId], { batchSize: 50 });
  expect(progress).toMatchObject({ state: 'completed', takenDown: 1, matched: 1 });
  expect(await statusOf([chair, doorknob])).toEqual(['removed', 'published']);
  // Both were fingerprinted on the way and their hashes kept for the next rescan.
  expect(await countVideoFingerprint(ctx.db, chair.videoId)).toBeGreaterThan(0);
  expect(await countVideoFingerprint(ctx.db, doorknob.videoId)).toBeGreaterThan(0);
}, 180_000);
