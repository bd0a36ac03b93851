/**
 * The registries compiled into the prompt policy, as the console edits them: public figures, and
 * (read-only since issue 13) the old copyrighted works and copyright opt-out requests, kept as
 * history; the works registry is copyright-entities.ts. (What the screening reads is
 * `loadRegistries` in policy.ts.)
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** PostgreSQL's SQLSTATE for a unique violation and a foreign-key violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * A public figure could not be written: `duplicate_name` when another entry has the name,
 * `unknown_cameo` when the cameo it links to does not exist. The message is the sentence for staff.
 */
export class PublicFigureRefused extends Error {
  override name = 'PublicFigureRefused';
  constructor(readonly reason: 'duplicate_name' | 'unknown_cameo' | 'external_id_conflict' | 'opted_in_not_living', message: string) {
    super(message);
  }
}

/** Everything the registries page lists: figures (with a linked cameo's name), works, the latest 200 opt-out requests. */
export async function listRegistryEntries(db: Db) {
  const [figures, works, optouts] = await Promise.all([
    db
      .selectFrom('public_figures')
      .leftJoin('cameos', 'cameos.id', 'public_figures.cameo_id')
      .selectAll('public_figures')
      .select('cameos.display_name as cameo_name')
      .orderBy('public_figures.name')
      .execute(),
    db.selectFrom('copyrighted_works').selectAll().orderBy('name').execute(),
    db
      .selectFrom('copyright_optout_requests')
      .leftJoin('staff', 'staff.id', 'copyright_optout_requests.decided_by')
      .selectAll('copyright_optout_requests')
      .select('staff.email as decided_by_email')
      .orderBy('copyright_optout_requests.created_at', 'desc')
      .limit(200)
      .execute(),
  ]);
  return { figures, works, optouts };
}

