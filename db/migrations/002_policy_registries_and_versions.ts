/**
 * Issue 3: what the prompt policy needs from the database.
 *
 * - Registries compiled into the policy by the screening activity: public figures (living,
 *   opted in with a cameo, estate opted out) and copyrighted works/characters/brands, which grow
 *   from approved copyright opt-out requests.
 * - Policy versions: every rule set that ever screened (snapshot + the overlay that produced it),
 *   every version (rule set + registries) with where it was first used, drafts, promotions (the
 *   latest promotion is the live policy), shadow screenings and backtests.
 *
 * Registries, drafts, promotions and backtests are staff-only data written by console procedures
 * (with an audit entry in the same transaction); versions and shadow screenings are written by the
 * screening activity.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('public_figures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('living', 'boolean', (c) => c.notNull())
    .addColumn('opted_in', 'boolean', (c) => c.notNull().defaultTo(false))
    // The cameo a living figure opted in with; prompts naming them must carry it.
    .addColumn('cameo_id', 'uuid', (c) => c.references('cameos.id'))
    .addColumn('estate_opted_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('public_figures_opt_in_living', sql`living OR NOT opted_in`)
    .addCheckConstraint('public_figures_estate_deceased', sql`NOT living OR NOT estate_opted_out`)
    .execute();

  await db.schema
    .createTable('copyright_optout_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('character','work','brand')`))
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state IN ('pending','approved','denied')`))
    .addColumn('submitted_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('copyrighted_works')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('character','work','brand')`))
    // The approved opt-out this entry came from (null for entries loaded another way, e.g. the demo seed).
    .addColumn('optout_request_id', 'uuid', (c) => c.unique().references('copyright_optout_requests.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policy_rule_sets')
    // Content hash of the rule set (not of the whole policy: registries are kept per version).
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('rule_set', 'jsonb', (c) => c.notNull())
    // The overlay on the shipped rules that produced it (empty for the shipped rules themselves).
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policy_drafts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('rule_set_hash', 'text', (c) => c.notNull().references('policy_rule_sets.hash'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('draft','shadow','promoted','discarded')`))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('shadow_since', 'timestamptz')
    .execute();

  await db.schema
    .createTable('policy_promotions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // Null: the shipped rules were made live again (a rollback to the built-in policy).
    .addColumn('draft_id', 'uuid', (c) => c.references('policy_drafts.id'))
    .addColumn('rule_set_hash', 'text', (c) => c.notNull().references('policy_rule_sets.hash'))
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('promoted_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('promoted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('policy_versions')
    // The policy version every decision stores: hash of engine, rule set, registries and options.
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('rule_set_hash', 'text', (c) => c.notNull().references('policy_rule_sets.hash'))
    .addColumn('registries', 'jsonb', (c) => c.notNull())
    .addColumn('draft_id', 'uuid', (c) => c.references('policy_drafts.id'))
    // How it was first used: screening live traffic, or in shadow (never acting).
    .addColumn('first_role', 'text', (c) => c.notNull().check(sql`first_role IN ('live','shadow')`))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policy_shadow_screenings')
    .addColumn('draft_id', 'uuid', (c) => c.notNull().references('policy_drafts.id'))
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict IN ('allow','review','block')`))
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('live_verdict', 'text', (c) => c.notNull().check(sql`live_verdict IN ('allow','review','block')`))
    .addColumn('live_policy_version', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('policy_shadow_screenings_pk', ['draft_id', 'request_id'])
    .execute();

  await db.schema
    .createTable('policy_backtests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('draft_id', 'uuid', (c) => c.notNull().references('policy_drafts.id'))
    .addColumn('draft_version', 'text', (c) => c.notNull())
    .addColumn('live_version', 'text', (c) => c.notNull())
    .addColumn('sample_size', 'integer', (c) => c.notNull())
    .addColumn('changed_count', 'integer', (c) => c.notNull())
    .addColumn('transitions', 'jsonb', (c) => c.notNull())
    .addColumn('changed', 'jsonb', (c) => c.notNull())
    .addColumn('run_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // What an external classifier (OpenAI moderation) said, or why it could not be asked.
  await sql`ALTER TABLE prompt_screenings ADD COLUMN external jsonb`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
