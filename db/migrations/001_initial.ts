/**
 * The first schema: staff and sessions, creators and cameos, the pipeline's request,
 * screening, consent, video and review rows, notifications, and the append-only audit log.
 *
 * Pipeline tables are written only by activities of the workflow that owns the request
 * (see ARCHITECTURE.md, "Single writer"); the console reads them and commands through Temporal.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pgcrypto`.execute(db);

  await db.schema
    .createTable('staff')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role IN ('admin','policy_manager','senior_reviewer','reviewer','legal','auditor')`),
    )
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('staff_sessions')
    // Only a hash of the cookie's token is stored, so a database dump cannot be replayed as a login.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('creators')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text', (c) => c.notNull().defaultTo('adult').check(sql`age_band IN ('teen','adult')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cameos')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('access_level', 'text', (c) =>
      c.notNull().check(sql`access_level IN ('only_me','approved','everyone')`),
    )
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cameo_grants')
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('grantee_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cameo_grants_pk', ['cameo_id', 'grantee_id'])
    .execute();

  await db.schema
    .createTable('generation_requests')
    // The id is also the Temporal workflow id of the request's clipPipeline.
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('prompt_sha256', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'real', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('remix_of_video_id', 'uuid')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('screening','prompt_review','consent_check','generating','moderating','signing','clip_review','published','blocked','rejected','failed')`),
    )
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('generation_requests_status_idx').on('generation_requests').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('request_cameos')
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addPrimaryKeyConstraint('request_cameos_pk', ['request_id', 'cameo_id'])
    .execute();

  await db.schema
    .createTable('prompt_screenings')
    .addColumn('request_id', 'uuid', (c) => c.primaryKey().references('generation_requests.id'))
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict IN ('allow','review','block')`))
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('consent_checks')
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('allowed', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consent_checks_pk', ['request_id', 'cameo_id'])
    .execute();

  await db.schema
    .createTable('videos')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().unique().references('generation_requests.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'bigint', (c) => c.notNull())
    .addColumn('duration_seconds', 'real', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('generator', 'jsonb', (c) => c.notNull())
    .addColumn('remix_of_video_id', 'uuid', (c) => c.references('videos.id'))
    .addColumn('manifest', 'jsonb')
    .addColumn('validation_state', 'text')
    .addColumn('validation_codes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('moderation', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status IN ('draft','published','removed')`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The public feed reads published videos newest first with a (published_at, id) cursor.
  await sql`CREATE INDEX videos_feed_idx ON videos (published_at DESC, id DESC) WHERE status = 'published'`.execute(db);

  await db.schema
    .createTable('review_queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sla_seconds', 'integer', (c) => c.notNull().check(sql`sla_seconds > 0`))
    .addColumn('escalation_queue_id', 'text', (c) => c.references('review_queues.id'))
    .addColumn('allowed_roles', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('prompt','clip')`))
    .addColumn('queue_id', 'text', (c) => c.notNull().references('review_queues.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('open','approved','rejected','cancelled')`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('flag_reasons', 'jsonb', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('review_items_request_kind_uq', ['request_id', 'kind'])
    .execute();
  await sql`CREATE INDEX review_items_open_idx ON review_items (queue_id, created_at, id) WHERE state = 'open'`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recipient_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('cameo_used','cameo_blocked','request_blocked','request_rejected','video_published','cameo_published')`),
    )
    .addColumn('request_id', 'uuid', (c) => c.references('generation_requests.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    // Idempotency: an activity retried after a crash sends the same notification once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('read_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').columns(['recipient_id', 'created_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_staff_id', 'uuid', (c) => c.references('staff.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // The audit log is append-only at the database level, whatever code talks to it: each row is
  // chained to the previous row's hash (computed here, under a lock, so concurrent writers cannot
  // fork the chain), and UPDATE/DELETE/TRUNCATE are refused.
  await sql`
    CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous text;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('audit_log_chain'));
      SELECT hash INTO previous FROM audit_log ORDER BY id DESC LIMIT 1;
      NEW.prev_hash := coalesce(previous, repeat('0', 64));
      NEW.at := clock_timestamp();
      NEW.hash := encode(digest(
        NEW.prev_hash || '|' || NEW.id::text || '|' || to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
        coalesce(NEW.actor_staff_id::text, '') || '|' || NEW.actor_label || '|' || NEW.action || '|' ||
        NEW.subject_type || '|' || NEW.subject_id || '|' || coalesce(NEW.before::text, '') || '|' || coalesce(NEW.after::text, ''),
        'sha256'), 'hex');
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);

  // Reference data: the review queues every installation starts with (SLAs are editable per queue).
  const reviewers = JSON.stringify(['reviewer', 'senior_reviewer', 'admin']);
  const seniors = JSON.stringify(['senior_reviewer', 'admin']);
  await sql`
    INSERT INTO review_queues (id, name, sla_seconds, escalation_queue_id, allowed_roles) VALUES
      ('senior_review', 'Senior review (escalations)', 86400, NULL, ${seniors}::jsonb),
      ('prompt_review', 'Prompt review', 14400, 'senior_review', ${reviewers}::jsonb),
      ('clip_review', 'Clip review', 28800, 'senior_review', ${reviewers}::jsonb)`.execute(db);

  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
