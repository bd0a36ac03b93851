/**
 * Issue 15's remix rules through the app API, the real Temporal dev server, Loupe's workers and
 * PostgreSQL: an owner turns remixing off (refused at submission with the reason, and by the
 * workflow itself when the switch flips after submission or while the remix waits in review) and on
 * again; a remix's inherited cameo decided again for the remixer; a 3-deep chain's lineage on the
 * review screen and the provenance page, over HTTP from the built console.
 *
 * Speed: one clip is made through the whole pipeline before all; the videos remixed are rows written
 * as publishVideo leaves them (seedPublished), sharing that clip's file, so each test runs the
 * pipeline only for the remix it is about.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { blockPerson, createCameo } from '../../app/services/cameos.server';
import { startClipPipeline } from '../../app/services/workflow-client.server';
import type { PipelineOutcome } from '../../contracts';
import { loadToolEnv } from '../../config/env';
import { sha256Hex } from '../../policies/content-hash';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { callApi, createTestAppClient } from '../support/app-api';
import {
  callerAs, connectTestContext, createCreator, createStaff, openItemFor, scheduledActivities, submit, TEST_PASSWORD, waitForStatus, type TestContext,
} from '../support/fixtures';
import { startTestServer } from '../support/http';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';
const TURNED_OFF = 'The owner of this video has turned remixing off, so it cannot be remixed; pick another video or make an original.';

let ctx: TestContext;
let key: string;
let reviewer: Awaited<ReturnType<typeof createStaff>>;
/** A clip made through the pipeline: the file every seeded video shares. */
let base: { videoId: string };
beforeAll(async () => {
  ctx = await connectTestContext();
  key = (await createTestAppClient(ctx)).key;
  reviewer = await createStaff(ctx.db, 'reviewer');
  base = { videoId: await publish((await createCreator(ctx.db)).id, 'A paper lantern rising over a quiet harbour at night') };
});
afterAll(async () => ctx.close());

/** Runs whose histories the last test replays (and records, with LOUPE_RECORD_HISTORIES=1). */
const replayed: Record<string, string> = {};

/** Waits for the end, approving a prompt or clip review on the way. */
async function finish(requestId: string): Promise<PipelineOutcome> {
  for (;;) {
    const row = await waitForStatus(ctx.db, requestId, ['prompt_review', 'clip_review', 'published', 'blocked', 'rejected', 'failed']);
    if (row.status !== 'prompt_review' && row.status !== 'clip_review') break;
    const item = await openItemFor(ctx.db, requestId, row.status === 'prompt_review' ? 'prompt' : 'clip');
    await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
    await waitForStatus(ctx.db, requestId, row.status === 'prompt_review'
      ? ['generating', 'moderating', 'signing', 'clip_review', 'published', 'blocked', 'rejected', 'failed']
      : ['published', 'blocked', 'rejected', 'failed']);
  }
  return ctx.temporal.workflow.getHandle(requestId).result();
}

/** A published video by `creatorId` (a remix of `remixOfVideoId` when given); its video id. */
async function publish(creatorId: string, prompt: string, options: { cameoIds?: string[]; remixOfVideoId?: string } = {}): Promise<string> {
  const { requestId } = await submit(ctx, { creatorId, prompt, durationSeconds: 2, ...options });
  const outcome = await finish(requestId);
  expect(outcome).toMatchObject({ status: 'published' });
  return outcome.videoId!;
}

/**
 * A published video by `creatorId` written as the pipeline leaves one (request, its cameos, the
 * video row) without running it: the base clip's file, signed manifest and facts. Its video id.
 */
async function seedPublished(creatorId: string, prompt: string, options: { cameoIds?: string[]; remixOfVideoId?: string } = {}): Promise<string> {
  const file = await ctx.db.selectFrom('videos').selectAll().where('id', '=', base.videoId).executeTakeFirstOrThrow();
  const requestId = randomUUID();
  const videoId = randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id: requestId, creator_id: creatorId, prompt, prompt_sha256: sha256Hex(prompt), duration_seconds: file.duration_seconds, width: file.width,
    height: file.height, seed: 1, remix_of_video_id: options.remixOfVideoId ?? null, status: 'published',
  }).execute();
  for (const cameoId of options.cameoIds ?? []) await ctx.db.insertInto('request_cameos').values({ request_id: requestId, cameo_id: cameoId }).execute();
  await ctx.db.insertInto('videos').values({
    id: videoId, request_id: requestId, creator_id: creatorId, storage_key: file.storage_key, sha256: file.sha256, byte_size: file.byte_size,
    duration_seconds: file.duration_seconds, width: file.width, height: file.height, generator: JSON.stringify(file.generator),
    remix_of_video_id: options.remixOfVideoId ?? null, manifest: JSON.stringify(file.manifest), validation_state: file.validation_state,
    status: 'published', published_at: new Date(),
  }).execute();
  return videoId;
}

const setRemix = (creatorId: string, videoId: string, remixAllowed: boolean) =>
  callApi(ctx, 'PUT', `/videos/${videoId}/remix-setting`, { key, creatorId, body: { remixAllowed } });

