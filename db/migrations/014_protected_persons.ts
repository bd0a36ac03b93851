/**
 * Issue 11: the protected-persons registry. `public_figures` was a list of names typed into the
 * console; it becomes a registry that is imported (CSV, Wikidata-style JSON), shipped as a starter
 * list, and grown by upheld likeness complaints, so each entry says who the person is and where the
 * entry came from:
 *
 * - `external_id`: a Wikidata item id ("Q22686"), unique when present, so a refreshed list updates
 *   the same person even when their label changed; null when the source gave none.
 * - `role`: what makes the person public ("head of state of Indonesia"), shown to reviewers.
 * - `born_on` / `died_on`: dates when known. `living` stays the column screening reads; a row with a
 *   date of death cannot be living (CHECK), and a death cannot precede a birth.
 * - `source` / `source_date`: where the entry came from ("starter list 2025-06", "import <file> by
 *   <staff>", "complaint <id>", "console") and the date that source describes. The starter list's
 *   loader overwrites only rows whose source is the starter list: staff edits win.
 *
 * Every row written before this migration came from the console or the demo seed: `source` is
 * 'console' for them.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('public_figures')
    .addColumn('external_id', 'text', (c) => c.unique().check(sql`external_id ~ '^Q[1-9][0-9]*$'`))
    .addColumn('role', 'text')
    .addColumn('born_on', 'date')
    .addColumn('died_on', 'date')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('console'))
    .addColumn('source_date', 'date')
    .execute();
  await sql`ALTER TABLE public_figures ADD CONSTRAINT public_figures_dead_not_living CHECK (died_on IS NULL OR NOT living)`.execute(db);
  await sql`ALTER TABLE public_figures ADD CONSTRAINT public_figures_born_before_died CHECK (born_on IS NULL OR died_on IS NULL OR born_on <= died_on)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
