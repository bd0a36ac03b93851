/**
 * The shipped starter list of protected persons (`protected-persons/starter.json`, described in
 * `protected-persons/README.md` and docs/protected-persons.md): living heads of state and of
 * government of every UN member state, Indonesian public figures, globally well-known entertainers
 * and athletes, and deceased people whose estates are known to restrict their likeness.
 *
 * Two uses:
 * - Without a database: `STARTER_PROTECTED_PERSONS` (validated rows) and `starterPublicFigures()`
 *   (the prompt policy's `PublicFigureEntry` shape), for `npm run screen` and evaluations.
 * - With one: `applyStarterList` upserts every entry; rows written by any other source (the
 *   console, an import, a complaint) are kept as they are, so staff edits win. `seedStarterList`
 *   runs it once per starter list date (a marker in app_meta), so an entry staff deleted stays
 *   deleted until a newer list ships.
 */
import type { Kysely, Transaction } from 'kysely';
import type { PublicFigureEntry } from '../../policies/prompt/types';
import { PublicFigureRefused, upsertProtectedPerson, type ProtectedPersonEntry } from '../queries/policy-registries';
import type { Database } from '../schema';
import { parseRegistryJsonDocument } from '../protected-persons/parse-json';
import starterDocument from './protected-persons/starter.json';

/**
 * The date the starter list describes (the compiler's knowledge, not a live query; see the README
 * beside the list). Change it with the list: a new date loads the list again on the next start.
 */
export const STARTER_LIST_DATE = '2025-06-30';

/** The `source` of every row the starter list wrote; `applyStarterList` overwrites only rows whose source starts with `starter list`. */
export const STARTER_LIST_SOURCE = `starter list ${STARTER_LIST_DATE.slice(0, 7)}`;
const STARTER_SOURCE_PREFIX = 'starter list';

/** The starter list, validated as any import is; a bad entry stops the process with the parser's sentences (a shipped file must be clean). */
export const STARTER_PROTECTED_PERSONS: ProtectedPersonEntry[] = (() => {
  const parsed = parseRegistryJsonDocument(starterDocument);
  if (parsed.errors.length > 0) throw new Error(`db/seed/protected-persons/starter.json is invalid: ${parsed.errors.join(' ')}`);
  return parsed.entries.map((item) => item.entry);
})();

/** The starter list as the prompt policy's registry entries (no cameo opt-ins: those exist only in a database). */
export function starterPublicFigures(): PublicFigureEntry[] {
  return STARTER_PROTECTED_PERSONS.map((entry) => ({
    name: entry.name,
    ...(entry.aliases.length > 0 ? { aliases: [...entry.aliases] } : {}),
    living: entry.living,
    ...(entry.estateOptedOut ? { estateOptedOut: true } : {}),
  }));
}

/** What loading the starter list did: per outcome counts, and the sentences of entries refused. */
export interface StarterListReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Entries kept as staff (or an import, or a complaint) last wrote them. */
  kept: number;
  refused: string[];
}

/**
 * Upserts every starter entry (call it inside a transaction: `seedStarterList` does); idempotent (a
 * second run finds every row unchanged or kept). An entry that collides with a staff entry (same
 * name, another Wikidata id) is refused with its sentence and the rest load.
 */
export async function applyStarterList(db: Kysely<Database> | Transaction<Database>): Promise<StarterListReport> {
  const report: StarterListReport = { added: 0, updated: 0, unchanged: 0, kept: 0, refused: [] };
  for (const entry of STARTER_PROTECTED_PERSONS) {
    try {
      const { outcome } = await upsertProtectedPerson(db, entry, { label: STARTER_LIST_SOURCE, date: STARTER_LIST_DATE }, { onlyOverwriteSource: STARTER_SOURCE_PREFIX });
      report[outcome] += 1;
    } catch (error) {
      if (!(error instanceof PublicFigureRefused)) throw error;
      report.refused.push(`${entry.name}: ${error.message}`);
    }
  }
  return report;
}

const markerKey = () => `protected_persons_starter_${STARTER_LIST_DATE}`;

/**
 * Loads the starter list once per `STARTER_LIST_DATE` (run at every start; a no-op after the first).
 * Returns the report, or `'already loaded'`.
 */
export async function seedStarterList(db: Kysely<Database> | Transaction<Database>): Promise<StarterListReport | 'already loaded'> {
  // Inside a caller's transaction (a test, a bigger seed) it joins it; otherwise it opens its own.
  const inTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const marker = await trx.selectFrom('app_meta').select('key').where('key', '=', markerKey()).executeTakeFirst();
    if (marker) return 'already loaded' as const;
    const report = await applyStarterList(trx);
    await trx
      .insertInto('app_meta')
      .values({ key: markerKey(), value: JSON.stringify({ ...report, refused: report.refused.length }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return report;
  });
}
