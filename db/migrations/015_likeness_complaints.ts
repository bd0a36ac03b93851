/**
 * Likeness complaints (issue 11): "this video shows me, or someone I represent, without consent",
 * filed through the app API or the public form and decided by the legal role in the likeness queue,
 * which stops being a placeholder.
 *
 * Rows are written by the likenessComplaint workflow's activities only (single writer); the app
 * stores the evidence files (content-addressed media) and reads. The status page's token is kept as
 * its SHA-256, like session tokens: a leaked table does not open anyone's status page.
 *
 * One complaint at a time per anchor request (the first video's request, which the review item
 * hangs on, review_items being one per request and kind): a partial unique index refuses a second
 * open complaint there, and the app refuses it first with a sentence.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('likeness_complaints')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('relationship', 'text', (c) => c.notNull().check(sql`relationship IN ('self','estate','authorised_representative')`))
    .addColumn('complainant_name', 'text', (c) => c.notNull())
    .addColumn('complainant_email', 'text', (c) => c.notNull())
    // Set when a creator filed through the app API; they are notified in the app as well.
    .addColumn('creator_id', 'uuid', (c) => c.references('creators.id'))
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('person_aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('person_living', 'boolean', (c) => c.notNull())
    .addColumn('video_ids', 'jsonb', (c) => c.notNull())
    .addColumn('anchor_request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('evidence_text', 'text', (c) => c.notNull())
    // [{ storageKey, sha256, mimeType, byteSize, filename }]: media store keys, served to staff only.
    .addColumn('evidence_files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // What fingerprint matching found when the review opened (contracts LikenessMatchReport).
    .addColumn('match_report', 'jsonb')
    .addColumn('status_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('received').check(sql`state IN ('received','in_review','upheld','rejected')`))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    // The registry entry an upheld complaint added or updated.
    .addColumn('registry_entry_id', 'uuid', (c) => c.references('public_figures.id'))
    .addColumn('taken_down', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX likeness_complaints_open_anchor_uq ON likeness_complaints (anchor_request_id) WHERE state IN ('received','in_review')`.execute(db);
  await sql`CREATE INDEX likeness_complaints_anchor_idx ON likeness_complaints (anchor_request_id, created_at)`.execute(db);

  await sql`INSERT INTO review_item_kinds (kind, description) VALUES
    ('likeness_complaint', 'A likeness complaint about one or more videos, decided by the legal role.')
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO notification_kinds (kind, description) VALUES
    ('likeness_complaint_received', 'A creator''s likeness complaint was recorded.'),
    ('likeness_complaint_upheld', 'A creator''s likeness complaint was upheld.'),
    ('likeness_complaint_rejected', 'A creator''s likeness complaint was rejected, with the reason.')
    ON CONFLICT DO NOTHING`.execute(db);

  await sql`UPDATE review_queues SET name = 'Likeness complaints', placeholder = false,
    description = 'People, estates and representatives saying a video shows a likeness without consent; decided by the legal role.'
    WHERE id = 'likeness_review'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
