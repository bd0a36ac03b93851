/**
 * Issue 13: the works registry. `copyright_entities` holds characters, works and brands with their
 * aliases (jsonb `[{ name, lang }]`, lang a BCP 47 tag or 'und'), owner, territories, the rights
 * holder's rule (allow | review | block, null when no holder set one), "allow with conditions" as
 * free text for reviewers, public domain, where the entry came from (source, licence, source date),
 * whether it is demo data, and whether it acts (`live`) or is only evaluated alongside (`shadow`).
 *
 * The rows of `copyrighted_works` (approved opt-out requests, migration 002) move here as live
 * blocks with source 'copyright opt-out request'. `copyrighted_works` and `copyright_optout_requests`
 * stay as read-only history: nothing writes them after this migration (claims, issue 13's intake,
 * replace opt-out requests), and the prompt policy reads `copyright_entities` only.
 *
 * One entry per name, case-insensitively (`copyright_entities_name_uq`): an import, a seed list or
 * a claim naming an entity that exists updates it. `claim_id` has no foreign key here because
 * claims arrive in migration 020.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('copyright_entities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('character','work','brand')`))
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner', 'text')
    .addColumn('territories', 'jsonb', (c) => c.notNull().defaultTo(sql`'["worldwide"]'::jsonb`))
    .addColumn('rule', 'text', (c) => c.check(sql`rule IN ('allow','review','block')`))
    .addColumn('conditions', 'text')
    .addColumn('public_domain', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('source_date', 'date')
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('enforcement', 'text', (c) => c.notNull().defaultTo('shadow').check(sql`enforcement IN ('shadow','live')`))
    // A name that is also an everyday word or first name ("Storm", "Abra"): it acts only beside a
    // context word of its franchise (policies/copyright/registry.ts).
    .addColumn('ambiguous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('context_terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('claim_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX copyright_entities_name_uq ON copyright_entities (lower(name))`.execute(db);
  // The console's keyset pages go by (name, id); search goes by lower(name) prefix and substring.
  await sql`CREATE INDEX copyright_entities_page_idx ON copyright_entities (name, id)`.execute(db);
  await sql`CREATE INDEX copyright_entities_enforcement_idx ON copyright_entities (enforcement)`.execute(db);
  await sql`CREATE INDEX copyright_entities_claim_idx ON copyright_entities (claim_id) WHERE claim_id IS NOT NULL`.execute(db);

  await sql`INSERT INTO copyright_entities (name, kind, aliases, owner, rule, source, licence, source_date, demo, enforcement, created_at)
    SELECT w.name, w.kind,
      coalesce((SELECT jsonb_agg(jsonb_build_object('name', a, 'lang', 'und')) FROM jsonb_array_elements_text(w.aliases) a), '[]'::jsonb),
      w.owner, 'block', 'copyright opt-out request', 'rights holder request', w.created_at::date,
      w.optout_request_id IS NULL OR w.owner LIKE '%(demo)%', 'live', w.created_at
    FROM copyrighted_works w
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
