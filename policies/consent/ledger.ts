/**
 * A cameo's consent ledger: its events, and their fold into the cameo's current state.
 *
 * Every change an owner makes is an immutable event with the next version number (1, 2, 3, ...);
 * the state at version n is the fold of events 1..n. db/queries/cameo-ledger.ts appends an event and
 * writes the same change to the projection (cameos, cameo_grants, cameo_blocks) in one transaction,
 * so the projection always equals `foldCameoLedger` of the stored events (a test checks it), and a
 * consent check can name the version it relied on.
 */
import type { CameoAccessLevel, CameoKind, CameoLedgerEventKind, CameoRestriction } from './types';

/** Payload of each event kind, as stored in cameo_ledger_events.payload. */
export interface CameoLedgerPayloads {
  created: {
    kind: CameoKind;
    displayName: string;
    description: string | null;
    accessLevel: CameoAccessLevel;
    restrictions: CameoRestriction[];
    restrictionsNote: string | null;
  };
  access_level_set: { accessLevel: CameoAccessLevel };
  grant_added: { creatorId: string };
  grant_withdrawn: { creatorId: string };
  person_blocked: { creatorId: string };
  person_unblocked: { creatorId: string };
  restrictions_set: { restrictions: CameoRestriction[]; restrictionsNote: string | null };
  deleted: Record<string, never>;
}

/** One event of a cameo's ledger; `version` starts at 1 and has no gaps. */
export type CameoLedgerEvent = {
  [Kind in CameoLedgerEventKind]: { version: number; kind: Kind; payload: CameoLedgerPayloads[Kind] };
}[CameoLedgerEventKind];

/** A cameo as of one ledger version. `grants` and `blocks` are creator ids, sorted. */
export interface CameoLedgerState {
  version: number;
  kind: CameoKind;
  displayName: string;
  description: string | null;
  accessLevel: CameoAccessLevel;
  restrictions: CameoRestriction[];
  restrictionsNote: string | null;
  grants: string[];
  blocks: string[];
  deleted: boolean;
}

/** A ledger that cannot be folded (a gap, a first event that is not 'created', a change after deletion). */
export class InvalidCameoLedger extends Error {
  readonly code = 'InvalidCameoLedger';
}

const withId = (ids: readonly string[], id: string) => (ids.includes(id) ? [...ids] : [...ids, id].sort());
const withoutId = (ids: readonly string[], id: string) => ids.filter((other) => other !== id);

/**
 * The state after one more event. `state` is null before the first event. Throws
 * InvalidCameoLedger when the event does not follow (wrong version, not created first, after
 * deletion). Adding a grant that exists, or withdrawing one that does not, changes nothing but the
 * version: the event still happened.
 */
export function applyCameoLedgerEvent(state: CameoLedgerState | null, event: CameoLedgerEvent): CameoLedgerState {
  const expected = (state?.version ?? 0) + 1;
  if (event.version !== expected) throw new InvalidCameoLedger(`Expected ledger version ${expected}, got ${event.version}.`);
  if (state === null) {
    if (event.kind !== 'created') throw new InvalidCameoLedger(`A cameo's ledger starts with 'created', not '${event.kind}'.`);
    const p = event.payload;
    return {
      version: 1, kind: p.kind, displayName: p.displayName, description: p.description, accessLevel: p.accessLevel,
      restrictions: p.restrictions, restrictionsNote: p.restrictionsNote, grants: [], blocks: [], deleted: false,
    };
  }
  if (state.deleted) throw new InvalidCameoLedger('A deleted cameo takes no further events.');
  const next = { ...state, version: event.version };
  switch (event.kind) {
    case 'created':
      throw new InvalidCameoLedger('A cameo is created only once.');
    case 'access_level_set':
      return { ...next, accessLevel: event.payload.accessLevel };
    case 'grant_added':
      return { ...next, grants: withId(state.grants, event.payload.creatorId) };
    case 'grant_withdrawn':
      return { ...next, grants: withoutId(state.grants, event.payload.creatorId) };
    case 'person_blocked':
      return { ...next, blocks: withId(state.blocks, event.payload.creatorId) };
    case 'person_unblocked':
      return { ...next, blocks: withoutId(state.blocks, event.payload.creatorId) };
    case 'restrictions_set':
      return { ...next, restrictions: event.payload.restrictions, restrictionsNote: event.payload.restrictionsNote };
    case 'deleted':
      return { ...next, deleted: true };
  }
}

/**
 * The state of a cameo after its events (in any order; sorted by version here), optionally only
 * up to `upToVersion` (the state a past consent check saw). Throws InvalidCameoLedger for an empty
 * ledger, a gap or an impossible sequence.
 */
export function foldCameoLedger(events: readonly CameoLedgerEvent[], upToVersion = Number.POSITIVE_INFINITY): CameoLedgerState {
  const ordered = [...events].sort((a, b) => a.version - b.version).filter((event) => event.version <= upToVersion);
  let state: CameoLedgerState | null = null;
  for (const event of ordered) state = applyCameoLedgerEvent(state, event);
  if (!state) throw new InvalidCameoLedger('A cameo ledger needs at least its created event.');
  return state;
}
