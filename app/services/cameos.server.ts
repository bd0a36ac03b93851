/**
 * A creator's cameos (their likeness, or a character they registered) and the consent ledger
 * behind them: create, list, read the ledger, set the access level or the restrictions, grant,
 * withdraw, block, unblock, delete. Every change is one ledger event written with its projection
 * (db/queries/cameo-ledger.ts). Withdrawing a grant, blocking a person and deleting a cameo end a
 * consent, so each then starts a likeness takedown of every use that relied on it.
 *
 * Each function takes the acting creator's id first (after the app's deps) and its zod input,
 * exported beside it as `<fn>Input`; a cameo that is not the creator's is refused as not found.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  appendCameoLedgerChange, CameoLedgerConflict, CameoNotFound, createCameoWithLedger, listCameoLedgerEvents, readCameoState,
  type CameoLedgerChange,
} from '../../db/queries/cameo-ledger';
import type { Database } from '../../db/schema';
import {
  CAMEO_ACCESS_LEVELS, CAMEO_KINDS, CAMEO_RESTRICTION_TOPICS, describeRestriction, InvalidCameoLedger, type CameoLedgerState,
} from '../../policies/consent';
import type { LikenessTakedownTrigger } from '../../contracts';
import { ServiceRefusal } from './refusal';
import { startBiometricDeletion, startLikenessTakedown, type WorkflowClientDeps } from './workflow-client.server';

/**
 * What these services need: the database and, for takedowns and biometric deletions, the Temporal
 * client; `biometricRetentionSeconds` is LOUPE_BIOMETRIC_RETENTION_DAYS (absent: the workflow's 30 days).
 */
export type CameoServiceDeps = WorkflowClientDeps & { db: Kysely<Database>; biometricRetentionSeconds?: number };

const cameoId = z.uuid({ message: 'cameoId must be a cameo id (UUID)' });
const personId = z.uuid({ message: 'the person must be named by their creator id (UUID)' });
/** The ledger version the caller saw; a changed cameo is refused instead of overwritten. Optional. */
const expectedVersion = z.number().int().min(0).optional();

/** One structured restriction, as owners send it. */
export const cameoRestrictionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no_topic'), topic: z.enum(CAMEO_RESTRICTION_TOPICS) }),
  z.object({
    kind: z.literal('banned_words'),
    words: z.array(z.string().trim().min(1, 'a banned word cannot be empty').max(60, 'a banned word or phrase has at most 60 characters')).min(1).max(50),
  }),
]);
const restrictionsSchema = z.array(cameoRestrictionSchema).max(20, 'at most 20 restrictions per cameo');
const restrictionsNote = z.string().trim().max(1000, 'the note has at most 1000 characters').nullable().default(null);

/** A cameo as its owner sees it: the ledger state with grants and blocks named by handle. */
export interface OwnCameo {
  cameoId: string;
  version: number;
  kind: CameoLedgerState['kind'];
  displayName: string;
  description: string | null;
  accessLevel: CameoLedgerState['accessLevel'];
  restrictions: CameoLedgerState['restrictions'];
  /** One sentence per restriction, for screens. */
  restrictionSentences: string[];
  restrictionsNote: string | null;
  grants: { creatorId: string; handle: string }[];
  blocks: { creatorId: string; handle: string }[];
  deleted: boolean;
  /** Issue 12: a live face capture verified this cameo (never any biometric data: just yes or no). */
  faceVerified: boolean;
}

async function handlesOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('creators').select(['id', 'handle']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.handle]));
}

async function view(db: Kysely<Database>, id: string, state: CameoLedgerState): Promise<OwnCameo> {
  const handles = await handlesOf(db, [...state.grants, ...state.blocks]);
  const named = (ids: string[]) => ids.map((creatorId) => ({ creatorId, handle: handles.get(creatorId) ?? '(unknown)' }));
  const verified = await db.selectFrom('cameos').select('face_verified_at').where('id', '=', id).executeTakeFirst();
  return {
    cameoId: id, version: state.version, kind: state.kind, displayName: state.displayName, description: state.description,
    accessLevel: state.accessLevel, restrictions: state.restrictions, restrictionSentences: state.restrictions.map(describeRestriction),
    restrictionsNote: state.restrictionsNote, grants: named(state.grants), blocks: named(state.blocks), deleted: state.deleted,
    faceVerified: !state.deleted && (verified?.face_verified_at ?? null) !== null,
  };
}

/** The creator's own cameo, or a NOT_FOUND refusal (someone else's cameo is not shown to exist). */
async function ownCameo(db: Kysely<Database>, creatorId: string, id: string, options: { changing: boolean }) {
  const current = await readCameoState(db, id);
  if (!current || current.ownerId !== creatorId) throw new ServiceRefusal('NOT_FOUND', 'You have no cameo with that id.');
  if (options.changing && current.state.deleted) throw new ServiceRefusal('BAD_REQUEST', 'This cameo was deleted; it can no longer be changed.');
  return current.state;
}

