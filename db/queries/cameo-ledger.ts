/**
 * Writes to a cameo's consent ledger. Invariant: a cameo's projection (its `cameos` row,
 * `cameo_grants` and `cameo_blocks`) is always the fold of its `cameo_ledger_events`
 * (policies/consent foldCameoLedger), and `cameos.ledger_version` is the version of its last
 * event. Every write therefore appends the event and changes the projection in ONE transaction,
 * holding the cameo's row lock (SELECT ... FOR UPDATE), so two owners' tabs cannot interleave.
 *
 * Optimistic concurrency: a caller may pass the version it saw (`expectedVersion`); when the ledger
 * moved on since, nothing is written and CameoLedgerConflict is thrown (the app refuses with
 * "reload"). The unique (cameo_id, version) key is the last line of defence.
 *
 * Cameos made before their ledger (version 0: test fixtures, or rows written by hand) are adopted on
 * their first change: a 'created' event, and a 'grant_added' / 'person_blocked' event for every
 * grant and block, are written from the projection first, as migration 011 did for old cameos.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  applyCameoLedgerEvent,
  type CameoLedgerEvent,
  type CameoLedgerPayloads,
  type CameoLedgerState,
  type CameoLedgerEventKind,
} from '../../policies/consent';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The ledger moved on since the caller read it (another change came first). */
export class CameoLedgerConflict extends Error {
  override name = 'CameoLedgerConflict';
}

/** No cameo with that id. */
export class CameoNotFound extends Error {
  override name = 'CameoNotFound';
}

/** One change an owner makes: an event kind with its payload (the version is assigned here). */
export type CameoLedgerChange = { [K in CameoLedgerEventKind]: { kind: K; payload: CameoLedgerPayloads[K] } }[CameoLedgerEventKind];

/** A stored event, as the owner's ledger view shows it. */
export interface StoredCameoLedgerEvent {
  version: number;
  kind: CameoLedgerEventKind;
  payload: Record<string, unknown>;
  actorId: string | null;
  createdAt: Date;
}

