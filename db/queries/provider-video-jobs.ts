/**
 * Issue 15: a request's job at a video provider (migration 025), and the webhook deliveries the
 * console accepted. Invariant: one job per request (the primary key), and its provider job id is
 * written the moment the provider answers the create call, before anything waits, so whoever
 * continues (a retried activity, another worker) finds the job instead of creating a second one.
 * The generation activities write the job rows (single writer); the console reads them (request
 * page, dashboard, webhook lookup) and writes only its own record of webhook deliveries.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ProviderVideoJobStatus } from '../schema';

type Db = Kysely<Database>;

/** The request's provider job, or null when it has none (yet). */
export async function findProviderJob(db: Db, requestId: string) {
  return (await db.selectFrom('provider_video_jobs').selectAll().where('request_id', '=', requestId).executeTakeFirst()) ?? null;
}

/** Opens the request's job row before the create call (status 'creating'); a row already there is kept. */
export async function openProviderJob(db: Db, row: { requestId: string; provider: string; model: string; idempotencyKey: string; seconds: string; size: string; remixOfProviderJobId: string | null }): Promise<void> {
  await db
    .insertInto('provider_video_jobs')
    .values({
      request_id: row.requestId, provider: row.provider, model: row.model, idempotency_key: row.idempotencyKey,
      seconds: row.seconds, size: row.size, remix_of_provider_job_id: row.remixOfProviderJobId,
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute();
}

/** Records what the provider said about the job: its id (once known), status, progress, model and error. */
export async function recordProviderJobState(
  db: Db,
  requestId: string,
  state: { jobId: string; status: ProviderVideoJobStatus; progress: number; model?: string; error?: { code: string; message: string } | null },
): Promise<void> {
  await db
    .updateTable('provider_video_jobs')
    .set({
      provider_job_id: state.jobId,
      status: state.status,
      progress: state.progress,
      ...(state.model ? { model: state.model } : {}),
      ...(state.error ? { error_code: state.error.code, error_message: state.error.message } : {}),
      updated_at: new Date(),
    })
    .where('request_id', '=', requestId)
    .execute();
}

/** Records the collected clip: its cost (US dollars), the thumbnail's media key, completion time. */
export async function recordProviderJobCollected(db: Db, requestId: string, collected: { costUsd: number; thumbnailKey: string | null }): Promise<void> {
  await db
    .updateTable('provider_video_jobs')
    .set({ status: 'completed', progress: 100, cost_usd: collected.costUsd, thumbnail_key: collected.thumbnailKey, completed_at: sql<Date>`coalesce(completed_at, now())`, updated_at: new Date() })
    .where('request_id', '=', requestId)
    .execute();
}

/** Records that Loupe gave up on the job (timed out, or the request was cancelled). */
export async function recordProviderJobAbandoned(db: Db, requestId: string, status: 'timed_out' | 'cancelled', message: string): Promise<void> {
  await db
    .updateTable('provider_video_jobs')
    .set({ status, error_code: status, error_message: message, updated_at: new Date() })
    .where('request_id', '=', requestId)
    .execute();
}

/**
 * The provider job behind a published video's clip, when `provider` made it and it completed: what a
 * remix of that video is made from (`POST /videos/{id}/remix`). Null otherwise.
 */
export async function completedProviderJobOfVideo(db: Db, videoId: string, provider: string): Promise<{ providerJobId: string } | null> {
  const row = await db
    .selectFrom('videos')
    .innerJoin('provider_video_jobs', 'provider_video_jobs.request_id', 'videos.request_id')
    .select('provider_video_jobs.provider_job_id')
    .where('videos.id', '=', videoId)
    .where('provider_video_jobs.provider', '=', provider)
    .where('provider_video_jobs.status', '=', 'completed')
    .executeTakeFirst();
  return row?.provider_job_id ? { providerJobId: row.provider_job_id } : null;
}

/** The request whose job the provider calls `providerJobId`, or null when Loupe knows no such job. */
export async function requestOfProviderJob(db: Db, providerJobId: string): Promise<string | null> {
  const row = await db.selectFrom('provider_video_jobs').select('request_id').where('provider_job_id', '=', providerJobId).executeTakeFirst();
  return row?.request_id ?? null;
}

/**
 * Records a webhook delivery by its `webhook-id`. True when it is new; false when that id was
 * accepted before (a replay or a redelivery), which must not be acted on again.
 */
export async function recordWebhookDelivery(db: Db, delivery: { webhookId: string; providerJobId: string; eventType: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('provider_webhook_deliveries')
    .values({ webhook_id: delivery.webhookId, provider_job_id: delivery.providerJobId, event_type: delivery.eventType })
    .onConflict((oc) => oc.column('webhook_id').doNothing())
    .returning('webhook_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * What provider jobs completed in the last `days` days cost, per provider: jobs, billed seconds and
 * US dollars (a decimal string, as PostgreSQL sums NUMERIC exactly).
 */
export async function providerCostSummary(db: Db, days: number): Promise<{ provider: string; jobs: number; seconds: number; costUsd: string }[]> {
  const rows = await db
    .selectFrom('provider_video_jobs')
    .select((eb) => [
      'provider',
      eb.fn.countAll<string>().as('jobs'),
      sql<string>`coalesce(sum(seconds::integer), 0)`.as('seconds'),
      sql<string>`coalesce(sum(cost_usd), 0)::numeric(14,4)::text`.as('cost_usd'),
    ])
    .where('status', '=', 'completed')
    .where('completed_at', '>=', sql<Date>`now() - make_interval(days => ${days})`)
    .groupBy('provider')
    .orderBy('provider')
    .execute();
  return rows.map((row) => ({ provider: row.provider, jobs: Number(row.jobs), seconds: Number(row.seconds), costUsd: row.cost_usd }));
}
