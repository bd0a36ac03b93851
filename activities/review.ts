/**
 * Review items: opened by the workflow when a prompt or clip needs a human, escalated by its SLA
 * timer, and decided through the workflow's update, whose handler calls recordReviewDecision.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import { appendAudit } from '../db/queries/audit';
import { sendNotification } from '../db/queries/notifications';
import { creatorStrikeCount } from '../db/queries/review-strikes';
import { policyCategoryOf, priorityForStrikes, REPORTER_MUTE_AFTER_REJECTIONS } from '../policies/review';
import { takeVideoDown } from './take-down-video';
import { openCopyrightClaimItem } from './copyright/claims';
import type { ActivityDeps } from './deps';
import type { RecordActivities } from '../contracts';

export const REVIEW_QUEUE_FOR_KIND = { prompt: 'prompt_review', clip: 'clip_review', appeal: 'appeals', report: 'user_reports', likeness_complaint: 'likeness_review', copyright_claim: 'copyright_review', copyright_match: 'copyright_review', copyright_dispute: 'copyright_review' } as const;

export function reviewActivities({ db }: ActivityDeps): Pick<RecordActivities, 'openReviewItem' | 'escalateReviewItem' | 'recordReviewDecision' | 'recordAppeal' | 'finishAppeal' | 'recordVideoReport' | 'takeDownVideo' | 'dismissReports'> {
  return {
    async openReviewItem({ requestId, copyrightClaimId, kind, reasons, queueId: chosenQueue, itemId }) {
      const queueId = chosenQueue ?? REVIEW_QUEUE_FOR_KIND[kind];
      // Issue 13: a copyright claim's item has no request (activities/copyright/claims.ts opens it through the same gate).
      if (copyrightClaimId !== undefined) return openCopyrightClaimItem(db, { copyrightClaimId, kind, reasons, queueId, itemId });
      if (requestId === undefined) throw ApplicationFailure.nonRetryable('A review item needs a request or a copyright claim.', 'InvalidRequest');
      return db.transaction().execute(async (trx) => {
        const queue = await trx.selectFrom('review_queues').selectAll().where('id', '=', queueId).executeTakeFirstOrThrow();
        const request = await trx.selectFrom('generation_requests').select('creator_id').where('id', '=', requestId).executeTakeFirstOrThrow();
        // Creators with strikes are looked at first in queues ordered by strikes.
        const priority = priorityForStrikes(await creatorStrikeCount(trx, request.creator_id));
        await trx
          .insertInto('review_items')
          .values({
            // The workflow mints the id, so it waits on the item before this row exists.
            id: itemId ?? randomUUID(),
            request_id: requestId,
            kind,
            queue_id: queueId,
            state: 'open',
            flag_reasons: JSON.stringify(reasons),
            due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
            priority,
          })
          // A retried activity finds the item its first attempt created.
          .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
          .execute();
        // A video reported again after an earlier round was dismissed: the same item reopens for the new round.
        // So does a likeness item when a later complaint names the same first video (one open at a time).
        // And a video's copyright match review when a later rescan queues the video again after an earlier review.
        if (kind === 'report' || kind === 'likeness_complaint' || kind === 'copyright_match' || kind === 'copyright_dispute') {
          await trx
            .updateTable('review_items')
            .set((eb) => ({
              // The new round's reasons: a later likeness complaint has its own complainant and evidence.
              state: 'open', version: eb('version', '+', 1), queue_id: queueId, flag_reasons: JSON.stringify(reasons), escalated_at: null, escalated_by: null, escalation_reason: null,
              decision_reason: null, decision_note: null, creator_note: null, policy_category: null, decided_by: null, decided_at: null,
              due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
            }))
            .where('request_id', '=', requestId)
            .where('kind', '=', kind)
            .where('state', '!=', 'open')
            .execute();
        }
        // An appeal or report leaves the request's status as it is until it is decided.
        if (kind === 'prompt' || kind === 'clip') {
          await trx
            .updateTable('generation_requests')
            .set({ status: kind === 'prompt' ? 'prompt_review' : 'clip_review', updated_at: new Date() })
            .where('id', '=', requestId)
            .execute();
        }
        const item = await trx
          .selectFrom('review_items')
          .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
          .select(['review_items.id', 'review_items.version', 'review_queues.sla_seconds', 'review_queues.escalation_queue_id'])
          .where('review_items.request_id', '=', requestId)
          .where('review_items.kind', '=', kind)
          .executeTakeFirstOrThrow();
        return { itemId: item.id, version: item.version, slaSeconds: item.sla_seconds, escalationQueueId: item.escalation_queue_id };
      });
    },

    async escalateReviewItem({ itemId, staffId, reason }) {
      return db.transaction().execute(async (trx) => {
        const item = await trx
          .selectFrom('review_items')
          .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
          .select(['review_items.queue_id', 'review_items.version', 'review_items.state', 'review_items.escalated_at', 'review_queues.escalation_queue_id'])
          .where('review_items.id', '=', itemId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        // Already escalated (a retry) or decided meanwhile: nothing to move.
        if (item.escalated_at || item.state !== 'open' || !item.escalation_queue_id) {
          return { version: item.version, queueId: item.queue_id };
        }
        const target = await trx.selectFrom('review_queues').select('sla_seconds').where('id', '=', item.escalation_queue_id).executeTakeFirstOrThrow();
        const escalator = staffId
          ? await trx.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirstOrThrow()
          : null;
        const updated = await trx
          .updateTable('review_items')
          .set({
            queue_id: item.escalation_queue_id,
            escalated_at: new Date(),
            escalated_by: staffId ?? null,
            escalation_reason: reason ?? 'SLA elapsed without a decision',
            version: item.version + 1,
            due_at: sql<Date>`now() + make_interval(secs => ${target.sla_seconds})`,
          })
          .where('id', '=', itemId)
          .returning(['version', 'queue_id'])
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actorStaffId: staffId ?? null,
          actorLabel: escalator?.email ?? 'system (SLA timer)',
          action: 'review.escalate',
          subjectType: 'review_item',
          subjectId: itemId,
          before: { queue: item.queue_id, version: item.version },
          after: { queue: updated.queue_id, version: updated.version, reason: reason ?? 'SLA elapsed without a decision' },
        });
        // The escalating reviewer's claim ends with the move: the item waits for a senior now.
        await trx.deleteFrom('review_leases').where('item_id', '=', itemId).execute();
        return { version: updated.version, queueId: updated.queue_id };
      });
    },

    async recordReviewDecision(input) {
      const state = input.decision === 'approve' ? 'approved' : 'rejected';
      return db.transaction().execute(async (trx) => {
        const item = await trx.selectFrom('review_items').selectAll().where('id', '=', input.itemId).forUpdate().executeTakeFirst();
        const subject = input.copyrightClaimId !== undefined ? `copyright claim ${input.copyrightClaimId}` : `request ${input.requestId}`;
        const belongs = input.copyrightClaimId !== undefined ? item?.copyright_claim_id === input.copyrightClaimId : item?.request_id === input.requestId;
        if (!item || !belongs) {
          throw ApplicationFailure.nonRetryable(`Review item ${input.itemId} does not belong to ${subject}.`, 'NotFound');
        }
        if (item.state !== 'open') {
          // A retry of this very decision finds its own result; anything else is a real conflict.
          if (item.state === state && item.decided_by === input.reviewerId) {
            return { itemId: item.id, state, version: item.version };
          }
          throw ApplicationFailure.nonRetryable(`This item was already ${item.state}.`, 'InvalidRequest');
        }
        const reviewer = await trx.selectFrom('staff').select(['email']).where('id', '=', input.reviewerId).executeTakeFirstOrThrow();
        const updated = await trx
          .updateTable('review_items')
          .set({
            state,
            decision_reason: input.reason,
            decision_note: input.note,
            creator_note: input.creatorNote ?? null,
            policy_category: policyCategoryOf(input.reason),
            decided_by: input.reviewerId,
            decided_at: new Date(),
            version: item.version + 1,
          })
          .where('id', '=', item.id)
          .returning(['version'])
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actorStaffId: input.reviewerId,
          actorLabel: reviewer.email,
          action: `review.${input.decision}`,
          subjectType: 'review_item',
          subjectId: item.id,
          before: { state: item.state, version: item.version },
          after: { state, version: updated.version, reason: input.reason, note: input.note, creatorNote: input.creatorNote ?? null, ...(input.batchId ? { batchId: input.batchId } : {}) },
        });
        await trx.deleteFrom('review_leases').where('item_id', '=', item.id).execute();
        // Issue 13: a claim's item has no request, creator or strike; the claim's workflow tells the claimant.
        if (item.request_id === null || input.requestId === undefined) return { itemId: item.id, state, version: updated.version };
        const request = await trx.selectFrom('generation_requests').select('creator_id').where('id', '=', input.requestId).executeTakeFirstOrThrow();
        // A rejected prompt or clip is a strike against its creator (an upheld appeal adds none: the strike exists).
        if (state === 'rejected' && (item.kind === 'prompt' || item.kind === 'clip')) {
          await trx
            .insertInto('creator_strikes')
            .values({ creator_id: request.creator_id, request_id: input.requestId, reason: input.reason, dedupe_key: `${input.requestId}:${item.kind}:rejected` })
            .onConflict((oc) => oc.column('dedupe_key').doNothing())
            .execute();
        }
        // A likeness complaint's note is for the complainant (the complaint workflow tells them), not the video's creator.
        if (input.creatorNote && item.kind !== 'likeness_complaint') {
          await sendNotification(trx, {
            recipientId: request.creator_id,
            kind: 'review_note',
            requestId: input.requestId,
            body: `A reviewer's note on your video request: ${input.creatorNote}`,
            dedupeKey: `${item.id}:creator-note`,
          });
        }
        return { itemId: item.id, state, version: updated.version };
      });
    },
      async recordAppeal({ appealId, requestId, creatorId, statement }) {
      const request = await db.selectFrom('generation_requests').select(['creator_id', 'status']).where('id', '=', requestId).executeTakeFirst();
      if (!request || request.creator_id !== creatorId) throw ApplicationFailure.nonRetryable(`Request ${requestId} is not ${creatorId}'s.`, 'NotFound');
      await db
        .insertInto('appeals')
        .values({ id: appealId, request_id: requestId, creator_id: creatorId, statement, status: 'open' })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await sendNotification(db, {
        recipientId: creatorId, kind: 'appeal_received', requestId,
        body: 'We received your appeal. A senior reviewer will look at it and tell you the outcome.',
        dedupeKey: `${appealId}:appeal-received`,
      });
      const appeal = await db
        .selectFrom('appeals')
        .innerJoin('generation_requests', 'generation_requests.id', 'appeals.request_id')
        .leftJoin('videos', 'videos.request_id', 'appeals.request_id')
        .select(['appeals.statement', 'generation_requests.status', 'generation_requests.status_reason', 'videos.id as video_id', 'videos.status as video_status'])
        .where('appeals.id', '=', appealId)
        .executeTakeFirst();
      if (!appeal) throw ApplicationFailure.nonRetryable(`Unknown appeal ${appealId}.`, 'NotFound');
      const originalStatus = appeal.status === 'rejected' ? 'rejected' : 'blocked';
      return {
        statement: appeal.statement,
        originalStatus,
        originalReason: appeal.status_reason ?? 'no reason recorded',
        draftVideoId: appeal.video_id && appeal.video_status === 'draft' ? appeal.video_id : null,
      };
    },

    async finishAppeal({ appealId, outcome, reason }) {
      await db.transaction().execute(async (trx) => {
        const appeal = await trx
          .updateTable('appeals')
          .set({ status: outcome, outcome_reason: reason, decided_at: new Date() })
          .where('id', '=', appealId)
          .returning(['creator_id', 'request_id'])
          .executeTakeFirstOrThrow();
        if (outcome === 'overturned') {
          // The overturned rejection's strike is lifted.
          await trx.deleteFrom('creator_strikes').where('request_id', '=', appeal.request_id).execute();
        }
        await sendNotification(trx, {
          recipientId: appeal.creator_id,
          kind: outcome === 'overturned' ? 'appeal_overturned' : 'appeal_upheld',
          requestId: appeal.request_id,
          body: outcome === 'overturned'
            ? `Your appeal was accepted (${reason}); your video request continues.`
            : `Your appeal was declined: ${reason}`,
          dedupeKey: `${appealId}:appeal-${outcome}`,
        });
      });
    },
      async recordVideoReport({ videoId, reporterId, reason, details, dedupeKey }) {
      const reporter = await db.selectFrom('creators').select(['reports_muted_at']).where('id', '=', reporterId).executeTakeFirst();
      if (!reporter) throw ApplicationFailure.nonRetryable(`Unknown reporter ${reporterId}.`, 'NotFound');
      const status = reporter.reports_muted_at ? 'muted' : 'open';
      await db
        .insertInto('video_reports')
        .values({ video_id: videoId, reporter_id: reporterId, reason, details, status, dedupe_key: dedupeKey })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
      return { queued: status === 'open' };
    },

    // One removal for every caller: activities/take-down-video.ts.
    async takeDownVideo(input) {
      return db.transaction().execute((trx) => takeVideoDown(trx, input));
    },

    async dismissReports({ videoId }) {
      return db.transaction().execute(async (trx) => {
        const dismissed = await trx
          .updateTable('video_reports').set({ status: 'rejected' }).where('video_id', '=', videoId).where('status', '=', 'open')
          .returning('reporter_id').execute();
        const muted: string[] = [];
        for (const reporterId of new Set(dismissed.map((row) => row.reporter_id))) {
          // Rejected reports since the reporter's last upheld one: an accurate reporter is never muted.
          const row = await sql<{ rejected: number }>`
            SELECT count(*)::int AS rejected FROM video_reports
            WHERE reporter_id = ${reporterId} AND status = 'rejected'
              AND created_at > coalesce((SELECT max(created_at) FROM video_reports WHERE reporter_id = ${reporterId} AND status = 'upheld'), '-infinity')`
            .execute(trx);
          if ((row.rows[0]?.rejected ?? 0) >= REPORTER_MUTE_AFTER_REJECTIONS) {
            const updated = await trx.updateTable('creators').set({ reports_muted_at: new Date() }).where('id', '=', reporterId).where('reports_muted_at', 'is', null).executeTakeFirst();
            if (Number(updated.numUpdatedRows) > 0) {
              muted.push(reporterId);
              await appendAudit(trx, { actorStaffId: null, actorLabel: 'system (report review)', action: 'reporter.mute', subjectType: 'creator', subjectId: reporterId, after: { rejectedReports: row.rows[0]!.rejected } });
            }
          }
        }
        return { mutedReporters: muted };
      });
    },
  };
}
