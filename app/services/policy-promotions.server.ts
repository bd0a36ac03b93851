/**
 * Making a prompt policy live: promoting a draft, or restoring the shipped rules (a rollback of every
 * promoted overlay). The latest promotion is the live overlay; the pipeline's next screening uses it.
 * Each promotion records the version it makes live, so the version exists before anything screens
 * with it, and writes its audit entry in the same transaction.
 */
import type { Kysely } from 'kysely';
import { compileOverlay, NO_CHANGES } from '../../policies';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { insertPromotion, loadScreeningInputs, recordPolicyVersion } from '../../db/queries/policy';
import { setDraftState } from '../../db/queries/policy-drafts';
import type { Database } from '../../db/schema';
import { requireDraft, requireTransition } from './policy-drafts.server';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/** Makes a draft (plain or in shadow) the live policy; refuses NOT_FOUND or CONFLICT (already promoted or discarded). */
export async function promoteDraft(db: Db, staff: Staff, id: string, note: string | null) {
  return db.transaction().execute(async (trx) => {
    const draft = await requireDraft(trx, id);
    const state = requireTransition(draft.state, 'promote');
    const inputs = await loadScreeningInputs(trx);
    const before = compileOverlay(inputs.live.changes, inputs.registries);
    const after = compileOverlay(draft.changes, inputs.registries);
    await recordPolicyVersion(trx, after, { changes: draft.changes, draftId: draft.id, role: 'live' });
    const promotionId = await insertPromotion(trx, { draftId: draft.id, ruleSetHash: after.ruleSetHash, changes: draft.changes, promotedBy: staff.id, note });
    await setDraftState(trx, draft.id, state, staff.id);
    await appendAudit(trx, {
      ...staffActor(staff),
      action: 'policy.promote',
      subjectType: 'policy_draft',
      subjectId: draft.id,
      before: { version: before.policy.version, ruleSetHash: before.ruleSetHash, draftId: inputs.live.draftId },
      after: { version: after.policy.version, ruleSetHash: after.ruleSetHash, promotionId, note },
    });
    return { promotionId, version: after.policy.version, previousVersion: before.policy.version };
  });
}

/** Makes the shipped rules live again; `note` says why (it is required by the console). */
export async function restoreShippedRules(db: Db, staff: Staff, note: string) {
  return db.transaction().execute(async (trx) => {
    const inputs = await loadScreeningInputs(trx);
    const before = compileOverlay(inputs.live.changes, inputs.registries);
    const after = compileOverlay(NO_CHANGES, inputs.registries);
    await recordPolicyVersion(trx, after, { changes: NO_CHANGES, draftId: null, role: 'live' });
    const promotionId = await insertPromotion(trx, { draftId: null, ruleSetHash: after.ruleSetHash, changes: NO_CHANGES, promotedBy: staff.id, note });
    await appendAudit(trx, {
      ...staffActor(staff), action: 'policy.restore_shipped', subjectType: 'policy', subjectId: 'live',
      before: { version: before.policy.version, draftId: inputs.live.draftId }, after: { version: after.policy.version, promotionId, note },
    });
    return { version: after.policy.version };
  });
}