/** Appends a change as the owner, turning the ledger's errors into refusals. */
async function change(deps: CameoServiceDeps, creatorId: string, id: string, ledgerChange: CameoLedgerChange, expected?: number): Promise<CameoLedgerState> {
  try {
    return await appendCameoLedgerChange(deps.db, { cameoId: id, change: ledgerChange, actorId: creatorId, ...(expected === undefined ? {} : { expectedVersion: expected }) });
  } catch (error) {
    if (error instanceof CameoLedgerConflict) throw new ServiceRefusal('CONFLICT', error.message);
    if (error instanceof CameoNotFound) throw new ServiceRefusal('NOT_FOUND', 'You have no cameo with that id.');
    if (error instanceof InvalidCameoLedger) throw new ServiceRefusal('BAD_REQUEST', 'This cameo was deleted; it can no longer be changed.');
    throw error;
  }
}

async function creatorExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('creators').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Starts the takedown of every use that relied on the consent this change ended. */
async function takeDownUses(
  deps: CameoServiceDeps, creatorId: string, id: string, trigger: LikenessTakedownTrigger, subjectCreatorId: string | null, version: number, reason: string,
): Promise<string> {
  const { takedownId } = await startLikenessTakedown(deps, {
    trigger, cameoId: id, subjectCreatorId, videoId: null, ledgerVersion: version, requestedBy: { kind: 'creator', id: creatorId }, reason,
  });
  return takedownId;
}

export const createCameoInput = z.object({
  kind: z.enum(CAMEO_KINDS).default('person'),
  displayName: z.string().trim().min(1, 'a cameo needs a name').max(80, 'a cameo name has at most 80 characters'),
  description: z.string().trim().max(500, 'the description has at most 500 characters').nullable().default(null),
  accessLevel: z.enum(CAMEO_ACCESS_LEVELS).default('only_me'),
  restrictions: restrictionsSchema.default([]),
  restrictionsNote,
});

/** Registers a cameo (a person's likeness or a character) with its first ledger event. Refuses NOT_FOUND for an unknown creator. */
export async function createCameo(deps: Pick<CameoServiceDeps, 'db'>, creatorId: string, rawInput: z.input<typeof createCameoInput>): Promise<OwnCameo> {
  const input = createCameoInput.parse(rawInput);
  if (!(await creatorExists(deps.db, creatorId))) throw new ServiceRefusal('NOT_FOUND', 'There is no creator with that id.');
  const created = {
    kind: input.kind, displayName: input.displayName, description: input.description, accessLevel: input.accessLevel,
    restrictions: input.restrictions, restrictionsNote: input.restrictionsNote,
  };
  const { cameoId: id } = await createCameoWithLedger(deps.db, { ownerId: creatorId, created });
  return view(deps.db, id, { version: 1, ...created, grants: [], blocks: [], deleted: false });
}

/** The creator's cameos that are not deleted, oldest first. */
export async function listOwnCameos(deps: Pick<CameoServiceDeps, 'db'>, creatorId: string): Promise<OwnCameo[]> {
  const rows = await deps.db.selectFrom('cameos').select('id').where('owner_id', '=', creatorId).where('deleted_at', 'is', null).where('revoked_at', 'is', null)
    .orderBy('created_at').orderBy('id').execute();
  const cameos: OwnCameo[] = [];
  for (const row of rows) {
    const current = await readCameoState(deps.db, row.id);
    if (current) cameos.push(await view(deps.db, row.id, current.state));
  }
  return cameos;
}

export const getCameoLedgerInput = z.object({ cameoId });

/** Every event of one of the creator's cameos, oldest first, and the state they fold into. */
export async function getCameoLedger(deps: Pick<CameoServiceDeps, 'db'>, creatorId: string, rawInput: z.input<typeof getCameoLedgerInput>) {
  const { cameoId: id } = getCameoLedgerInput.parse(rawInput);
  const state = await ownCameo(deps.db, creatorId, id, { changing: false });
  const events = await listCameoLedgerEvents(deps.db, id);
  return { cameo: await view(deps.db, id, state), events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) };
}

export const setAccessLevelInput = z.object({ cameoId, accessLevel: z.enum(CAMEO_ACCESS_LEVELS), expectedVersion });

/** Sets who may use the cameo. Refuses NOT_FOUND, BAD_REQUEST (deleted), CONFLICT (changed since expectedVersion). */
export async function setAccessLevel(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof setAccessLevelInput>): Promise<OwnCameo> {
  const input = setAccessLevelInput.parse(rawInput);
  await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  const state = await change(deps, creatorId, input.cameoId, { kind: 'access_level_set', payload: { accessLevel: input.accessLevel } }, input.expectedVersion);
  return view(deps.db, input.cameoId, state);
}

export const setRestrictionsInput = z.object({ cameoId, restrictions: restrictionsSchema, restrictionsNote, expectedVersion });

/** Replaces the cameo's restrictions and the owner's note for reviewers. Refuses as setAccessLevel. */
export async function setRestrictions(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof setRestrictionsInput>): Promise<OwnCameo> {
  const input = setRestrictionsInput.parse(rawInput);
  await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  const state = await change(
    deps, creatorId, input.cameoId, { kind: 'restrictions_set', payload: { restrictions: input.restrictions, restrictionsNote: input.restrictionsNote } }, input.expectedVersion,
  );
  return view(deps.db, input.cameoId, state);
}