/** The projection of one cameo as a ledger state, with its owner; the row is locked when `forUpdate`. */
async function readProjection(db: Db, cameoId: string, forUpdate: boolean): Promise<{ ownerId: string; state: CameoLedgerState } | null> {
  let query = db
    .selectFrom('cameos')
    .select(['owner_id', 'kind', 'display_name', 'description', 'access_level', 'restrictions', 'restrictions_note', 'deleted_at', 'revoked_at', 'ledger_version'])
    .where('id', '=', cameoId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const [grants, blocks] = await Promise.all([
    db.selectFrom('cameo_grants').select('grantee_id').where('cameo_id', '=', cameoId).execute(),
    db.selectFrom('cameo_blocks').select('blocked_id').where('cameo_id', '=', cameoId).execute(),
  ]);
  return {
    ownerId: row.owner_id,
    state: {
      version: row.ledger_version,
      kind: row.kind,
      displayName: row.display_name,
      description: row.description,
      accessLevel: row.access_level,
      restrictions: row.restrictions,
      restrictionsNote: row.restrictions_note,
      grants: grants.map((g) => g.grantee_id).sort(),
      blocks: blocks.map((b) => b.blocked_id).sort(),
      deleted: row.deleted_at !== null || row.revoked_at !== null,
    },
  };
}

/** The current state of a cameo (its projection), or null when there is no such cameo. */
export async function readCameoState(db: Db, cameoId: string): Promise<{ ownerId: string; state: CameoLedgerState } | null> {
  return readProjection(db, cameoId, false);
}

async function insertEvent(trx: Transaction<Database>, cameoId: string, event: CameoLedgerEvent, actorId: string | null): Promise<void> {
  await trx
    .insertInto('cameo_ledger_events')
    .values({ cameo_id: cameoId, version: event.version, kind: event.kind, payload: JSON.stringify(event.payload), actor_id: actorId })
    .execute();
}

/** Writes version-0 cameo's history from its projection (see the module comment); returns its state at the new version. */
async function adopt(trx: Transaction<Database>, cameoId: string, ownerId: string, state: CameoLedgerState): Promise<CameoLedgerState> {
  let version = 0;
  const events: CameoLedgerEvent[] = [
    {
      version: ++version,
      kind: 'created',
      payload: {
        kind: state.kind, displayName: state.displayName, description: state.description, accessLevel: state.accessLevel,
        restrictions: state.restrictions, restrictionsNote: state.restrictionsNote,
      },
    },
    ...state.grants.map((creatorId) => ({ version: ++version, kind: 'grant_added' as const, payload: { creatorId } })),
    ...state.blocks.map((creatorId) => ({ version: ++version, kind: 'person_blocked' as const, payload: { creatorId } })),
  ];
  if (state.deleted) events.push({ version: ++version, kind: 'deleted', payload: {} });
  for (const event of events) await insertEvent(trx, cameoId, event, ownerId);
  await trx.updateTable('cameos').set({ ledger_version: version }).where('id', '=', cameoId).execute();
  return { ...state, version };
}

/** Writes the difference between two states to the projection tables. */
async function project(trx: Transaction<Database>, cameoId: string, before: CameoLedgerState, after: CameoLedgerState): Promise<void> {
  const now = new Date();
  await trx
    .updateTable('cameos')
    .set({
      access_level: after.accessLevel,
      restrictions: JSON.stringify(after.restrictions),
      restrictions_note: after.restrictionsNote,
      ledger_version: after.version,
      // revoked_at too: readers from before the ledger (the submission form) filter on it.
      ...(after.deleted && !before.deleted ? { deleted_at: now, revoked_at: now } : {}),
    })
    .where('id', '=', cameoId)
    .execute();
  const added = (next: string[], prev: string[]) => next.filter((id) => !prev.includes(id));
  for (const id of added(after.grants, before.grants)) await trx.insertInto('cameo_grants').values({ cameo_id: cameoId, grantee_id: id }).execute();
  for (const id of added(before.grants, after.grants)) await trx.deleteFrom('cameo_grants').where('cameo_id', '=', cameoId).where('grantee_id', '=', id).execute();
  for (const id of added(after.blocks, before.blocks)) await trx.insertInto('cameo_blocks').values({ cameo_id: cameoId, blocked_id: id }).execute();
  for (const id of added(before.blocks, after.blocks)) await trx.deleteFrom('cameo_blocks').where('cameo_id', '=', cameoId).where('blocked_id', '=', id).execute();
}

/**
 * Appends one change to a cameo's ledger and applies it to the projection, in one transaction (or
 * inside the caller's `trx`). Returns the state after the change (its `version` is the new event's).
 * Throws CameoNotFound, CameoLedgerConflict (expectedVersion is not the current version), or
 * policies' InvalidCameoLedger (the change cannot follow: the cameo is deleted).
 */
export async function appendCameoLedgerChange(
  db: Kysely<Database> | Transaction<Database>,
  input: { cameoId: string; change: CameoLedgerChange; actorId: string | null; expectedVersion?: number },
): Promise<CameoLedgerState> {
  const run = async (trx: Transaction<Database>) => {
    const current = await readProjection(trx, input.cameoId, true);
    if (!current) throw new CameoNotFound(`There is no cameo ${input.cameoId}.`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.state.version) {
      throw new CameoLedgerConflict(
        `This cameo changed since you looked (it is at version ${current.state.version}, you saw ${input.expectedVersion}). Reload it and try again.`,
      );
    }
    const before = current.state.version === 0 ? await adopt(trx, input.cameoId, current.ownerId, current.state) : current.state;
    const event = { version: before.version + 1, ...input.change } as CameoLedgerEvent;
    const after = applyCameoLedgerEvent(before, event);
    await insertEvent(trx, input.cameoId, event, input.actorId);
    await project(trx, input.cameoId, before, after);
    return after;
  };
  return db.isTransaction ? run(db as Transaction<Database>) : (db as Kysely<Database>).transaction().execute(run);
}

/** A new cameo with its 'created' event (version 1), in one transaction. Returns its id. */
export async function createCameoWithLedger(
  db: Kysely<Database>,
  input: { ownerId: string; created: CameoLedgerPayloads['created'] },
): Promise<{ cameoId: string; version: number }> {
  return db.transaction().execute(async (trx) => {
    const { created } = input;
    const row = await trx
      .insertInto('cameos')
      .values({
        owner_id: input.ownerId, display_name: created.displayName, access_level: created.accessLevel, kind: created.kind,
        description: created.description, restrictions: JSON.stringify(created.restrictions), restrictions_note: created.restrictionsNote,
        ledger_version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertEvent(trx, row.id, { version: 1, kind: 'created', payload: created }, input.ownerId);
    return { cameoId: row.id, version: 1 };
  });
}

/** A cameo's events, oldest first. */
export async function listCameoLedgerEvents(db: Db, cameoId: string): Promise<StoredCameoLedgerEvent[]> {
  const rows = await db
    .selectFrom('cameo_ledger_events')
    .select(['version', 'kind', 'payload', 'actor_id', 'created_at'])
    .where('cameo_id', '=', cameoId)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ version: row.version, kind: row.kind, payload: row.payload, actorId: row.actor_id, createdAt: row.created_at }));
}
