/**
 * Consent for every cameo in a request, decided with the consent ledger (policies/consent):
 * - checkConsent records each decision with the ledger version it relied on, tells each owner their
 *   likeness was used (drafts and refused requests included: owners see every use, not only the
 *   published ones), and opens an approval request for each cameo whose owner approves people one
 *   by one and has not approved this requester; the workflow waits for the answers.
 * - recordApprovalOutcome writes an owner's answer (or the workflow's expiry), tells the requester
 *   (and the owner, on expiry), and adds a lasting grant to the ledger when the owner asked for one.
 * - recheckConsent decides again with the ledger as it is now, just before publication, so a grant
 *   withdrawn or a block added while the clip was generating or in review stops it.
 *
 * Idempotent: consent_checks, approval requests and notifications are keyed by request and cameo,
 * so a retried activity writes nothing twice and the first recorded decision stands.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS, type RecordActivities } from '../contracts';
import { appendCameoLedgerChange } from '../db/queries/cameo-ledger';
import { mutualsAmong } from '../db/queries/follows';
import { sendNotification } from '../db/queries/notifications';
import type { Database } from '../db/schema';
import { decideCameoUse, InvalidCameoLedger, type ConsentDecision } from '../policies/consent';
import { faceCheckForCameo } from '../policies/faces';
import { faceCheckResultsOfRequest } from '../db/queries/face-checks';
import type { ActivityDeps } from './deps';

/** The request and, per cameo, everything its decision needs, read from the ledger's projection. */
async function loadCameoUses(db: Kysely<Database>, requestId: string) {
  const request = await db
    .selectFrom('generation_requests')
    .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
    .select(['generation_requests.creator_id', 'generation_requests.prompt', 'creators.handle'])
    .where('generation_requests.id', '=', requestId)
    .executeTakeFirst();
  if (!request) throw ApplicationFailure.nonRetryable(`No request ${requestId}.`, 'NotFound');
  const requesterId = request.creator_id;
  const cameos = await db
    .selectFrom('request_cameos')
    .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
    .leftJoin('cameo_grants', (join) => join.onRef('cameo_grants.cameo_id', '=', 'cameos.id').on('cameo_grants.grantee_id', '=', requesterId))
    .leftJoin('cameo_blocks', (join) => join.onRef('cameo_blocks.cameo_id', '=', 'cameos.id').on('cameo_blocks.blocked_id', '=', requesterId))
    .leftJoin('cameo_approval_requests as approvals', (join) =>
      join.onRef('approvals.cameo_id', '=', 'cameos.id').on('approvals.request_id', '=', requestId).on('approvals.state', '=', 'approved'),
    )
    .select([
      'cameos.id', 'cameos.owner_id', 'cameos.display_name', 'cameos.kind', 'cameos.access_level', 'cameos.revoked_at', 'cameos.deleted_at',
      'cameos.restrictions', 'cameos.ledger_version', 'cameo_grants.grantee_id', 'cameo_blocks.blocked_id', 'approvals.id as approved_id',
      'cameos.face_verified_at',
    ])
    .where('request_cameos.request_id', '=', requestId)
    .orderBy('cameos.id')
    .execute();
  const mutuals = await mutualsAmong(db, requesterId, [...new Set(cameos.map((cameo) => cameo.owner_id))]);
  // Issue 12: the faces recorded for the source image (none before its check ran: checkConsent comes
  // first, so only recheckConsent sees them) fill each cameo's FaceCheck (policies/faces/checks.ts).
  const sourceFaces = (await faceCheckResultsOfRequest(db, requestId, 'source_image')).map((row) => ({
    outcome: row.outcome,
    matchedSubject: row.matched_subject_kind !== null && row.matched_subject_id !== null ? { kind: row.matched_subject_kind, id: row.matched_subject_id } : null,
    distance: row.distance,
  }));
  return {
    request,
    uses: cameos.map((cameo) => ({
      cameo,
      decision: decideCameoUse({
        cameoName: cameo.display_name,
        cameoKind: cameo.kind,
        ownerId: cameo.owner_id,
        accessLevel: cameo.access_level,
        revoked: cameo.revoked_at !== null || cameo.deleted_at !== null,
        requesterId,
        requesterHasGrant: cameo.grantee_id !== null,
        requesterBlocked: cameo.blocked_id !== null,
        mutual: mutuals.has(cameo.owner_id),
        approvedForRequest: cameo.approved_id !== null,
        prompt: request.prompt,
        restrictions: cameo.restrictions,
        faceCheck: faceCheckForCameo({ id: cameo.id, verified: cameo.face_verified_at !== null }, sourceFaces),
      }),
    })),
  };
}

