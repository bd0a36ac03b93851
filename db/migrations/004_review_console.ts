/**
 * The reviewer's console: queue configuration (priority order, placeholders), claims (leases),
 * per-item priority from creator strikes, notes to creators, appeals, user reports, reporter
 * muting, wellness preferences, staff invites and login rate limiting.
 *
 * Leases, wellness preferences, invites and login attempts are staff-only data, written by tRPC
 * procedures directly; review items, strikes, appeals, reports and videos stay workflow-owned.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Queues: how the next item is chosen, where a queue sits in the list, and whether a later issue fills it.
  await sql`ALTER TABLE review_queues
    ADD COLUMN priority_order text NOT NULL DEFAULT 'due_first' CHECK (priority_order IN ('due_first','strikes_then_due')),
    ADD COLUMN position integer NOT NULL DEFAULT 100,
    ADD COLUMN placeholder boolean NOT NULL DEFAULT false,
    ADD COLUMN description text NOT NULL DEFAULT ''`.execute(db);

  const reviewers = JSON.stringify(['reviewer', 'senior_reviewer', 'admin']);
  const seniors = JSON.stringify(['senior_reviewer', 'admin']);
  const legal = JSON.stringify(['legal', 'senior_reviewer', 'admin']);
  await sql`
    INSERT INTO review_queues (id, name, sla_seconds, escalation_queue_id, allowed_roles, priority_order, position, placeholder, description) VALUES
      ('appeals', 'Appeals', 172800, 'senior_review', ${seniors}::jsonb, 'due_first', 40, false, 'Creators asking for a block or rejection to be looked at again.'),
      ('user_reports', 'User reports', 43200, 'senior_review', ${reviewers}::jsonb, 'strikes_then_due', 50, false, 'Published videos reported by users, one item per video.'),
      ('qa_sample', 'QA sample', 259200, NULL, ${reviewers}::jsonb, 'due_first', 60, false, 'A configurable share of clips that would have been published without review.'),
      ('likeness_review', 'Likeness (placeholder)', 86400, 'senior_review', ${legal}::jsonb, 'due_first', 70, true, 'Placeholder: filled by the likeness opt-out issue.'),
      ('copyright_review', 'Copyright (placeholder)', 86400, 'senior_review', ${legal}::jsonb, 'due_first', 80, true, 'Placeholder: filled by the copyright issue.')`.execute(db);
  await sql`UPDATE review_queues SET position = 10, priority_order = 'strikes_then_due', description = 'Prompts the screening rules flagged for a human.' WHERE id = 'prompt_review'`.execute(db);
  await sql`UPDATE review_queues SET position = 20, priority_order = 'strikes_then_due', description = 'Generated clips routed to a human before publication.' WHERE id = 'clip_review'`.execute(db);
  await sql`UPDATE review_queues SET position = 30, description = 'Items escalated by a reviewer or by their SLA.' WHERE id = 'senior_review'`.execute(db);

  // Review items: appeals and reports join prompts and clips; priority comes from the creator's strikes.
  // 'provenance' belongs to issue 5 (003); both migrations name every kind so either order works.
  await sql`ALTER TABLE review_items DROP CONSTRAINT review_items_kind_check`.execute(db);
  await sql`ALTER TABLE review_items ADD CONSTRAINT review_items_kind_check CHECK (kind IN ('prompt','clip','appeal','report','provenance'))`.execute(db);
  await sql`ALTER TABLE review_items
    ADD COLUMN priority smallint NOT NULL DEFAULT 0,
    ADD COLUMN creator_note text,
    ADD COLUMN policy_category text,
    ADD COLUMN escalated_by uuid REFERENCES staff(id),
    ADD COLUMN escalation_reason text`.execute(db);
  // "Next item" and the queue pages walk these in order, skipping leased rows.
  await sql`CREATE INDEX review_items_next_due_idx ON review_items (queue_id, due_at, id) WHERE state = 'open'`.execute(db);
  await sql`CREATE INDEX review_items_next_priority_idx ON review_items (queue_id, priority DESC, due_at, id) WHERE state = 'open'`.execute(db);
  await sql`CREATE INDEX review_items_state_due_idx ON review_items (state, due_at, id)`.execute(db);
  await sql`CREATE INDEX review_items_decided_idx ON review_items (decided_at) WHERE decided_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX generation_requests_creator_idx ON generation_requests (creator_id, created_at)`.execute(db);

  // Claims: one row per leased item. Held leases survive their expiry until released or decided.
  await db.schema
    .createTable('review_leases')
    .addColumn('item_id', 'uuid', (c) => c.primaryKey().references('review_items.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('held', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('handed_over_by', 'uuid', (c) => c.references('staff.id'))
    .execute();
  await db.schema.createIndex('review_leases_staff_idx').on('review_leases').columns(['staff_id', 'expires_at']).execute();

  // Strikes: written by the workflow activity that records a rejection, a block overturn or a takedown.
  await db.schema
    .createTable('creator_strikes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('request_id', 'uuid', (c) => c.references('generation_requests.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    // One strike per request and cause, so a retried activity cannot strike twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('creator_strikes_creator_idx').on('creator_strikes').columns(['creator_id', 'created_at']).execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().unique().references('generation_requests.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open','overturned','upheld')`))
    .addColumn('outcome_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('video_reports')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('video_id', 'uuid', (c) => c.notNull().references('videos.id'))
    .addColumn('reporter_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open','upheld','rejected','muted')`))
    // The recording activity's idempotency key (workflow run + arrival number).
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('video_reports_video_idx').on('video_reports').columns(['video_id', 'status']).execute();
  await sql`ALTER TABLE creators ADD COLUMN reports_muted_at timestamptz`.execute(db);
  await sql`ALTER TABLE videos ADD COLUMN removed_reason text, ADD COLUMN removed_at timestamptz`.execute(db);

  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'cameo_used','cameo_blocked','request_blocked','request_rejected','video_published','cameo_published',
    'review_note','appeal_received','appeal_upheld','appeal_overturned','video_removed'))`.execute(db);

  // Wellness: per-reviewer overrides of the org defaults (app_meta 'wellness_defaults'); null = use the default.
  await db.schema
    .createTable('staff_preferences')
    .addColumn('staff_id', 'uuid', (c) => c.primaryKey().references('staff.id'))
    .addColumn('blur_px', 'integer', (c) => c.check(sql`blur_px BETWEEN 0 AND 60`))
    .addColumn('greyscale', 'boolean')
    .addColumn('muted', 'boolean')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`INSERT INTO app_meta (key, value) VALUES
    ('wellness_defaults', '{"blurPx": 28, "greyscale": true, "muted": true}'::jsonb),
    ('qa_sample', '{"rate": null}'::jsonb)
    ON CONFLICT (key) DO NOTHING`.execute(db);

  // Keyframe strips for the review screen, written by the extractKeyframes activity.
  await db.schema
    .createTable('request_keyframes')
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('at_seconds', 'real', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_keyframes_pk', ['request_id', 'position'])
    .execute();

  await db.schema
    .createTable('staff_invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_attempts_key_idx').on('login_attempts').columns(['email', 'ip', 'at']).execute();
  // The audit chain's order must be its id order, or a verifier cannot tell a reordered row from a
  // concurrent one. 001 took the id from the column default *before* the chain lock, so two
  // concurrent writers could commit ids out of chain order (and a third could then fork the chain
  // off the wrong tail). Same hash, same fields: the id is now drawn inside the lock.
  await sql`
    CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous text;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('audit_log_chain'));
      NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
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
  await sql`CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
