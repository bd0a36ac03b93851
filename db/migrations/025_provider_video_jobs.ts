/**
 * Issue 15: a clip made by a video provider (the OpenAI-compatible Videos API) is a job at the
 * provider, paid for once. `provider_video_jobs` holds one job per request: the provider's job id
 * (stored the moment the create call answers, before anything waits, so a restarted worker polls
 * the same job instead of paying for a second one), the idempotency key the create call carried,
 * the job's status and progress (0-100, shown on the request page while it generates), what it
 * was asked for (seconds, size, model, the parent job of a remix), why it failed, and what it cost
 * (billed seconds times the configured price, US dollars). Written only by the generation
 * activities of the request's workflow (single writer).
 *
 * `provider_webhook_deliveries` remembers each webhook delivery the console accepted (its
 * `webhook-id`, Standard Webhooks), so a replayed delivery is recognised and not acted on twice.
 * It is the console's own record of what reached it, not pipeline state.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('provider_video_jobs')
    .addColumn('request_id', 'uuid', (c) => c.primaryKey().references('generation_requests.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    // Null only between the row's insert and the create call's answer.
    .addColumn('provider_job_id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('creating').check(sql`status IN ('creating','queued','in_progress','completed','failed','cancelled','timed_out')`))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress BETWEEN 0 AND 100`))
    .addColumn('seconds', 'text', (c) => c.notNull())
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('remix_of_provider_job_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('cost_usd', sql`numeric(12,4)`)
    // The provider's thumbnail of the finished clip, in the media store (content-addressed).
    .addColumn('thumbnail_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('provider_webhook_deliveries')
    .addColumn('webhook_id', 'text', (c) => c.primaryKey())
    .addColumn('provider_job_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX provider_webhook_deliveries_received_idx ON provider_webhook_deliveries (received_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
