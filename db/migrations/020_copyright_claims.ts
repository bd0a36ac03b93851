/**
 * Copyright claims (issue 13): a rights holder asks Loupe to apply their rule (allow, review, block)
 * to the characters, works or brands they hold, with proof of rights and reference media. Filed
 * through the app API or the public form and decided by the legal role in the copyright queue,
 * which stops being a placeholder here.
 *
 * Rows are written by the copyrightClaim workflow's activities only (single writer); the app stores
 * the files (content-addressed media) and reads. The status page's token is kept as its SHA-256,
 * like session tokens and likeness complaints (015).
 *
 * Review items stop being one-per-request only: a claim's item has no request, so
 * `review_items.request_id` becomes nullable beside a new `copyright_claim_id`, with a CHECK that
 * exactly one of the two is set and one item per claim.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('copyright_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claimant_name', 'text', (c) => c.notNull())
    .addColumn('claimant_organisation', 'text')
    .addColumn('contact_email', 'text', (c) => c.notNull())
    // Set when a creator account filed through the app API; they are notified in the app as well.
    .addColumn('creator_id', 'uuid', (c) => c.references('creators.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('received').check(sql`state IN ('received','in_review','approved','rejected','withdrawn')`))
    // Duplicates and conflicts found when the claim was recorded (policies/copyright/claims.ts ClaimConflict[]).
    .addColumn('conflict_report', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_at', 'timestamptz')
    // What approval did: { bankIds, rescanId, hashes } (contracts CopyrightClaimOutcome).
    .addColumn('outcome', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX copyright_claims_state_idx ON copyright_claims (state, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX copyright_claims_created_idx ON copyright_claims (created_at DESC, id DESC)`.execute(db);

  await db.schema
    .createTable('copyright_claim_entities')
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('copyright_claims.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // normaliseEntityName(name): what duplicates and conflicts are found by.
    .addColumn('normalised_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('character','work','brand')`))
    // [{ name, lang }] with lang a BCP 47 tag or null.
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // ISO 3166-1 alpha-2 codes or 'worldwide'.
    .addColumn('territories', 'jsonb', (c) => c.notNull())
    .addColumn('requested_rule', 'text', (c) => c.notNull().check(sql`requested_rule IN ('allow','review','block')`))
    .addColumn('conditions', 'text')
    // The reviewer's decision for this entity: the rule approved (may differ from the request), or left out.
    .addColumn('approved_rule', 'text', (c) => c.check(sql`approved_rule IN ('allow','review','block')`))
    .addColumn('left_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('entity_id', 'uuid', (c) => c.references('copyright_entities.id'))
    .addPrimaryKeyConstraint('copyright_claim_entities_pk', ['claim_id', 'position'])
    .execute();
  await sql`CREATE INDEX copyright_claim_entities_name_idx ON copyright_claim_entities (normalised_name)`.execute(db);

  await db.schema
    .createTable('copyright_claim_files')
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('copyright_claims.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('proof','reference_image','reference_clip')`))
    // The claimed entity (position) a reference file shows; null for proof documents and for media of the whole claim.
    .addColumn('entity_position', 'integer')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'bigint', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('copyright_claim_files_pk', ['claim_id', 'position'])
    .execute();
  await sql`CREATE INDEX copyright_claim_files_sha_idx ON copyright_claim_files (sha256)`.execute(db);

  // An entity approved by a claim names it (019 left the column without a key: claims come here).
  await sql`ALTER TABLE copyright_entities ADD CONSTRAINT copyright_entities_claim_fk FOREIGN KEY (claim_id) REFERENCES copyright_claims (id)`.execute(db);

  // Review items for claims: no request, one item per claim.
  await sql`ALTER TABLE review_items ALTER COLUMN request_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE review_items ADD COLUMN copyright_claim_id uuid REFERENCES copyright_claims (id)`.execute(db);
  await sql`ALTER TABLE review_items ADD CONSTRAINT review_items_subject_ck CHECK (num_nonnulls(request_id, copyright_claim_id) = 1)`.execute(db);
  await sql`CREATE UNIQUE INDEX review_items_copyright_claim_uq ON review_items (copyright_claim_id) WHERE copyright_claim_id IS NOT NULL`.execute(db);

  await sql`INSERT INTO review_item_kinds (kind, description) VALUES
    ('copyright_claim', 'A rights holder''s copyright claim over characters, works or brands, decided by the legal role.')
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO notification_kinds (kind, description) VALUES
    ('copyright_claim_received', 'A creator''s copyright claim was recorded.'),
    ('copyright_claim_approved', 'A creator''s copyright claim was approved.'),
    ('copyright_claim_rejected', 'A creator''s copyright claim was rejected, with the reason.')
    ON CONFLICT DO NOTHING`.execute(db);

  await sql`UPDATE review_queues SET name = 'Copyright', placeholder = false,
    description = 'Rights holders'' claims over characters, works and brands, and clips matching their reference media; decided by the legal role.'
    WHERE id = 'copyright_review'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
