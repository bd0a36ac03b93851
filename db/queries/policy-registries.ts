/**
 * The registries compiled into the prompt policy, as the console edits them: public figures, and
 * copyrighted works that grow from approved copyright opt-out requests. (What the screening reads
 * of them is `loadRegistries` in policy.ts.)
 */
import type { Kysely, Transaction } from 'kysely';
import type { CopyrightKind, Database } from '../schema';

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
  constructor(readonly reason: 'duplicate_name' | 'unknown_cameo', message: string) {
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
}

/**
 * Inserts a public figure, or updates the one with `id`. Returns the row's id. Throws
 * `PublicFigureRefused` for a name already registered or a cameo that does not exist.
 */
export async function savePublicFigure(db: Db, entry: PublicFigureEntry, id?: string): Promise<string> {
  const values = {
    name: entry.name, aliases: JSON.stringify(entry.aliases), living: entry.living, opted_in: entry.optedIn,
    cameo_id: entry.cameoId, estate_opted_out: entry.estateOptedOut, note: entry.note,
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

/** A rights holder's request that a character, work or brand not be generated. */
export interface CopyrightOptOutEntry {
  name: string;
  aliases: string[];
  owner: string;
  kind: CopyrightKind;
  contact: string;
  evidence: string | null;
}

/** Records a pending opt-out request submitted by `staffId`; returns its id. */
export async function insertCopyrightOptOut(db: Db, entry: CopyrightOptOutEntry, staffId: string): Promise<string> {
  const row = await db
    .insertInto('copyright_optout_requests')
    .values({ ...entry, aliases: JSON.stringify(entry.aliases), submitted_by: staffId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The request, locked for the rest of the transaction (two decisions on one request serialise), or undefined. */
export async function lockCopyrightOptOut(db: Transaction<Database>, id: string) {
  return db.selectFrom('copyright_optout_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records the decision on a request. */
export async function recordCopyrightOptOutDecision(
  db: Db,
  id: string,
  decision: { state: 'approved' | 'denied'; decidedBy: string; note: string | null },
): Promise<void> {
  await db
    .updateTable('copyright_optout_requests')
    .set({ state: decision.state, decided_by: decision.decidedBy, decided_at: new Date(), decision_note: decision.note })
    .where('id', '=', id)
    .execute();
}

/**
 * Adds an approved request's work to the copyright registry. A work already registered under this
 * name (another owner's request) keeps its entry: the decision is still recorded on the request.
 */
export async function registerCopyrightedWork(
  db: Db,
  work: { name: string; aliases: string[]; owner: string; kind: CopyrightKind; optoutRequestId: string },
): Promise<void> {
  await db
    .insertInto('copyrighted_works')
    .values({ name: work.name, aliases: JSON.stringify(work.aliases), owner: work.owner, kind: work.kind, optout_request_id: work.optoutRequestId })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}
