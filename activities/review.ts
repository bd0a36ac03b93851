/**
 * Review items: opened by the workflow when a prompt or clip needs a human, escalated by its SLA
 * timer, and decided through the workflow's update, whose handler calls recordReviewDecision.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import { appendAudit } from '../db/queries/audit';
import type { ActivityDeps } from './deps';
import type { RecordActivities } from './types';

export const REVIEW_QUEUE_FOR_KIND = { prompt: 'prompt_review', clip: 'clip_review' } as const;

export function reviewActivities({ db }: ActivityDeps): Pick<RecordActivities, 'openReviewItem' | 'escalateReviewItem' | 'recordReviewDecision'> {
  return {
    async openReviewItem({ requestId, kind, reasons }) {
      const queueId = REVIEW_QUEUE_FOR_KIND[kind];
      return db.transaction().execute(async (trx) => {
        const queue = await trx.selectFrom('review_queues').selectAll().where('id', '=', queueId).executeTakeFirstOrThrow();
        await trx
          .insertInto('review_items')
          .values({
            id: randomUUID(),
            request_id: requestId,
            kind,
            queue_id: queueId,
            state: 'open',
            flag_reasons: JSON.stringify(reasons),
            due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
          })
          // A retried activity finds the item its first attempt created.
          .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
          .execute();
        await trx
          .updateTable('generation_requests')
          .set({ status: kind === 'prompt' ? 'prompt_review' : 'clip_review', updated_at: new Date() })
          .where('id', '=', requestId)
          .execute();
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

    async escalateReviewItem({ itemId }) {
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
        const updated = await trx
          .updateTable('review_items')
          .set({
            queue_id: item.escalation_queue_id,
            escalated_at: new Date(),
            version: item.version + 1,
            due_at: sql<Date>`now() + make_interval(secs => ${target.sla_seconds})`,
          })
          .where('id', '=', itemId)
          .returning(['version', 'queue_id'])
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actorStaffId: null,
          actorLabel: 'system (SLA timer)',
          action: 'review.escalate',
          subjectType: 'review_item',
          subjectId: itemId,
          before: { queue: item.queue_id },
          after: { queue: updated.queue_id, reason: 'SLA elapsed without a decision' },
        });
        return { version: updated.version, queueId: updated.queue_id };
      });
    },

    async recordReviewDecision(input) {
      const state = input.decision === 'approve' ? 'approved' : 'rejected';
      return db.transaction().execute(async (trx) => {
        const item = await trx.selectFrom('review_items').selectAll().where('id', '=', input.itemId).forUpdate().executeTakeFirst();
        if (!item || item.request_id !== input.requestId) {
          throw ApplicationFailure.nonRetryable(`Review item ${input.itemId} does not belong to request ${input.requestId}.`, 'NotFound');
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
          after: { state, version: updated.version, reason: input.reason, note: input.note },
        });
        return { itemId: item.id, state, version: updated.version };
      });
    },
  };
}