/** "72 hours", "5 seconds": how long an owner had, in the unit that reads naturally. */
function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

export function consentActivities({ db }: ActivityDeps): Pick<RecordActivities, 'checkConsent' | 'recordApprovalOutcome' | 'recheckConsent'> {
  return {
    async checkConsent({ requestId, approvalExpirySeconds }) {
      const expirySeconds = approvalExpirySeconds ?? DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS;
      const { request, uses } = await loadCameoUses(db, requestId);
      const refused = uses.filter((use) => use.decision.outcome === 'refused');
      // Owners are asked only when nothing else stops the request: nobody answers in vain.
      const asking = refused.length === 0;
      const expiresAt = new Date(Date.now() + expirySeconds * 1000);
      const pendingApprovals = [];

      for (const { cameo, decision } of uses) {
        const waits = decision.outcome === 'needs_approval' && asking;
        await db
          .insertInto('consent_checks')
          .values({
            request_id: requestId,
            cameo_id: cameo.id,
            allowed: decision.allowed,
            reason: decision.reason,
            outcome: decision.outcome === 'allowed' ? 'allowed' : waits ? 'pending_approval' : 'refused',
            consent_version: cameo.ledger_version,
          })
          .onConflict((oc) => oc.columns(['request_id', 'cameo_id']).doNothing())
          .execute();

        if (waits) {
          await db
            .insertInto('cameo_approval_requests')
            .values({ request_id: requestId, cameo_id: cameo.id, requester_id: request.creator_id, owner_id: cameo.owner_id, expires_at: expiresAt })
            .onConflict((oc) => oc.columns(['request_id', 'cameo_id']).doNothing())
            .execute();
          const approval = await db
            .selectFrom('cameo_approval_requests')
            .select(['id', 'expires_at'])
            .where('request_id', '=', requestId)
            .where('cameo_id', '=', cameo.id)
            .executeTakeFirstOrThrow();
          pendingApprovals.push({ approvalId: approval.id, cameoId: cameo.id, ownerId: cameo.owner_id, expiresAt: approval.expires_at.toISOString() });
          await sendNotification(db, {
            recipientId: cameo.owner_id,
            kind: 'approval_requested',
            requestId,
            body:
              `@${request.handle} asks to use your cameo "${cameo.display_name}" in a video (still a draft): "${request.prompt}". ` +
              `Approve or deny within ${describeSeconds(expirySeconds)}; unanswered, it counts as denied.`,
            dedupeKey: `${requestId}:cameo:${cameo.id}`,
          });
        } else if (cameo.owner_id !== request.creator_id) {
          await sendNotification(db, {
            recipientId: cameo.owner_id,
            kind: decision.allowed ? 'cameo_used' : 'cameo_blocked',
            requestId,
            body: decision.allowed
              ? `@${request.handle} is making a video with your cameo "${cameo.display_name}" (still a draft).`
              : `@${request.handle} tried to use your cameo "${cameo.display_name}" without your permission; the request was blocked.`,
            dedupeKey: `${requestId}:cameo:${cameo.id}`,
          });
        }
      }

      if (refused.length > 0) return { allowed: false, reason: refused.map((use) => use.decision.reason).join(' '), pendingApprovals: [] };
      if (pendingApprovals.length > 0) {
        const names = uses.filter((use) => use.decision.outcome === 'needs_approval').map((use) => `"${use.cameo.display_name}"`);
        return {
          allowed: false,
          reason: `Waiting for the owner${names.length === 1 ? '' : 's'} of ${names.join(', ')} to approve this request.`,
          pendingApprovals,
        };
      }
      return { allowed: true, reason: uses.length > 0 ? 'Every cameo owner allows this use.' : 'No cameos in this request.', pendingApprovals: [] };
    },

    async recordApprovalOutcome({ requestId, approvalId, outcome, alsoGrant, note, closedEarly }) {
      return db.transaction().execute(async (trx) => {
        const approval = await trx
          .selectFrom('cameo_approval_requests as a')
          .innerJoin('cameos', 'cameos.id', 'a.cameo_id')
          .innerJoin('creators as requester', 'requester.id', 'a.requester_id')
          .select(['a.id', 'a.state', 'a.cameo_id', 'a.owner_id', 'a.requester_id', 'a.expires_at', 'a.created_at', 'cameos.display_name', 'requester.handle'])
          .where('a.id', '=', approvalId)
          .where('a.request_id', '=', requestId)
          .forUpdate()
          .executeTakeFirst();
        if (!approval) throw ApplicationFailure.nonRetryable(`No approval request ${approvalId} for request ${requestId}.`, 'NotFound');
        const cameo = `the cameo "${approval.display_name}"`;
        const hours = describeSeconds(Math.round((approval.expires_at.getTime() - approval.created_at.getTime()) / 1000));
        const reasons = {
          approved: `The owner of ${cameo} approved this request.`,
          denied: `The owner of ${cameo} declined to let this requester use it.`,
          expired: closedEarly
            ? `The approval request for ${cameo} was closed unanswered because the video request was refused.`
            : `The owner of ${cameo} did not answer within ${hours}, so the approval request counts as declined.`,
          pending: '',
        } as const;
        // A retry after the answer was written: the answer stands.
        if (approval.state !== 'pending') return { state: approval.state, reason: reasons[approval.state] };

        let version: number | null = null;
        if (outcome === 'approved' && alsoGrant) {
          try {
            version = (await appendCameoLedgerChange(trx, {
              cameoId: approval.cameo_id, change: { kind: 'grant_added', payload: { creatorId: approval.requester_id } }, actorId: approval.owner_id,
            })).version;
          } catch (error) {
            // The cameo was deleted meanwhile: no lasting grant, and the re-check before publication stops the request.
            if (!(error instanceof InvalidCameoLedger)) throw error;
          }
        }
        await trx
          .updateTable('cameo_approval_requests')
          .set({
            state: outcome, answered_at: outcome === 'expired' ? null : new Date(), also_granted: outcome === 'approved' && version !== null,
            note: note ?? (closedEarly ? reasons.expired : null),
          })
          .where('id', '=', approvalId)
          .execute();
        const current = await trx.selectFrom('cameos').select('ledger_version').where('id', '=', approval.cameo_id).executeTakeFirstOrThrow();
        await trx
          .updateTable('consent_checks')
          .set({ allowed: outcome === 'approved', outcome: outcome === 'approved' ? 'allowed' : 'refused', reason: reasons[outcome], consent_version: current.ledger_version })
          .where('request_id', '=', requestId)
          .where('cameo_id', '=', approval.cameo_id)
          .execute();

        if (closedEarly) return { state: outcome, reason: reasons[outcome] };
        const noteText = note ? ` Their note: "${note}"` : '';
        await sendNotification(trx, {
          recipientId: approval.requester_id,
          kind: outcome === 'expired' ? 'approval_expired' : 'approval_answered',
          requestId,
          body: `${reasons[outcome]}${outcome === 'approved' ? '' : ' Your request is blocked.'}${outcome === 'expired' ? '' : noteText}`,
          dedupeKey: `${requestId}:approval:${approvalId}:requester`,
        });
        if (outcome === 'expired') {
          await sendNotification(trx, {
            recipientId: approval.owner_id,
            kind: 'approval_expired',
            requestId,
            body: `You did not answer @${approval.handle}'s request to use your cameo "${approval.display_name}" within ${hours}, so it was declined.`,
            dedupeKey: `${requestId}:approval:${approvalId}:owner`,
          });
        }
        return { state: outcome, reason: reasons[outcome] };
      });
    },

    async recheckConsent({ requestId }) {
      const { uses } = await loadCameoUses(db, requestId);
      const reasons = uses
        .filter((use) => use.decision.outcome !== 'allowed')
        .map(({ cameo, decision }: { cameo: { display_name: string }; decision: ConsentDecision }) =>
          decision.outcome === 'needs_approval'
            ? `The owner of the cameo "${cameo.display_name}" no longer allows this requester to use it.`
            : decision.reason,
        );
      return reasons.length > 0
        ? { allowed: false, reason: `Consent changed before publication: ${reasons.join(' ')}` }
        : { allowed: true, reason: 'Every cameo owner still allows this use.' };
    },
  };
}
