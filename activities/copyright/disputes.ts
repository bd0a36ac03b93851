/**
 * Copyright dispute activities (issue 13): record a creator's dispute of a copyright block or
 * takedown, record the claimant's answers and the creator's appeal, send the dispute to legal, and
 * close it, publishing a taken-down video again when the claim is released
 * (activities/reinstate-video.ts, in the same transaction).
 *
 * Single writer: copyright_disputes and copyright_dispute_messages rows are written here only. Every
 * activity is idempotent: the dispute row is keyed by its id, notifications and messages by a dedupe
 * key, and each step moves the dispute only from the state it expects (a retry finds it moved and
 * does nothing twice).
 *
 * The claimant's answer link carries a token minted here; only its SHA-256 is stored on the dispute,
 * and the raw token only in the claimant's first message (the outbox a mail relay sends).
 */
import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/queries/audit';
import { disputableMatch, disputeById } from '../../db/queries/copyright-disputes';
import { sendNotification } from '../../db/queries/notifications';
import { hashBearerToken } from '../../db/queries/token-hash';
import type { Database } from '../../db/schema';
import { disputeOutcomeReleases, type CopyrightDisputeOutcomeKind, type CopyrightDisputeState } from '../../policies/copyright/disputes';
import type { CopyrightDisputeActivities, CopyrightDisputeRecord } from '../../contracts';
import type { ActivityDeps } from '../deps';
import { reinstateVideo } from '../reinstate-video';

/** PostgreSQL's SQLSTATE for a unique violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';

/** The path of a claimant's answer page (app/routes/copyright-dispute.$token.tsx). */
export function claimantAnswerPath(token: string): string {
  return `/copyright-dispute/${token}`;
}

/**
 * The full address of a claimant's answer page, for the message they are sent: the console's public
 * address (PUBLIC_URL, config/env.ts; a path in it is kept) followed by the page's path; without
 * PUBLIC_URL, the console's own address (HOST and PORT, with env.ts's defaults).
 */
export function claimantAnswerUrl(token: string, env: Record<string, string | undefined> = process.env): string {
  const base = env.PUBLIC_URL?.trim() || `http://${env.HOST?.trim() || '127.0.0.1'}:${env.PORT?.trim() || '3000'}`;
  return `${base.replace(/\/+$/, '')}${claimantAnswerPath(token)}`;
}

const refused = (message: string) => ApplicationFailure.nonRetryable(message, 'DisputeRefused');

