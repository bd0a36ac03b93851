/**
 * The registries compiled into the prompt policy, edited from the console: public figures, and
 * copyright opt-out requests whose approval adds the work to the copyright registry. The next
 * screening compiles the change in (a new policy version). Each write carries its audit entry in
 * the same transaction.
 */
import type { Kysely } from 'kysely';
import { appendAudit, staffActor } from '../../db/queries/audit';
import {
  getPublicFigure, insertCopyrightOptOut, lockCopyrightOptOut, PublicFigureRefused, recordCopyrightOptOutDecision, registerCopyrightedWork,
  savePublicFigure as writePublicFigure, type CopyrightOptOutEntry, type PublicFigureEntry,
} from '../../db/queries/policy-registries';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/**
 * Adds a public figure, or updates the one with `id`. Refuses NOT_FOUND for an unknown id,
 * CONFLICT for a name already registered, BAD_REQUEST for a cameo that does not exist.
 */
export async function savePublicFigure(db: Db, staff: Staff, input: PublicFigureEntry & { id?: string }) {
  return db.transaction().execute(async (trx) => {
    const before = input.id ? await getPublicFigure(trx, input.id) : undefined;
    if (input.id && !before) throw new ServiceRefusal('NOT_FOUND', 'There is no public figure with that id.');
    let id: string;
    try {
      id = await writePublicFigure(trx, input, before?.id);
    } catch (error) {
      if (error instanceof PublicFigureRefused) throw new ServiceRefusal(error.reason === 'duplicate_name' ? 'CONFLICT' : 'BAD_REQUEST', error.message);
      throw error;
    }
    await appendAudit(trx, {
      ...staffActor(staff), action: before ? 'policy.public_figure.update' : 'policy.public_figure.create', subjectType: 'public_figure', subjectId: id,
      before: before ?? undefined, after: input,
    });
    return { id };
  });
}

/** Records a rights holder's request that a character, work or brand not be generated (pending until decided). */
export async function submitCopyrightOptOut(db: Db, staff: Staff, input: CopyrightOptOutEntry) {
  return db.transaction().execute(async (trx) => {
    const id = await insertCopyrightOptOut(trx, input, staff.id);
    await appendAudit(trx, { ...staffActor(staff), action: 'copyright_optout.submit', subjectType: 'copyright_optout_request', subjectId: id, after: input });
    return { id };
  });
}

/**
 * Decides a pending opt-out request; approving adds the work to the copyright registry. Refuses
 * NOT_FOUND for an unknown request and CONFLICT for one already decided (nothing is changed).
 */
export async function decideCopyrightOptOut(db: Db, staff: Staff, input: { id: string; decision: 'approve' | 'deny'; note: string | null }) {
  return db.transaction().execute(async (trx) => {
    const request = await lockCopyrightOptOut(trx, input.id);
    if (!request) throw new ServiceRefusal('NOT_FOUND', 'There is no copyright opt-out request with that id.');
    if (request.state !== 'pending') throw new ServiceRefusal('CONFLICT', `This request was already ${request.state}; nothing was changed.`);
    const state = input.decision === 'approve' ? 'approved' : 'denied';
    await recordCopyrightOptOutDecision(trx, request.id, { state, decidedBy: staff.id, note: input.note });
    if (state === 'approved') {
      await registerCopyrightedWork(trx, { name: request.name, aliases: request.aliases, owner: request.owner, kind: request.kind, optoutRequestId: request.id });
    }
    await appendAudit(trx, {
      ...staffActor(staff), action: `copyright_optout.${state === 'approved' ? 'approve' : 'deny'}`, subjectType: 'copyright_optout_request',
      subjectId: request.id, before: { state: request.state }, after: { state, note: input.note, name: request.name },
    });
    return { state };
  });
}