/** One public figure's row, or undefined. */
export async function getPublicFigure(db: Db, id: string) {
  return db.selectFrom('public_figures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A public figure as the console enters it. */
export interface PublicFigureEntry {
  name: string;
  aliases: string[];
  living: boolean;
  optedIn: boolean;
  cameoId: string | null;
  estateOptedOut: boolean;
  note: string | null;
  /** Who wrote the entry ("console by <email>"); 'console' when not given. */
  source?: string;
}

/**
 * Inserts a public figure, or updates the one with `id`. Returns the row's id. Throws
 * `PublicFigureRefused` for a name already registered or a cameo that does not exist.
 */
export async function savePublicFigure(db: Db, entry: PublicFigureEntry, id?: string): Promise<string> {
  const values = {
    name: entry.name, aliases: JSON.stringify(entry.aliases), living: entry.living, opted_in: entry.optedIn,
    cameo_id: entry.cameoId, estate_opted_out: entry.estateOptedOut, note: entry.note, source: entry.source ?? 'console',
    // A living entry has no date of death (CHECK public_figures_dead_not_living, migration 014).
    ...(entry.living ? { died_on: null } : {}),
  };
  try {
    const row = id
      ? await db.updateTable('public_figures').set({ ...values, updated_at: new Date() }).where('id', '=', id).returning('id').executeTakeFirstOrThrow()
      : await db.insertInto('public_figures').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === UNIQUE_VIOLATION) throw new PublicFigureRefused('duplicate_name', `${entry.name} is already in the registry.`);
    if (code === FOREIGN_KEY_VIOLATION) throw new PublicFigureRefused('unknown_cameo', 'That cameo does not exist.');
    throw error;
  }
}

/**
 * A protected person as an import, the starter list or a likeness complaint describes them (issue
 * 11). `undefined` leaves a field as it is on an existing entry; dates are `YYYY-MM-DD`.
 */
export interface ProtectedPersonEntry {
  /** A Wikidata item id ("Q22686"); matched before the name when given. */
  externalId?: string | null;
  name: string;
  /** Other names, in any script; merged with the entry's aliases already registered (never removed here). */
  aliases: string[];
  /** Whether the person is alive; a date of death implies false. */
  living: boolean;
  bornOn?: string | null;
  diedOn?: string | null;
  role?: string | null;
  /** Only for a deceased person: their estate does not allow their likeness. */
  estateOptedOut?: boolean;
  note?: string | null;
}

/**
 * Where an entry came from: `label` such as "starter list 2025-06", "import heads.csv by a@b.example",
 * "complaint <id>"; `date` (`YYYY-MM-DD`) the date that source describes, if it has one.
 */
export interface RegistrySource {
  label: string;
  date?: string | null;
}

/**
 * What `upsertProtectedPerson` did: `added` a new row, `updated` an existing one, found it
 * `unchanged`, or `kept` it because `onlyOverwriteSource` was given and a different source wrote it.
 */
export type UpsertOutcome = { outcome: 'added' | 'updated' | 'unchanged' | 'kept'; id: string };

/** The columns `upsertProtectedPerson` compares, with dates as `YYYY-MM-DD` text (no time zone involved). */
async function findProtectedPerson(db: Db, by: { externalId: string } | { name: string }) {
  let query = db
    .selectFrom('public_figures')
    .select([
      'id', 'external_id', 'name', 'aliases', 'living', 'opted_in', 'estate_opted_out', 'role', 'note', 'source',
      sql<string | null>`to_char(born_on, 'YYYY-MM-DD')`.as('born_on'),
      sql<string | null>`to_char(died_on, 'YYYY-MM-DD')`.as('died_on'),
      sql<string | null>`to_char(source_date, 'YYYY-MM-DD')`.as('source_date'),
    ]);
  query = 'externalId' in by ? query.where('external_id', '=', by.externalId) : query.where('name', '=', by.name);
  return query.executeTakeFirst();
}

/** Aliases of `before` followed by the new ones not yet present (compared case-insensitively), never the name itself. */
function mergeAliases(name: string, before: readonly string[], added: readonly string[]): string[] {
  const seen = new Set([name.toLocaleLowerCase()]);
  const merged: string[] = [];
  for (const alias of [...before, ...added]) {
    const key = alias.trim().toLocaleLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    merged.push(alias.trim());
  }
  return merged;
}

/**
 * Adds a protected person to the registry, or updates the entry that is the same person: the one
 * with the same `externalId` when given, else the one with the same name. Used by the imports, the
 * starter list and upheld likeness complaints (e.g. a complainant's own name, living and not opted
 * in; or an estate's opt-out: `{ name, living: false, estateOptedOut: true }`).
 *
 * Updating merges aliases (an alias is only removed in the console), overwrites the fields the
 * entry gives, keeps the rest (a cameo opt-in is never touched here), and records `source` as the
 * entry's latest writer. With `options.onlyOverwriteSource` (a prefix such as "starter list") an
 * existing row written by any other source is `kept` as it is: staff edits win over shipped data.
 * Nothing is written when nothing would change (`unchanged`).
 *
 * Throws `PublicFigureRefused`: `external_id_conflict` when the name belongs to an entry with
 * another Wikidata id (two people share a name: staff must tell them apart), `duplicate_name` when
 * renaming an entry onto another entry's name, `opted_in_not_living` when a person who opted in
 * with a cameo would be recorded as dead (staff withdraw the opt-in first). These are checked
 * before writing, so a caller inside a transaction can go on with its next entry.
 */
export async function upsertProtectedPerson(
  db: Db,
  entry: ProtectedPersonEntry,
  source: RegistrySource,
  options: { onlyOverwriteSource?: string } = {},
): Promise<UpsertOutcome> {
  const living = entry.living && !entry.diedOn;
  const byId = entry.externalId ? await findProtectedPerson(db, { externalId: entry.externalId }) : undefined;
  const byName = await findProtectedPerson(db, { name: entry.name });
  if (entry.externalId && !byId && byName?.external_id && byName.external_id !== entry.externalId) {
    throw new PublicFigureRefused(
      'external_id_conflict',
      `${entry.name} is already in the registry as ${byName.external_id}, not ${entry.externalId}: if these are two people, give one of them a distinguishing name in the console.`,
    );
  }
  if (byId && byName && byId.id !== byName.id) {
    throw new PublicFigureRefused('duplicate_name', `${entry.name} (${entry.externalId}) would take the name of another registry entry; rename one of them in the console first.`);
  }
  const before = byId ?? byName;
  const values = {
    external_id: entry.externalId ?? before?.external_id ?? null,
    name: entry.name,
    aliases: mergeAliases(entry.name, before?.aliases ?? [], entry.aliases),
    living,
    born_on: entry.bornOn !== undefined ? entry.bornOn : (before?.born_on ?? null),
    // A living entry has no date of death; a dead one keeps the known date when the entry gives none.
    died_on: living ? null : entry.diedOn !== undefined ? entry.diedOn : (before?.died_on ?? null),
    role: entry.role !== undefined ? entry.role : (before?.role ?? null),
    // An estate opt-out only means something for a deceased person (CHECK public_figures_estate_deceased).
    estate_opted_out: living ? false : (entry.estateOptedOut ?? before?.estate_opted_out ?? false),
    note: entry.note !== undefined ? entry.note : (before?.note ?? null),
  };
  if (!before) {
    try {
      const row = await db
        .insertInto('public_figures')
        .values({ ...values, aliases: JSON.stringify(values.aliases), source: source.label, source_date: source.date ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { outcome: 'added', id: row.id };
    } catch (error) {
      // Only a concurrent writer of the same name gets here (the lookups above found none).
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new PublicFigureRefused('duplicate_name', `${entry.name} is already in the registry.`);
      throw error;
    }
  }
  if (options.onlyOverwriteSource !== undefined && !before.source.startsWith(options.onlyOverwriteSource)) return { outcome: 'kept', id: before.id };
  if (before.opted_in && !living) {
    throw new PublicFigureRefused('opted_in_not_living', `${before.name} opted in with a cameo; withdraw the opt-in in the console before recording them as deceased.`);
  }
  const same =
    values.external_id === before.external_id && values.name === before.name && values.living === before.living &&
    values.born_on === before.born_on && values.died_on === before.died_on && values.role === before.role &&
    values.estate_opted_out === before.estate_opted_out && values.note === before.note &&
    JSON.stringify(values.aliases) === JSON.stringify(before.aliases);
  if (same) return { outcome: 'unchanged', id: before.id };
  await db
    .updateTable('public_figures')
    .set({ ...values, aliases: JSON.stringify(values.aliases), source: source.label, source_date: source.date ?? null, updated_at: new Date() })
    .where('id', '=', before.id)
    .execute();
  return { outcome: 'updated', id: before.id };
}