/** A date as the messages write it: ISO 8601 in UTC, to the minute. */
function when(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Moves a dispute from one of `from` to its next state; false when it was elsewhere (a retry). */
async function move(trx: Transaction<Database>, disputeId: string, from: CopyrightDisputeState[], set: Record<string, unknown>): Promise<boolean> {
  const result = await trx
    .updateTable('copyright_disputes')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', disputeId)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const CREATOR_WORDS: Record<CopyrightDisputeOutcomeKind, string> = {
  claimant_no_answer: 'the claimant did not answer your dispute in time, so the claim is released',
  claimant_released: 'the claimant released the claim',
  appeal_no_answer: 'the claimant did not answer your appeal in time, so the claim is released',
  appeal_released: 'the claimant released the claim after your appeal',
  legal_reinstated: 'Loupe\'s legal team decided for you',
  legal_upheld: 'Loupe\'s legal team upheld the claim',
  not_appealed: 'the claimant upheld the claim and you did not appeal in time',
};

/** The pipeline-queue activities of a copyright dispute. */
export function copyrightDisputeActivities({ db }: ActivityDeps): CopyrightDisputeActivities {
  return {
    async recordCopyrightDispute(input) {
      return db.transaction().execute(async (trx): Promise<CopyrightDisputeRecord> => {
        const match = await disputableMatch(trx, input.matchId);
        if (!match || match.creatorId !== input.creatorId || !match.requestId) {
          throw refused(`There is no copyright block or takedown ${input.matchId} of yours; check the id in your notification.`);
        }
        const existing = await disputeById(trx, input.disputeId);
        if (existing) {
          return {
            requestId: existing.request_id, videoId: existing.video_id, matchAction: existing.match_action,
            hasClaimant: existing.claimant_email !== null, entityName: existing.entity_name ?? 'a copyrighted work',
          };
        }
        if (match.action !== 'blocked' && match.action !== 'taken_down') {
          throw refused('Only a copyright block or takedown can be disputed; this match is ' + `${match.action}.`);
        }
        const matchAction = match.action;
        const hasClaimant = match.claimantEmail !== null;
        const token = randomBytes(32).toString('base64url');
        const now = Date.now();
        const claimantDeadline = hasClaimant ? new Date(now + input.timers.claimantAnswerSeconds * 1000) : null;
        try {
          await trx
            .insertInto('copyright_disputes')
            .values({
              id: input.disputeId, match_id: input.matchId, match_action: matchAction, video_id: match.videoId, request_id: match.requestId,
              creator_id: input.creatorId, entity_id: match.entityId, claim_id: match.claimId, claimant_email: match.claimantEmail,
              statement: input.statement, state: hasClaimant ? 'awaiting_claimant' : 'with_legal', claimant_deadline: claimantDeadline,
              answer_token_hash: hashBearerToken(token),
            })
            .execute();
        } catch (error) {
          if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
            throw refused('This block or takedown is already disputed; follow that dispute instead of opening another.');
          }
          throw error;
        }
        const entityName = match.entityName ?? 'a copyrighted work';
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: `creator ${input.creatorId} (app API)`, action: 'copyright_dispute.file',
          subjectType: 'copyright_dispute', subjectId: input.disputeId,
          after: { matchId: input.matchId, matchAction, videoId: match.videoId, requestId: match.requestId, claimId: match.claimId, claimantDeadline },
        });
        if (hasClaimant && claimantDeadline) {
          await trx.insertInto('copyright_dispute_messages').values({
            dispute_id: input.disputeId, recipient_email: match.claimantEmail!, dedupe_key: `${input.disputeId}:claimant-dispute`,
            subject: `A creator disputes your copyright claim on ${entityName}`,
            body: [
              `A creator disputes the ${matchAction === 'taken_down' ? 'takedown of their video' : 'block of their request'} made under your claim on ${entityName}.`,
              `Their statement: ${input.statement}`,
              `Answer by ${when(claimantDeadline)} on your answer page, ${claimantAnswerUrl(token)} (uphold the claim with a statement, or release it).`,
              'If you do not answer by then, the claim is released for this video or request.',
            ].join('\n\n'),
          }).execute();
        }
        await sendNotification(trx, {
          recipientId: input.creatorId, kind: 'copyright_dispute_received', requestId: match.requestId,
          body: hasClaimant
            ? `We received your dispute about ${entityName}. The claimant has until ${when(claimantDeadline!)} to answer; without an answer the claim is released.`
            : `We received your dispute about ${entityName}. No rights holder manages this work on Loupe, so our legal team will decide it.`,
          dedupeKey: `${input.disputeId}:received`,
        });
        return { requestId: match.requestId, videoId: match.videoId, matchAction, hasClaimant, entityName };
      });
    },

    async recordClaimantAnswer({ disputeId, round, answer }) {
      await db.transaction().execute(async (trx) => {
        const dispute = await disputeById(trx, disputeId);
        if (!dispute) throw ApplicationFailure.nonRetryable(`Unknown dispute ${disputeId}.`, 'NotFound');
        const column = round === 'dispute' ? { claimant_answer: `${answer.answer}: ${answer.statement}`, claimant_answered_at: new Date() } : { appeal_answer: `${answer.answer}: ${answer.statement}` };
        const from: CopyrightDisputeState = round === 'dispute' ? 'awaiting_claimant' : 'awaiting_appeal_answer';
        // The answer is stored; the workflow moves the state next (appeal window, legal, or a release).
        if (dispute.state !== from) return;
        if (round === 'dispute' && dispute.claimant_answer !== null) return;
        if (round === 'appeal' && dispute.appeal_answer !== null) return;
        await trx.updateTable('copyright_disputes').set({ ...column, updated_at: new Date() }).where('id', '=', disputeId).execute();
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: `claimant ${dispute.claimant_email ?? 'unknown'} (answer page)`,
          action: `copyright_dispute.claimant_${answer.answer}`, subjectType: 'copyright_dispute', subjectId: disputeId,
          before: { state: dispute.state }, after: { round, answer: answer.answer, statement: answer.statement },
        });
      });
    },

    async openDisputeAppealWindow({ disputeId, appealWindowSeconds }) {
      await db.transaction().execute(async (trx) => {
        const deadline = new Date(Date.now() + appealWindowSeconds * 1000);
        if (!(await move(trx, disputeId, ['awaiting_claimant'], { state: 'appeal_window', appeal_deadline: deadline }))) return;
        const dispute = (await disputeById(trx, disputeId))!;
        await sendNotification(trx, {
          recipientId: dispute.creator_id, kind: 'copyright_dispute_claim_upheld', requestId: dispute.request_id,
          body: `The claimant upheld their claim on ${dispute.entity_name ?? 'the work'} against your dispute (${dispute.claimant_answer ?? ''}). You may appeal until ${when(deadline)}.`,
          dedupeKey: `${disputeId}:claim-upheld`,
        });
      });
    },

    async recordDisputeAppeal({ disputeId, creatorId, statement, appealAnswerSeconds }) {
      await db.transaction().execute(async (trx) => {
        const deadline = new Date(Date.now() + appealAnswerSeconds * 1000);
        const moved = await trx
          .updateTable('copyright_disputes')
          .set({ state: 'awaiting_appeal_answer', appeal_statement: statement, appeal_answer_deadline: deadline, updated_at: new Date() })
          .where('id', '=', disputeId)
          .where('creator_id', '=', creatorId)
          .where('state', '=', 'appeal_window')
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) return;
        const dispute = (await disputeById(trx, disputeId))!;
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: `creator ${creatorId} (app API)`, action: 'copyright_dispute.appeal',
          subjectType: 'copyright_dispute', subjectId: disputeId, before: { state: 'appeal_window' }, after: { state: 'awaiting_appeal_answer', statement, deadline },
        });
        if (dispute.claimant_email) {
          await trx.insertInto('copyright_dispute_messages').values({
            dispute_id: disputeId, recipient_email: dispute.claimant_email, dedupe_key: `${disputeId}:claimant-appeal`,
            subject: `A creator appeals your upheld copyright claim on ${dispute.entity_name ?? 'your work'}`,
            body: [
              `The creator appeals your upheld claim. Their appeal: ${statement}`,
              `Answer by ${when(deadline)} on the answer page whose link we sent you with the dispute. If you do not answer by then, the claim is released for this video or request; if you answer, Loupe's legal team decides.`,
            ].join('\n\n'),
          }).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
        }
      });
    },

    async escalateCopyrightDispute({ disputeId, why }) {
      return db.transaction().execute(async (trx) => {
        await move(trx, disputeId, ['awaiting_claimant', 'awaiting_appeal_answer'], { state: 'with_legal' });
        const dispute = await disputeById(trx, disputeId);
        if (!dispute) throw ApplicationFailure.nonRetryable(`Unknown dispute ${disputeId}.`, 'NotFound');
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: 'system (copyright dispute)', action: 'copyright_dispute.escalate',
          subjectType: 'copyright_dispute', subjectId: disputeId, after: { state: 'with_legal', why },
        });
        await sendNotification(trx, {
          recipientId: dispute.creator_id, kind: 'copyright_dispute_escalated', requestId: dispute.request_id,
          body: `Your dispute about ${dispute.entity_name ?? 'a copyrighted work'} went to Loupe's legal team: ${why}. We will tell you their decision.`,
          dedupeKey: `${disputeId}:escalated`,
        });
        const subject = dispute.match_action === 'taken_down' ? `the takedown of video ${dispute.video_id}` : `the block of request ${dispute.request_id}`;
        const reasons = [
          `Copyright dispute of ${subject} (match with ${dispute.entity_name ?? 'an unnamed work'})`,
          `Why it is here: ${why}`,
          `Creator's statement: ${dispute.statement}`,
          ...(dispute.claimant_answer ? [`Claimant's answer: ${dispute.claimant_answer}`] : []),
          ...(dispute.appeal_statement ? [`Creator's appeal: ${dispute.appeal_statement}`] : []),
          ...(dispute.appeal_answer ? [`Claimant's answer to the appeal: ${dispute.appeal_answer}`] : []),
          'Approve = release the claim (the video is published again); reject = the claim stands.',
        ];
        return { reasons };
      });
    },

    async closeCopyrightDispute({ disputeId, outcome, reason, staffId }) {
      return db.transaction().execute(async (trx) => {
        const dispute = await disputeById(trx, disputeId);
        if (!dispute) throw ApplicationFailure.nonRetryable(`Unknown dispute ${disputeId}.`, 'NotFound');
        if (dispute.state === 'released' || dispute.state === 'upheld') return { reinstated: dispute.reinstated };
        const releases = disputeOutcomeReleases(outcome);
        let reinstated = false;
        if (releases && dispute.match_action === 'taken_down' && dispute.video_id) {
          const result = await reinstateVideo(trx, {
            videoId: dispute.video_id, staffId, cause: `copyright_dispute:${disputeId}`,
            reason: `the copyright claim on ${dispute.entity_name ?? 'the work'} was released (${CREATOR_WORDS[outcome]})`,
          });
          reinstated = result.outcome === 'reinstated';
        }
        const state: CopyrightDisputeState = releases ? 'released' : 'upheld';
        await trx
          .updateTable('copyright_disputes')
          .set({ state, outcome, outcome_reason: reason, decided_by: staffId, reinstated, closed_at: new Date(), updated_at: new Date() })
          .where('id', '=', disputeId)
          .execute();
        const staff = staffId ? await trx.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirstOrThrow() : undefined;
        await appendAudit(trx, {
          actorStaffId: staffId, actorLabel: staff?.email ?? 'system (copyright dispute deadline or claimant)', action: `copyright_dispute.${state === 'released' ? 'release' : 'uphold'}`,
          subjectType: 'copyright_dispute', subjectId: disputeId, before: { state: dispute.state }, after: { state, outcome, reason, reinstated },
        });
        const releaseWords = dispute.match_action === 'taken_down'
          ? (reinstated ? 'Your video is published again.' : 'Your video was not taken down any more, so nothing changed on it.')
          : 'The block of your request is released: you may submit the request again.';
        await sendNotification(trx, {
          recipientId: dispute.creator_id, kind: releases ? 'copyright_dispute_released' : 'copyright_dispute_upheld', requestId: dispute.request_id,
          body: releases
            ? `Your copyright dispute about ${dispute.entity_name ?? 'a copyrighted work'} succeeded: ${CREATOR_WORDS[outcome]}. ${releaseWords}`
            : `Your copyright dispute about ${dispute.entity_name ?? 'a copyrighted work'} ended with the claim upheld: ${CREATOR_WORDS[outcome]}. Reason: ${reason}`,
          dedupeKey: `${disputeId}:closed`,
        });
        return { reinstated };
      });
    },
  };
}