describe('remix disabled', () => {
  it('is refused through the API with the reason, and allowed again once the owner turns it back on', async () => {
    const owner = await createCreator(ctx.db);
    const remixer = await createCreator(ctx.db);
    const parentId = await seedPublished(owner.id, 'A paper lantern rising over a quiet harbour at night');

    // Only the video's creator may flip the switch; to anyone else it does not exist.
    expect(await setRemix(remixer.id, parentId, false)).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    const off = await setRemix(owner.id, parentId, false);
    expect(off).toMatchObject({ status: 200, json: { videoId: parentId, remixAllowed: false, changedAt: expect.any(String) } });
    const mine = await callApi(ctx, 'GET', '/requests?limit=5', { key, creatorId: owner.id });
    expect(mine.json.requests).toEqual([expect.objectContaining({ video: { videoId: parentId, status: 'published', remixAllowed: false } })]);

    const body = { prompt: 'The lantern drifting out over the open sea', durationSeconds: 2, remixOfVideoId: parentId };
    const refused = await callApi(ctx, 'POST', '/requests', { key, creatorId: remixer.id, body });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'forbidden', message: TURNED_OFF } } });
    expect(await ctx.db.selectFrom('generation_requests').select('id').where('creator_id', '=', remixer.id).execute()).toHaveLength(0);

    expect(await setRemix(owner.id, parentId, true)).toMatchObject({ status: 200, json: { remixAllowed: true } });
    const accepted = await callApi(ctx, 'POST', '/requests', { key, creatorId: remixer.id, body });
    expect(accepted.status).toBe(202);
    const outcome = await finish(accepted.json.requestId as string);
    expect(outcome.status).toBe('published');
    const remix = await ctx.db.selectFrom('videos').select('remix_of_video_id').where('id', '=', outcome.videoId!).executeTakeFirstOrThrow();
    expect(remix.remix_of_video_id).toBe(parentId);

    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('subject_id', '=', parentId).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['video.remix_turned_off', 'video.remix_turned_on']);
    expect(audit[0]!.actor_label).toMatch(/^creator @/);
  });

  it('is refused by the workflow itself, before screening, when the switch flipped after the submission was checked', async () => {
    const owner = await createCreator(ctx.db);
    const remixer = await createCreator(ctx.db);
    const parentId = await seedPublished(owner.id, 'A kite over a windy beach at noon');
    await setRemix(owner.id, parentId, false);

    // As another client (or a submission checked a moment before the flip) would start it.
    const requestId = randomUUID();
    await startClipPipeline(ctx, {
      requestId, creatorId: remixer.id, prompt: 'The kite tangled in a palm tree', durationSeconds: 2, width: 360, height: 640, seed: 3,
      cameoIds: [], remixOfVideoId: parentId,
    });
    const outcome = await ctx.temporal.workflow.getHandle(requestId).result();
    replayed['remix-turned-off-at-start'] = requestId;
    expect(outcome).toEqual({ status: 'blocked', reason: TURNED_OFF, videoId: null });
    expect(await ctx.db.selectFrom('generation_requests').select(['status', 'status_reason']).where('id', '=', requestId).executeTakeFirstOrThrow())
      .toEqual({ status: 'blocked', status_reason: TURNED_OFF });
    expect(await ctx.db.selectFrom('prompt_screenings').select('request_id').where('request_id', '=', requestId).execute()).toHaveLength(0);
    expect(await scheduledActivities(ctx.temporal, requestId)).toEqual(['recordRequest', 'checkRemixAllowed', 'finishRequest']);
  });

  it('is refused before generation when the owner turns remixing off while the remix waits in prompt review', async () => {
    const owner = await createCreator(ctx.db);
    const remixer = await createCreator(ctx.db);
    const parentId = await seedPublished(owner.id, 'A lighthouse keeper painting the railings');
    const { requestId } = await submit(ctx, { creatorId: remixer.id, prompt: FLAGGED, durationSeconds: 2, remixOfVideoId: parentId });
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    await setRemix(owner.id, parentId, false);

    const item = await openItemFor(ctx.db, requestId, 'prompt');
    await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'News context', expectedVersion: item.version });
    const outcome = await ctx.temporal.workflow.getHandle(requestId).result();
    replayed['remix-turned-off-in-review'] = requestId;
    expect(outcome).toEqual({ status: 'blocked', reason: TURNED_OFF, videoId: null });
    expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
    const activities = await scheduledActivities(ctx.temporal, requestId);
    expect(activities.filter((name) => name === 'checkRemixAllowed')).toHaveLength(2);
    expect(activities.some((name) => /generate|beginClip/i.test(name))).toBe(false);
  });
});

