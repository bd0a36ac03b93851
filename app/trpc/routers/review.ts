import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { appendAudit } from '../../../db/queries/audit';
import { countOpenItemsByQueue, getReviewItemDetail, listOpenReviewItems } from '../../../db/queries/review';
import {
  assertMayAct, claimItem, colleaguesFor, handOver, holdLease, leaseOf, releaseLease, renewLease, startReviewing,
} from '../../../db/queries/review-leases';
import { listQueuePage, QUEUE_SORTS, queueSummaries } from '../../../db/queries/review-list';
import { creatorHistory } from '../../../db/queries/review-strikes';
import { orgWellnessDefaults, saveWellnessPreferences, wellnessFor } from '../../../db/queries/review-wellness';
import type { Database } from '../../../db/schema';
import { ESCALATION_REASONS } from '../../../policies/review';
import { workflowIdForReviewItem } from '../../../contracts';
import type { Kysely } from 'kysely';
import { ROLES, staffProcedure, router } from '../init.server';
import type { SessionStaff } from '../../services/sessions.server';
import { decideReviewItem, escalateReviewItem } from '../../services/workflow-client.server';

const decisionInput = z.object({
  itemId: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  // A decision carries a policy reason: missing or blank is refused before anything reaches the workflow.
  reason: z.string({ error: 'choose the policy reason for this decision' }).trim()
    .min(1, { error: 'choose the policy reason for this decision', abort: true }).min(3, 'give a reason of at least 3 characters').max(500),
  note: z.string().trim().max(2000).nullable().default(null),
  creatorNote: z.string().trim().max(2000).nullable().default(null),
  expectedVersion: z.number().int().min(1),
});

/** Checks a staff member may act on an item now (queue role, open, lease) and names its workflow. */
async function itemForAction(db: Kysely<Database>, staff: SessionStaff, itemId: string) {
  const item = await db
    .selectFrom('review_items')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select(['review_items.request_id', 'review_items.kind', 'review_items.state', 'review_queues.allowed_roles', 'review_queues.name'])
    .where('review_items.id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no review item with that id.' });
  if (item.state !== 'open') throw new TRPCError({ code: 'CONFLICT', message: `This item was already ${item.state}; nothing was changed.` });
  if (!item.allowed_roles.includes(staff.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `The ${item.name} queue is worked by ${item.allowed_roles.join(', ')}; your role is ${staff.role}.` });
  }
  await assertMayAct(db, staff.id, itemId);
  return { workflowId: workflowIdForReviewItem(item) };
}

