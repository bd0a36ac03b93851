/**
 * Likeness takedowns through Temporal and PostgreSQL: a withdrawn grant takes down exactly the uses
 * that relied on it (the grantee's draft and published video, remixes of them carrying the cameo,
 * transitively), and nothing else; each creator hears once; running it again changes nothing; a
 * deleted cameo takes down the owner's own uses too; and the workflow replays its own history.
 * test/workflows/histories/likeness-takedown.json is a recorded history that replay.test.ts replays
 * with the others; re-record it only on purpose:
 * LOUPE_RECORD_HISTORIES=1 npx vitest run --project integration test/workflows/likeness-takedown.test.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { likenessTakedownWorkflowId, type LikenessTakedownProgress } from '../../contracts';
import { startLikenessTakedown } from '../../app/services/workflow-client.server';
import type { Database } from '../../db/schema';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';
import { seedUse, type SeededUse } from '../support/likeness-uses';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

async function statusOf(db: Kysely<Database>, uses: SeededUse[]) {
  const rows = await db.selectFrom('videos').select(['id', 'status']).where('id', 'in', uses.map((use) => use.videoId)).execute();
  return Object.fromEntries(rows.map((row) => [row.id, row.status]));
}

async function consentNotices(db: Kysely<Database>, uses: SeededUse[]) {
  return db
    .selectFrom('notifications')
    .select(['recipient_id', 'request_id'])
    .where('kind', '=', 'video_taken_down_consent')
    .where('request_id', 'in', uses.map((use) => use.requestId))
    .execute();
}

async function runTakedown(input: Parameters<typeof startLikenessTakedown>[1]): Promise<{ takedownId: string; progress: LikenessTakedownProgress }> {
  const { takedownId } = await startLikenessTakedown(ctx, input);
  const progress = (await ctx.temporal.workflow.getHandle(likenessTakedownWorkflowId(takedownId)).result()) as LikenessTakedownProgress;
  return { takedownId, progress };
}

it('a withdrawn grant takes down the grantee\'s uses and their remixes, leaves every other use alone, and notifies once', async () => {
  const [owner, grantee, other, remixer, remixer2, stranger] = await Promise.all(Array.from({ length: 6 }, () => createCreator(ctx.db)));
  const cameo = await createCameo(ctx.db, owner!.id, 'approved', [grantee!.id, other!.id]);
  const use = (creatorId: string, status: 'draft' | 'published' | 'removed', remixOf?: SeededUse, cameoId: string | null = cameo.id) =>
    seedUse(ctx.db, { creatorId, cameoId, status, remixOf });

  const granteeDraft = await use(grantee!.id, 'draft');
  const granteePublished = await use(grantee!.id, 'published');
  const remix = await use(remixer!.id, 'published', granteePublished);
  const remixOfRemix = await use(remixer2!.id, 'draft', remix);
  const granteeRemovedEarlier = await use(grantee!.id, 'removed');
  const remixOfRemoved = await use(remixer!.id, 'published', granteeRemovedEarlier);
  const affected = [granteeDraft, granteePublished, remix, remixOfRemix, remixOfRemoved];

  const otherGrantees = await use(other!.id, 'published');
  const ownersOwn = await use(owner!.id, 'published');
  const ownersRemix = await use(owner!.id, 'published', granteePublished);
  const remixWithoutCameo = await use(stranger!.id, 'published', granteePublished, null);
  const granteeWithoutCameo = await use(grantee!.id, 'published', undefined, null);
  const untouched = [otherGrantees, ownersOwn, ownersRemix, remixWithoutCameo, granteeWithoutCameo];

  const input = {
    trigger: 'grant_withdrawn' as const, cameoId: cameo.id, subjectCreatorId: grantee!.id, videoId: null, ledgerVersion: 3,
    requestedBy: { kind: 'creator' as const, id: owner!.id }, reason: 'the owner withdrew this creator\'s grant',
    // Pages of two, two pages per run: the takedown continues as new at least once.
    pageSize: 2, pagesPerRun: 2,
  };
  const { takedownId, progress } = await runTakedown(input);

  expect(progress).toEqual({ state: 'done', found: 5, takenDown: 5, alreadyDown: 0, failed: 0 });
  expect(Object.values(await statusOf(ctx.db, affected))).toEqual(Array(5).fill('removed'));
  expect(Object.values(await statusOf(ctx.db, untouched))).toEqual(Array(5).fill('published'));
  expect((await statusOf(ctx.db, [granteeRemovedEarlier]))[granteeRemovedEarlier.videoId]).toBe('removed');

  const notices = await consentNotices(ctx.db, [...affected, ...untouched, granteeRemovedEarlier]);
  expect(notices.map((n) => `${n.recipient_id}:${n.request_id}`).sort())
    .toEqual(affected.map((u) => `${u.creatorId}:${u.requestId}`).sort());
  // Consent ending is not the creators' fault: no strikes.
  const strikes = await ctx.db.selectFrom('creator_strikes').select('request_id').where('request_id', 'in', affected.map((u) => u.requestId)).execute();
  expect(strikes).toEqual([]);

  const row = await ctx.db.selectFrom('likeness_takedowns').selectAll().where('id', '=', takedownId).executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    trigger: 'grant_withdrawn', cameo_id: cameo.id, subject_creator_id: grantee!.id, ledger_version: 3,
    requested_by_kind: 'creator', requested_by_id: owner!.id, state: 'done', found: 5, taken_down: 5, already_down: 0, failed: 0,
  });
  expect(row.finished_at).not.toBeNull();
  const audit = await ctx.db.selectFrom('audit_log').select(['subject_id', 'actor_label', 'actor_staff_id'])
    .where('action', '=', 'video.takedown.likeness').where('subject_id', 'in', affected.map((u) => u.videoId)).execute();
  expect(audit.map((a) => a.subject_id).sort()).toEqual(affected.map((u) => u.videoId).sort());
  expect(audit.every((a) => a.actor_staff_id === null && a.actor_label.includes(owner!.id))).toBe(true);

  // The same takedown started again: Temporal refuses the completed id, and nothing changes.
  const again = await startLikenessTakedown(ctx, { ...input, takedownId });
  expect(again.takedownId).toBe(takedownId);
  // A new takedown for the same withdrawal finds every use already removed: nothing to do, nobody told twice.
  const second = await runTakedown(input);
  expect(second.progress).toEqual({ state: 'done', found: 0, takenDown: 0, alreadyDown: 0, failed: 0 });
  expect(await consentNotices(ctx.db, affected)).toHaveLength(5);
  const items = await ctx.db.selectFrom('likeness_takedown_items').select('video_id').where('takedown_id', '=', takedownId).execute();
  expect(items).toHaveLength(5);
}, 120_000);

it('a deleted cameo takes down every use, the owner\'s own included; a removed video takes down that video and its remixes', async () => {
  const [owner, fan, remixer] = await Promise.all(Array.from({ length: 3 }, () => createCreator(ctx.db)));
  const cameo = await createCameo(ctx.db, owner!.id, 'everyone');
  const ownersOwn = await seedUse(ctx.db, { creatorId: owner!.id, cameoId: cameo.id, status: 'published' });
  const fans = await seedUse(ctx.db, { creatorId: fan!.id, cameoId: cameo.id, status: 'draft' });
  const fansRemix = await seedUse(ctx.db, { creatorId: remixer!.id, cameoId: cameo.id, status: 'published', remixOf: fans });
  const otherCameo = await createCameo(ctx.db, owner!.id, 'everyone');
  const otherUse = await seedUse(ctx.db, { creatorId: fan!.id, cameoId: otherCameo.id, status: 'published' });
  const otherUseRemix = await seedUse(ctx.db, { creatorId: remixer!.id, cameoId: otherCameo.id, status: 'published', remixOf: otherUse });
  const otherUseSibling = await seedUse(ctx.db, { creatorId: remixer!.id, cameoId: otherCameo.id, status: 'published' });

  const requestedBy = { kind: 'creator' as const, id: owner!.id };
  const deleted = await runTakedown({
    trigger: 'cameo_deleted', cameoId: cameo.id, subjectCreatorId: null, videoId: null, ledgerVersion: null, requestedBy, reason: 'the owner deleted the cameo',
  });
  expect(deleted.progress).toEqual({ state: 'done', found: 3, takenDown: 3, alreadyDown: 0, failed: 0 });
  expect(Object.values(await statusOf(ctx.db, [ownersOwn, fans, fansRemix]))).toEqual(['removed', 'removed', 'removed']);

  const removed = await runTakedown({
    trigger: 'owner_removed_video', cameoId: otherCameo.id, subjectCreatorId: null, videoId: otherUse.videoId, ledgerVersion: null, requestedBy,
    reason: 'the owner removed this video',
  });
  expect(removed.progress).toEqual({ state: 'done', found: 2, takenDown: 2, alreadyDown: 0, failed: 0 });
  const statuses = await statusOf(ctx.db, [otherUse, otherUseRemix, otherUseSibling]);
  expect([statuses[otherUse.videoId], statuses[otherUseRemix.videoId], statuses[otherUseSibling.videoId]]).toEqual(['removed', 'removed', 'published']);
}, 120_000);

it('replays its own history', async () => {
  const [owner, grantee] = await Promise.all([createCreator(ctx.db), createCreator(ctx.db)]);
  const cameo = await createCameo(ctx.db, owner!.id, 'approved', [grantee!.id]);
  const published = await seedUse(ctx.db, { creatorId: grantee!.id, cameoId: cameo.id, status: 'published' });
  await seedUse(ctx.db, { creatorId: grantee!.id, cameoId: cameo.id, status: 'draft', remixOf: published });
  const { takedownId } = await runTakedown({
    trigger: 'person_blocked', cameoId: cameo.id, subjectCreatorId: grantee!.id, videoId: null, ledgerVersion: 4,
    requestedBy: { kind: 'creator', id: owner!.id }, reason: 'the owner blocked this creator',
  });
  const workflowId = likenessTakedownWorkflowId(takedownId);
  const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, workflowId)).resolves.toBeUndefined();

  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('stack').temporalAddress]);
    await fs.writeFile(path.join(import.meta.dirname, 'histories', 'likeness-takedown.json'), json);
  }
}, 120_000);
