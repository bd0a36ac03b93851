/**
 * The works registry (issue 13, migration 019): characters, works and brands with aliases in
 * several languages, owner, territories, the rights holder's rule, where each entry came from, and
 * whether it acts (`live`) or is only evaluated alongside the live policy (`shadow`). Also the
 * deployment's copyright stance (org setting `copyright_stance`).
 *
 * Other parts of issue 13 use `upsertCopyrightEntity` (claims approved live), `getCopyrightEntity`
 * (banks, rescans, disputes) and `readCopyrightStance`; the prompt policy reads
 * `loadCopyrightRegistry`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  COPYRIGHT_STANCES,
  DEFAULT_COPYRIGHT_STANCE,
  type CopyrightEntityKind,
  type CopyrightRule,
  type CopyrightStance,
} from '../../policies/copyright/types';
import type { CopyrightAlias, Database } from '../schema';
import { readOrgSetting, saveOrgSetting } from './org-settings';

type Db = Kysely<Database> | Transaction<Database>;

/** Whether an entry acts on screenings (`live`) or is only evaluated alongside and recorded (`shadow`). */
export type CopyrightEnforcement = 'shadow' | 'live';

/**
 * An entity as a claim, an import, a seed list or the console describes it.
 * - `aliases`: other names with a language tag (BCP 47, e.g. 'ja', 'es'; 'und' when unknown);
 *   merged with the aliases already registered (case-insensitively), never removed by an upsert.
 * - `territories`: ISO 3166-1 alpha-2 codes, or ['worldwide'].
 * - `rule`: the rights holder's rule, null when none set one (then the stance decides).
 * - `sourceDate`: `YYYY-MM-DD`, the date the source describes (a package's release, a claim's approval).
 * - `ambiguous` / `contextTerms`: a name that is also an everyday word acts only next to a context
 *   word (policies/copyright/registry.ts decides which names are ambiguous).
 */
export interface CopyrightEntityEntry {
  name: string;
  kind: CopyrightEntityKind;
  aliases: CopyrightAlias[];
  owner: string | null;
  territories: string[];
  rule: CopyrightRule | null;
  conditions: string | null;
  publicDomain: boolean;
  source: string;
  licence: string;
  sourceDate: string | null;
  demo: boolean;
  enforcement: CopyrightEnforcement;
  claimId?: string | null;
  ambiguous?: boolean;
  contextTerms?: string[];
}

/** PostgreSQL's SQLSTATE for a unique violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';

/** The columns every reader selects, with the source date as `YYYY-MM-DD` text. */
function entityColumns(db: Db) {
  return db
    .selectFrom('copyright_entities')
    .select([
      'id', 'name', 'kind', 'aliases', 'owner', 'territories', 'rule', 'conditions', 'public_domain', 'source', 'licence', 'demo',
      'enforcement', 'ambiguous', 'context_terms', 'claim_id', 'created_at', 'updated_at',
      sql<string | null>`to_char(source_date, 'YYYY-MM-DD')`.as('source_date'),
    ]);
}

/** One entity row as readers see it (aliases included), or undefined. */
export type CopyrightEntityRow = NonNullable<Awaited<ReturnType<typeof getCopyrightEntity>>>;

/** Aliases of `before` followed by the new ones not yet present (same name case-insensitively), never the entity's name itself. */
export function mergeCopyrightAliases(name: string, before: readonly CopyrightAlias[], added: readonly CopyrightAlias[]): CopyrightAlias[] {
  const seen = new Set([name.trim().toLocaleLowerCase()]);
  const merged: CopyrightAlias[] = [];
  for (const alias of [...before, ...added]) {
    const key = alias.name.trim().toLocaleLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    merged.push({ name: alias.name.trim(), lang: alias.lang || 'und' });
  }
  return merged;
}

/**
 * Adds an entity, or updates the one with the same name (case-insensitively), and returns its id.
 * Updating merges aliases, overwrites every other field with the entry's, and keeps `claimId` when
 * the entry gives none. With `options.onlyOverwriteSource` (a source prefix such as "npm superheroes")
 * an existing row written by any other source (a claim, a staff edit) is left as it is: holders'
 * and staff's entries win over shipped lists. Runs as one statement per step; callers wanting
 * several entries all-or-nothing pass a transaction.
 */