export const reviewRouter = router({
  queues: staffProcedure(ROLES.read).query(({ ctx }) => countOpenItemsByQueue(ctx.db)),

  queueSummaries: staffProcedure(ROLES.read).query(({ ctx }) => queueSummaries(ctx.db)),

  openItems: staffProcedure(ROLES.read)
    .input(z.object({ queueId: z.string().max(64).optional(), limit: z.number().int().min(1).max(200).default(100) }))
    .query(({ ctx, input }) => listOpenReviewItems(ctx.db, input)),

  /** One page of a queue: filters, sort and keyset cursor, all decided by the server. */
  list: staffProcedure(ROLES.read)
    .input(
      z.object({
        queueId: z.string().max(64).optional(),
        kind: z.enum(['prompt', 'clip', 'appeal', 'report']).optional(),
        state: z.enum(['open', 'approved', 'rejected', 'cancelled', 'any']).default('open'),
        creatorHandle: z.string().trim().max(100).optional(),
        overdueOnly: z.boolean().default(false),
        claim: z.enum(['any', 'unclaimed', 'mine', 'claimed']).default('any'),
        sort: z.enum(QUEUE_SORTS).default('due_at'),
        direction: z.enum(['asc', 'desc']).default('asc'),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(300).nullable().default(null),
      }),
    )
    .query(({ ctx, input }) => listQueuePage(ctx.db, input, ctx.staff.id)),

  item: staffProcedure(ROLES.read)
    .input(z.object({ itemId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await getReviewItemDetail(ctx.db, input.itemId);
      if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no review item with that id.' });
      const [lease, creator] = await Promise.all([
        leaseOf(ctx.db, input.itemId),
        creatorHistory(ctx.db, detail.request.creator_id, detail.request.id),
      ]);
      return { ...detail, lease, creator };
    }),

  /** "Start reviewing": the next item under an exclusive lease (or the one you already hold). */
  start: staffProcedure(ROLES.review)
    .input(z.object({ queueId: z.string().max(64).optional() }))
    .mutation(async ({ ctx, input }) => {
      const next = await startReviewing(ctx.db, ctx.staff, { queueId: input.queueId });
      return next ?? { itemId: null, resumed: false };
    }),

  claim: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .mutation(({ ctx, input }) => claimItem(ctx.db, ctx.staff, input.itemId)),

  renew: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .mutation(({ ctx, input }) => renewLease(ctx.db, ctx.staff, input.itemId)),

  hold: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .mutation(({ ctx, input }) => holdLease(ctx.db, ctx.staff, input.itemId)),

  release: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .mutation(({ ctx, input }) => releaseLease(ctx.db, ctx.staff, input.itemId)),

  handOver: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid(), colleagueId: z.uuid() }))
    .mutation(({ ctx, input }) => handOver(ctx.db, ctx.staff, input.itemId, input.colleagueId)),

  colleagues: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const queue = await ctx.db
        .selectFrom('review_items').innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
        .select('review_queues.allowed_roles').where('review_items.id', '=', input.itemId).executeTakeFirst();
      return colleaguesFor(ctx.db, queue?.allowed_roles ?? [], ctx.staff.id);
    }),

  decide: staffProcedure(ROLES.review)
    .input(decisionInput)
    .mutation(async ({ ctx, input }) => {
      const { workflowId } = await itemForAction(ctx.db, ctx.staff, input.itemId);
      // The decision goes to the workflow that owns the item; its activity writes the row and the audit entry.
      return decideReviewItem(ctx, workflowId, { ...input, reviewerId: ctx.staff.id });
    }),

  escalate: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid(), reason: z.string().trim().min(3, 'say why it needs a senior').max(500).default(ESCALATION_REASONS[0]), expectedVersion: z.number().int().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const { workflowId } = await itemForAction(ctx.db, ctx.staff, input.itemId);
      return escalateReviewItem(ctx, workflowId, { ...input, staffId: ctx.staff.id });
    }),

  /** One decision for many selected items; every item's audit entry carries the same batch id. */
  bulkDecide: staffProcedure(ROLES.review)
    .input(
      z.object({
        items: z.array(z.object({ itemId: z.uuid(), expectedVersion: z.number().int().min(1) })).min(1, 'select at least one item').max(100),
        decision: z.enum(['approve', 'reject']),
        reason: z.string({ error: 'choose the policy reason for this decision' }).trim()
          .min(1, { error: 'choose the policy reason for this decision', abort: true }).min(3, 'give a reason of at least 3 characters').max(500),
        note: z.string().trim().max(2000).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const batchId = randomUUID();
      await appendAudit(ctx.db, {
        actorStaffId: ctx.staff.id, actorLabel: ctx.staff.email, action: 'review.bulk', subjectType: 'batch', subjectId: batchId,
        after: { decision: input.decision, reason: input.reason, items: input.items.map((i) => i.itemId) },
      });
      const results: { itemId: string; ok: boolean; message: string | null }[] = [];
      for (const { itemId, expectedVersion } of input.items) {
        try {
          const { workflowId } = await itemForAction(ctx.db, ctx.staff, itemId);
          await decideReviewItem(ctx, workflowId, {
            itemId, expectedVersion, decision: input.decision, reason: input.reason, note: input.note, reviewerId: ctx.staff.id, batchId,
          });
          results.push({ itemId, ok: true, message: null });
        } catch (error) {
          results.push({ itemId, ok: false, message: error instanceof Error ? error.message : String(error) });
        }
      }
      return { batchId, results };
    }),

  wellness: staffProcedure(ROLES.self).query(({ ctx }) => wellnessFor(ctx.db, ctx.staff.id)),

  saveWellness: staffProcedure(ROLES.self)
    .input(z.object({ blurPx: z.number().int().min(0).max(60).nullable(), greyscale: z.boolean().nullable(), muted: z.boolean().nullable() }))
    .mutation(async ({ ctx, input }) => {
      await saveWellnessPreferences(ctx.db, ctx.staff.id, input);
      await appendAudit(ctx.db, { actorStaffId: ctx.staff.id, actorLabel: ctx.staff.email, action: 'staff.wellness', subjectType: 'staff', subjectId: ctx.staff.id, after: input });
      return wellnessFor(ctx.db, ctx.staff.id);
    }),

  setOrgWellness: staffProcedure(ROLES.admin)
    .input(z.object({ blurPx: z.number().int().min(0).max(60), greyscale: z.boolean(), muted: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const before = await orgWellnessDefaults(ctx.db);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('app_meta').values({ key: 'wellness_defaults', value: JSON.stringify(input) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(input) })).execute();
        await appendAudit(trx, { actorStaffId: ctx.staff.id, actorLabel: ctx.staff.email, action: 'org.wellness_defaults', subjectType: 'org', subjectId: 'wellness_defaults', before, after: input });
      });
      return input;
    }),

  /** The share of otherwise auto-published clips sampled into the QA queue (null: the worker's default). */
  setQaSampleRate: staffProcedure(ROLES.admin)
    .input(z.object({ rate: z.number().min(0).max(1).nullable() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('app_meta').values({ key: 'qa_sample', value: JSON.stringify(input) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(input) })).execute();
        await appendAudit(trx, { actorStaffId: ctx.staff.id, actorLabel: ctx.staff.email, action: 'org.qa_sample_rate', subjectType: 'org', subjectId: 'qa_sample', after: input });
      });
      return input;
    }),
});