export const addGrantInput = z.object({ cameoId, granteeId: personId });

/** Lets one creator use the cameo. Granting an existing grant changes nothing. Refuses NOT_FOUND, BAD_REQUEST (oneself, deleted). */
export async function addGrant(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof addGrantInput>): Promise<OwnCameo> {
  const input = addGrantInput.parse(rawInput);
  const current = await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  if (input.granteeId === creatorId) throw new ServiceRefusal('BAD_REQUEST', 'You own this cameo; you need no grant to use it.');
  if (!(await creatorExists(deps.db, input.granteeId))) throw new ServiceRefusal('NOT_FOUND', 'There is no creator with that id to grant.');
  if (current.grants.includes(input.granteeId)) return view(deps.db, input.cameoId, current);
  return view(deps.db, input.cameoId, await change(deps, creatorId, input.cameoId, { kind: 'grant_added', payload: { creatorId: input.granteeId } }));
}

export const withdrawGrantInput = z.object({ cameoId, granteeId: personId });

/**
 * Withdraws one creator's grant and starts the takedown of their uses that relied on it. Refuses
 * NOT_FOUND (no such cameo, or that creator has no grant).
 */
export async function withdrawGrant(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof withdrawGrantInput>) {
  const input = withdrawGrantInput.parse(rawInput);
  const current = await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  if (!current.grants.includes(input.granteeId)) throw new ServiceRefusal('NOT_FOUND', 'That creator has no grant for this cameo.');
  const state = await change(deps, creatorId, input.cameoId, { kind: 'grant_withdrawn', payload: { creatorId: input.granteeId } });
  const takedownId = await takeDownUses(
    deps, creatorId, input.cameoId, 'grant_withdrawn', input.granteeId, state.version, `The owner of the cameo "${state.displayName}" withdrew your permission to use it.`,
  );
  return { cameo: await view(deps.db, input.cameoId, state), takedownId };
}

export const blockPersonInput = z.object({ cameoId, personId });

/**
 * Blocks one creator from the cameo whatever the access level, and starts the takedown of their
 * uses. Blocking again changes nothing and starts nothing. Refuses NOT_FOUND, BAD_REQUEST (oneself).
 */
export async function blockPerson(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof blockPersonInput>) {
  const input = blockPersonInput.parse(rawInput);
  const current = await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  if (input.personId === creatorId) throw new ServiceRefusal('BAD_REQUEST', 'You cannot block yourself from your own cameo.');
  if (!(await creatorExists(deps.db, input.personId))) throw new ServiceRefusal('NOT_FOUND', 'There is no creator with that id to block.');
  if (current.blocks.includes(input.personId)) return { cameo: await view(deps.db, input.cameoId, current), takedownId: null };
  const state = await change(deps, creatorId, input.cameoId, { kind: 'person_blocked', payload: { creatorId: input.personId } });
  const takedownId = await takeDownUses(
    deps, creatorId, input.cameoId, 'person_blocked', input.personId, state.version, `The owner of the cameo "${state.displayName}" blocked you from using it.`,
  );
  return { cameo: await view(deps.db, input.cameoId, state), takedownId };
}

export const unblockPersonInput = z.object({ cameoId, personId });

/** Lifts a block (their taken-down videos stay down). Refuses NOT_FOUND (no such cameo or no such block). */
export async function unblockPerson(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof unblockPersonInput>): Promise<OwnCameo> {
  const input = unblockPersonInput.parse(rawInput);
  const current = await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  if (!current.blocks.includes(input.personId)) throw new ServiceRefusal('NOT_FOUND', 'That creator is not blocked from this cameo.');
  return view(deps.db, input.cameoId, await change(deps, creatorId, input.cameoId, { kind: 'person_unblocked', payload: { creatorId: input.personId } }));
}

export const deleteCameoInput = z.object({ cameoId });

/**
 * Deletes the cameo (its ledger stays, ending in 'deleted') and starts the takedown of every video
 * with it, the owner's own included, and the durable deletion of its face embeddings and capture
 * files after the retention period (issue 12). Refuses NOT_FOUND, BAD_REQUEST (deleted already).
 */
export async function deleteCameo(deps: CameoServiceDeps, creatorId: string, rawInput: z.input<typeof deleteCameoInput>) {
  const input = deleteCameoInput.parse(rawInput);
  await ownCameo(deps.db, creatorId, input.cameoId, { changing: true });
  const state = await change(deps, creatorId, input.cameoId, { kind: 'deleted', payload: {} });
  const takedownId = await takeDownUses(
    deps, creatorId, input.cameoId, 'cameo_deleted', null, state.version, `The owner of the cameo "${state.displayName}" deleted it, so videos with it are taken down.`,
  );
  await startBiometricDeletion(deps, {
    cameoId: input.cameoId, requestedAt: new Date().toISOString(),
    ...(deps.biometricRetentionSeconds === undefined ? {} : { retentionSeconds: deps.biometricRetentionSeconds }),
  });
  return { cameo: await view(deps.db, input.cameoId, state), takedownId };
}