export async function upsertCopyrightEntity(db: Db, entry: CopyrightEntityEntry, options: { onlyOverwriteSource?: string } = {}): Promise<string> {
  const name = entry.name.trim();
  for (let attempt = 0; ; attempt++) {
    const before = await db
      .selectFrom('copyright_entities')
      .select(['id', 'aliases', 'source', 'claim_id'])
      .where(sql`lower(name)`, '=', name.toLowerCase())
      .executeTakeFirst();
    const values = {
      name,
      kind: entry.kind,
      owner: entry.owner,
      territories: JSON.stringify(entry.territories.length > 0 ? entry.territories : ['worldwide']),
      rule: entry.rule,
      conditions: entry.conditions && entry.conditions.trim() !== '' ? entry.conditions.trim() : null,
      public_domain: entry.publicDomain,
      source: entry.source,
      licence: entry.licence,
      source_date: entry.sourceDate,
      demo: entry.demo,
      enforcement: entry.enforcement,
      ambiguous: entry.ambiguous ?? false,
      context_terms: JSON.stringify(entry.contextTerms ?? []),
    };
    if (before) {
      if (options.onlyOverwriteSource !== undefined && !before.source.startsWith(options.onlyOverwriteSource)) return before.id;
      await db
        .updateTable('copyright_entities')
        .set({
          ...values,
          aliases: JSON.stringify(mergeCopyrightAliases(name, before.aliases, entry.aliases)),
          claim_id: entry.claimId ?? before.claim_id,
          updated_at: new Date(),
        })
        .where('id', '=', before.id)
        .execute();
      return before.id;
    }
    try {
      const row = await db
        .insertInto('copyright_entities')
        .values({ ...values, aliases: JSON.stringify(mergeCopyrightAliases(name, [], entry.aliases)), claim_id: entry.claimId ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      // A concurrent writer inserted the same name between the lookup and the insert: update theirs.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && attempt === 0) continue;
      throw error;
    }
  }
}

/** One entity with its aliases, or undefined when there is none with that id. */
export async function getCopyrightEntity(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return entityColumns(db).where('id', '=', id).executeTakeFirst();
}

/** The entities with these exact names (case-insensitively), for duplicate and conflict checks. */
export async function findCopyrightEntitiesByName(db: Db, names: readonly string[]) {
  if (names.length === 0) return [];
  return entityColumns(db).where(sql`lower(name)`, 'in', names.map((n) => n.trim().toLowerCase())).execute();
}

/**
 * Every entity the prompt policy compiles: live ones act, shadow ones are evaluated alongside.
 * Sorted by name so the policy version depends on content only.
 */
export async function loadCopyrightRegistry(db: Db) {
  return db
    .selectFrom('copyright_entities')
    .select(['id', 'name', 'kind', 'aliases', 'owner', 'territories', 'rule', 'conditions', 'public_domain', 'enforcement', 'ambiguous', 'context_terms'])
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Filters of the console's list; every one optional. `search` matches the name or an alias, case-insensitively. */
export interface CopyrightEntityFilter {
  search?: string;
  kind?: CopyrightEntityKind;
  rule?: CopyrightRule | 'none';
  enforcement?: CopyrightEnforcement;
  demo?: boolean;
  /** A prefix of `source` ("npm superheroes", "import ", "claim "). */
  source?: string;
}

/**
 * One page of entities by (name, id), `limit` rows (1..200) after the keyset position `after`,
 * plus the position to continue from (null on the last page).
 */
export async function listCopyrightEntities(
  db: Db,
  filter: CopyrightEntityFilter,
  page: { after: [string, string] | null; limit: number },
) {
  const limit = Math.min(Math.max(Math.trunc(page.limit), 1), 200);
  let query = entityColumns(db);
  if (filter.search && filter.search.trim() !== '') {
    const like = `%${filter.search.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', like),
        eb.exists(sql`(SELECT 1 FROM jsonb_array_elements(copyright_entities.aliases) a WHERE lower(a->>'name') LIKE ${like})`),
      ]),
    );
  }
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.rule === 'none') query = query.where('rule', 'is', null);
  else if (filter.rule) query = query.where('rule', '=', filter.rule);
  if (filter.enforcement) query = query.where('enforcement', '=', filter.enforcement);
  if (filter.demo !== undefined) query = query.where('demo', '=', filter.demo);
  if (filter.source && filter.source.trim() !== '') {
    query = query.where('source', 'like', `${filter.source.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (page.after) {
    const [name, id] = page.after;
    query = query.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { rows: shown, next: more && last ? ([last.name, last.id] as [string, string]) : null };
}

/** How many entities there are by enforcement (for the console's header). */
export async function countCopyrightEntities(db: Db): Promise<{ live: number; shadow: number }> {
  const rows = await db.selectFrom('copyright_entities').select(['enforcement', sql<string>`count(*)`.as('n')]).groupBy('enforcement').execute();
  const counts = { live: 0, shadow: 0 };
  for (const row of rows) counts[row.enforcement] = Number(row.n);
  return counts;
}

/** The fields of an entity the console edits. `undefined` leaves a field as it is; aliases replace the list. */
export interface CopyrightEntityEdit {
  rule?: CopyrightRule | null;
  conditions?: string | null;
  aliases?: CopyrightAlias[];
  territories?: string[];
  publicDomain?: boolean;
  owner?: string | null;
  enforcement?: CopyrightEnforcement;
}

/** Applies an edit to one entity; returns the row before and after, or undefined when the id is unknown. */
export async function editCopyrightEntity(db: Db, id: string, edit: CopyrightEntityEdit) {
  const before = await getCopyrightEntity(db, id);
  if (!before) return undefined;
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (edit.rule !== undefined) set.rule = edit.rule;
  if (edit.conditions !== undefined) set.conditions = edit.conditions && edit.conditions.trim() !== '' ? edit.conditions.trim() : null;
  if (edit.aliases !== undefined) set.aliases = JSON.stringify(mergeCopyrightAliases(before.name, [], edit.aliases));
  if (edit.territories !== undefined) set.territories = JSON.stringify(edit.territories.length > 0 ? edit.territories : ['worldwide']);
  if (edit.publicDomain !== undefined) set.public_domain = edit.publicDomain;
  if (edit.owner !== undefined) set.owner = edit.owner;
  if (edit.enforcement !== undefined) set.enforcement = edit.enforcement;
  await db.updateTable('copyright_entities').set(set).where('id', '=', id).execute();
  const after = (await getCopyrightEntity(db, id))!;
  return { before, after };
}

/** Makes shadow entities live (a promotion): the given ids, or every shadow entity of `source` (a prefix). Returns the ids promoted. */
export async function promoteCopyrightEntities(db: Db, which: { ids: string[] } | { source: string }): Promise<string[]> {
  let query = db.updateTable('copyright_entities').set({ enforcement: 'live', updated_at: new Date() }).where('enforcement', '=', 'shadow');
  if ('ids' in which) {
    if (which.ids.length === 0) return [];
    query = query.where('id', 'in', which.ids);
  } else {
    query = query.where('source', 'like', `${which.source.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** The deployment's copyright stance: the org setting `copyright_stance`, or `opt_in` (DEFAULT_COPYRIGHT_STANCE) when unset or unreadable. */
export async function readCopyrightStance(db: Db): Promise<CopyrightStance> {
  const value = await readOrgSetting(db, 'copyright_stance');
  return (COPYRIGHT_STANCES as readonly unknown[]).includes(value) ? (value as CopyrightStance) : DEFAULT_COPYRIGHT_STANCE;
}

/** Stores the stance. The caller checks the admin role and writes the audit entry in the same transaction. */
export async function saveCopyrightStance(db: Db, stance: CopyrightStance): Promise<void> {
  await saveOrgSetting(db, 'copyright_stance', stance);
}
