/**
 * What every fault test of issue 16 asks of its requests afterwards: each finished exactly once
 * (published: one video row, one signed file, one notification of each kind) or failed with a stated
 * reason, and nothing is left behind in the media store (no file without its row, no half-written
 * file) or in the workers' scratch space.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context';
import { submitRequest } from '../../app/services/submit-request.server';
import type { PipelineOutcome } from '../../contracts';
import type { Database, RequestStatus } from '../../db/schema';
import { filesUnder } from './private-stack';

/** A file db/atomic-file.ts was still writing (staged beside its target, renamed when complete). */
const STAGING = /^\..*\.[0-9a-f]{12}\.partial$/;

/** Prompts the screening allows outright (no review), so a request's path depends only on the fault. */
const CLEAN_PROMPTS = [
  'A paper lantern drifting over a calm lake at dusk',
  'Origami cranes taking flight from an open book',
  'A slow pan across a field of sunflowers in the wind',
  'Rain drops sliding down a window with city lights behind',
  'A wooden sailboat on a quiet bay at sunrise',
  'Steam rising from a cup of tea beside a stack of books',
] as const;

/**
 * Submits `count` two-second requests from one new creator, each with its own prompt and seed, as
 * the app does (submitRequest), and answers their request ids.
 */
export async function submitBatch(ctx: AppContext, count: number): Promise<string[]> {
  const handle = `fault-${randomUUID().slice(0, 8)}`;
  const creator = await ctx.db.insertInto('creators').values({ handle, display_name: handle, age_band: 'adult' }).returning('id').executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { requestId } = await submitRequest(ctx, {
      creatorId: creator.id,
      prompt: CLEAN_PROMPTS[index % CLEAN_PROMPTS.length]!,
      durationSeconds: 2,
      seed: 1000 + index,
    });
    ids.push(requestId);
  }
  return ids;
}

/**
 * Resolves once `check` answers true, asking every 200 ms; errors (a database that is down) count
 * as "not yet". Throws `what` with the last error after `timeoutMs`.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}.`);
}

/** Whether any of `requestIds` has reached one of `statuses` in its request row. */
export async function anyReached(db: Kysely<Database>, requestIds: string[], statuses: RequestStatus[]): Promise<boolean> {
  const rows = await db.selectFrom('generation_requests').select('status').where('id', 'in', requestIds).execute();
  return rows.some((row) => statuses.includes(row.status));
}

/** Each request's workflow outcome, waited for (the workflows run on after the fault). */
export async function outcomesOf(temporal: Client, requestIds: string[]): Promise<Map<string, PipelineOutcome>> {
  const outcomes = await Promise.all(requestIds.map(async (id) => [id, (await temporal.workflow.getHandle(id).result()) as PipelineOutcome] as const));
  return new Map(outcomes);
}

export interface ExactlyOnceReport {
  published: number;
  failed: { requestId: string; reason: string }[];
  /** Media files under videos/, for messages. */
  videoFiles: string[];
  /** Hidden staged files a killed writer left in the media store (at most `killedWrites`). */
  staged: string[];
}

/**
 * Asserts, with vitest's expect, that each of `requestIds` finished exactly once or failed with a
 * stated reason, on a stack whose media folder `mediaDir` and scratch folder `workDir` hold only
 * these requests' files:
 * - published: its row says published, exactly one video row (published), exactly one notification
 *   of each kind (video_published);
 * - failed: its row says failed with the outcome's reason, a sentence;
 * - videos/ holds exactly the video rows' files, raw/ one rendered clip per request at most, at most
 *   `killedWrites` hidden staged (half-written) files are left, and no request left scratch files
 *   in `workDir`.
 */
export async function expectExactlyOnce(
  db: Kysely<Database>,
  outcomes: Map<string, PipelineOutcome>,
  folders: {
    mediaDir: string;
    workDir: string;
    /** Store writes a killed worker may have had in flight (its activity concurrency); default 0. */
    killedWrites?: number;
  },
): Promise<ExactlyOnceReport> {
  const requestIds = [...outcomes.keys()];
  const failed: ExactlyOnceReport['failed'] = [];
  for (const [requestId, outcome] of outcomes) {
    const request = await db.selectFrom('generation_requests').select(['status', 'status_reason']).where('id', '=', requestId).executeTakeFirstOrThrow();
    const videos = await db.selectFrom('videos').select(['id', 'status']).where('request_id', '=', requestId).execute();
    const notices = await db.selectFrom('notifications').select('kind').where('request_id', '=', requestId).execute();
    if (outcome.status === 'published') {
      expect(request.status, requestId).toBe('published');
      expect(videos.map((video) => video.status), requestId).toEqual(['published']);
      expect(notices.map((notice) => notice.kind).sort(), requestId).toEqual(['video_published']);
    } else {
      expect(outcome.status, `${requestId}: ${outcome.reason}`).toBe('failed');
      expect(outcome.reason, requestId).toMatch(/\w+ \w+/);
      expect(request).toEqual({ status: 'failed', status_reason: outcome.reason });
      failed.push({ requestId, reason: outcome.reason ?? '' });
    }
  }

  const media = await filesUnder(folders.mediaDir);
  const rows = await db.selectFrom('videos').select('storage_key').where('request_id', 'in', requestIds).execute();
  const videoFiles = media.filter((file) => file.startsWith(`videos${path.sep}`));
  expect(videoFiles.sort()).toEqual(rows.map((row) => row.storage_key).sort());
  // A render is deterministic (same prompt and seed: same bytes), so a retried one stores no second file.
  const raw = media.filter((file) => file.startsWith(`raw${path.sep}`));
  expect(raw.length).toBeGreaterThanOrEqual(rows.length);
  expect(raw.length).toBeLessThanOrEqual(requestIds.length);
  // A writer killed mid-copy leaves its hidden staged file: never under a final name, never served,
  // but not cleaned up either (db/atomic-file.ts stages beside the target; nobody sweeps them yet).
  const staged = media.filter((file) => STAGING.test(path.basename(file)));
  expect(staged.length, `staged files left: ${staged.join(', ')}`).toBeLessThanOrEqual(folders.killedWrites ?? 0);
  expect(await filesUnder(folders.workDir)).toEqual([]);
  return { published: outcomes.size - failed.length, failed, videoFiles, staged };
}

/**
 * The activities of `requestIds`' workflows that started more than one attempt (by activity type,
 * once per workflow): the proof that a fault was really met and retried, read from the histories.
 */
export async function retriedActivities(temporal: Client, requestIds: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const id of requestIds) {
    const events = (await temporal.workflow.getHandle(id).fetchHistory()).events ?? [];
    const scheduled = new Map(
      events.filter((event) => event.activityTaskScheduledEventAttributes).map((event) => [String(event.eventId), event.activityTaskScheduledEventAttributes!.activityType?.name ?? '']),
    );
    const retried = new Set(
      events
        .map((event) => event.activityTaskStartedEventAttributes)
        .filter((started) => started && (started.attempt ?? 1) > 1)
        .map((started) => scheduled.get(String(started!.scheduledEventId)) ?? ''),
    );
    names.push(...retried);
  }
  return names.sort();
}