it('remix of a clip with a cameo re-checked', async () => {
  const owner = await createCreator(ctx.db);
  const maker = await createCreator(ctx.db);
  const blocked = await createCreator(ctx.db);
  const welcome = await createCreator(ctx.db);
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Juno', accessLevel: 'everyone' });
  const parentId = await seedPublished(maker.id, 'Juno juggling oranges in a sunny market', { cameoIds: [cameo.cameoId] });

  // The owner blocks one creator after the parent was made: that creator's remix inherits the cameo
  // and is decided for them, not for the parent's maker.
  await blockPerson(ctx, owner.id, { cameoId: cameo.cameoId, personId: blocked.id });
  const { requestId: refusedId } = await submit(ctx, { creatorId: blocked.id, prompt: 'The juggler dropping every orange', durationSeconds: 2, remixOfVideoId: parentId });
  const refused = await ctx.temporal.workflow.getHandle(refusedId).result();
  expect(refused).toEqual({ status: 'blocked', reason: 'The owner of the cameo "Juno" has blocked this requester from using it.', videoId: null });
  expect(await ctx.db.selectFrom('request_cameos').selectAll().where('request_id', '=', refusedId).execute())
    .toEqual([{ request_id: refusedId, cameo_id: cameo.cameoId, inherited: true }]);
  expect(await ctx.db.selectFrom('consent_checks').select(['outcome', 'allowed']).where('request_id', '=', refusedId).execute())
    .toEqual([{ outcome: 'refused', allowed: false }]);

  // Anyone else still may: the same inherited cameo, allowed for this remixer, and published.
  const { requestId: allowedId } = await submit(ctx, { creatorId: welcome.id, prompt: 'The juggler adding a pineapple', durationSeconds: 2, remixOfVideoId: parentId });
  expect((await finish(allowedId)).status).toBe('published');
  expect(await ctx.db.selectFrom('consent_checks').select(['outcome', 'reason']).where('request_id', '=', allowedId).execute())
    .toEqual([{ outcome: 'allowed', reason: 'The owner of "Juno" lets everyone use it.' }]);
});

it('shows a 3-deep chain to the original on the review screen and the provenance page', async () => {
  const creators = await Promise.all([0, 1, 2, 3].map(() => createCreator(ctx.db)));
  const prompts = ['A snail racing across a mossy log', 'The snail overtaking a beetle', 'The snail crossing a finish line of twigs'];
  const chain: string[] = [];
  for (const [index, prompt] of prompts.entries()) {
    chain.push(await seedPublished(creators[index]!.id, prompt, index > 0 ? { remixOfVideoId: chain[index - 1]! } : {}));
  }
  // The third remix waits in prompt review: its review screen shows the chain before it has a video.
  const { requestId } = await submit(ctx, { creatorId: creators[3]!.id, prompt: FLAGGED, durationSeconds: 2, remixOfVideoId: chain[2]! });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  await setRemix(creators[1]!.id, chain[1]!, false);

  /** The lineage table's rows in page order: video id, depth, and the row's text. */
  const lineageRows = (html: string) => {
    const table = html.match(/<table[^>]*data-testid="lineage"[^>]*>([\s\S]*?)<\/table>/)?.[1] ?? '';
    return [...table.matchAll(/<tr data-video-id="([^"]+)" data-depth="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ id: m[1], depth: Number(m[2]), text: m[3]!.replace(/<[^>]+>/g, '') }));
  };
  const handles = await ctx.db.selectFrom('creators').select(['id', 'handle']).where('id', 'in', creators.map((c) => c.id)).execute();
  const handleOf = (index: number) => handles.find((row) => row.id === creators[index]!.id)!.handle;
  const expectChain = (html: string) => {
    const rows = lineageRows(html);
    expect(rows.map((row) => [row.id, row.depth])).toEqual([[chain[2], 1], [chain[1], 2], [chain[0], 3]]);
    for (const [position, row] of rows.entries()) {
      const index = 2 - position;
      expect(row.text).toContain(`@${handleOf(index)}`);
      expect(row.text).toContain(prompts[index]);
      expect(row.text).toContain('published');
    }
    expect(rows[2]!.text).toContain('the original');
    expect(rows[1]!.text).toContain('turned off by its owner');
    expect(html).toContain(`href="/provenance/${chain[0]}"`);
  };

  const server = await startTestServer(ctx);
  try {
    const login = async (role: 'auditor' | 'reviewer') => {
      const staff = await createStaff(ctx.db, role);
      const response = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }), redirect: 'manual' });
      return response.headers.get('set-cookie')!.split(';')[0]!;
    };
    const review = await fetch(`${server.url}/review/${item.id}`, { headers: { cookie: await login('reviewer') } });
    expect(review.status).toBe(200);
    expectChain(await review.text());

    const outcome = await finish(requestId);
    expect(outcome.status).toBe('published');
    const provenance = await fetch(`${server.url}/provenance/${outcome.videoId}`, { headers: { cookie: await login('auditor') } });
    expect(provenance.status).toBe(200);
    const page = await provenance.text();
    expectChain(page);
    // The remix's manifest names its parent as an ingredient, shown on the same page.
    expect(page).toContain('inputTo');
    expect(page).toContain(chain[2]);
  } finally {
    await server.close();
  }
});

it('replays the histories of remixes refused by the workflow (and records them with LOUPE_RECORD_HISTORIES=1)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['remix-turned-off-at-start', 'remix-turned-off-in-review']);
  for (const [name, requestId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(requestId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  // Committed next to replay.test.ts's histories, which replays every file there on every run.
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, requestId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', requestId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await fs.writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
});
