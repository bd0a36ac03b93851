/**
 * Copyright disputes (issue 13): a creator disputes a copyright block or takedown (one
 * `copyright_matches` row of theirs, migration 021). The claimant behind the matched entity has a
 * deadline to answer on a private token page; no answer releases the claim for that video or
 * request; an upheld claim may be appealed once; escalation goes to legal in the copyright queue.
 *
 * Rows are written by the copyrightDispute workflow's activities only (single writer); the app reads
 * and starts or updates workflows. The claimant's answer token is kept as its SHA-256, like the
 * likeness complaint status token. One open dispute per match, and per request (its review item
 * is one per request): partial unique indexes.
 *
 * `copyright_dispute_messages` is the outbox of what the claimant is told by email (Loupe has no
 * mail relay of its own: a deployment's relay sends unsent rows and sets `sent_at`). The first
 * message carries the answer link, the only place the raw token is ever written.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('copyright_disputes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('copyright_matches.id'))
    // What the match did: a published video taken down, or a request blocked before publication.
    .addColumn('match_action', 'text', (c) => c.notNull().check(sql`match_action IN ('blocked','taken_down')`))
    .addColumn('video_id', 'uuid', (c) => c.references('videos.id'))
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('entity_id', 'uuid', (c) => c.references('copyright_entities.id'))
    // The claim behind the entity (copyright_entities.claim_id); null for seeded lists: legal answers.
    .addColumn('claim_id', 'uuid')
    .addColumn('claimant_email', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('awaiting_claimant').check(sql`state IN ('awaiting_claimant','appeal_window','awaiting_appeal_answer','with_legal','released','upheld')`))
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome IN ('claimant_no_answer','claimant_released','appeal_no_answer','appeal_released','legal_reinstated','legal_upheld','not_appealed')`))
    .addColumn('outcome_reason', 'text')
    .addColumn('claimant_deadline', 'timestamptz')
    .addColumn('claimant_answer', 'text')
    .addColumn('claimant_answered_at', 'timestamptz')
    // The creator's window to appeal an upheld claim, then the claimant's deadline to answer the appeal.
    .addColumn('appeal_deadline', 'timestamptz')
    .addColumn('appeal_statement', 'text')
    .addColumn('appeal_answer_deadline', 'timestamptz')
    .addColumn('appeal_answer', 'text')
    .addColumn('answer_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    // True once a taken-down video was published again by this dispute's release.
    .addColumn('reinstated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX copyright_disputes_open_match_uq ON copyright_disputes (match_id) WHERE state NOT IN ('released','upheld')`.execute(db);
  // The copyright_dispute review item is one per request (review_items' unique request and kind), so a
  // request has one open dispute at a time too, whichever of its matches is disputed.
  await sql`CREATE UNIQUE INDEX copyright_disputes_open_request_uq ON copyright_disputes (request_id) WHERE state NOT IN ('released','upheld')`.execute(db);
  await sql`CREATE INDEX copyright_disputes_creator_idx ON copyright_disputes (creator_id, created_at)`.execute(db);
  await sql`CREATE INDEX copyright_disputes_list_idx ON copyright_disputes (created_at DESC, id DESC)`.execute(db);

  await db.schema
    .createTable('copyright_dispute_messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dispute_id', 'uuid', (c) => c.notNull().references('copyright_disputes.id'))
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Same key, same message: a retried activity never queues a message twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();

  await sql`INSERT INTO review_item_kinds (kind, description) VALUES
    ('copyright_dispute', 'A creator''s dispute of a copyright block or takedown, escalated to the legal role.')
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO notification_kinds (kind, description) VALUES
    ('copyright_dispute_received', 'A creator''s copyright dispute was recorded and sent to the claimant.'),
    ('copyright_dispute_claim_upheld', 'The claimant upheld their claim against a creator''s dispute; the creator may appeal.'),
    ('copyright_dispute_escalated', 'A creator''s copyright dispute went to Loupe''s legal team.'),
    ('copyright_dispute_released', 'The claim was released for a creator''s disputed video or request.'),
    ('copyright_dispute_upheld', 'A creator''s copyright dispute ended with the claim upheld.'),
    ('video_reinstated', 'A video taken down was published again.')
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
