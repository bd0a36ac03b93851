/**
 * The review console's API: queues and their pages, an item's screen, leases, decisions (sent to
 * the item's workflow), and reviewers' media settings. Each procedure declares its roles and makes
 * one service or query call; refusals are mapped to tRPC codes in init.server.ts.
 */
import { z } from 'zod';
import { countOpenItemsByQueue, listOpenReviewItems, queueRolesOfItem } from '../../../db/queries/review';
import { claimItem, colleaguesFor, forceRelease, handOver, holdLease, releaseLease, renewLease, startReviewing } from '../../../db/queries/review-leases';
import { listQueuePage, QUEUE_SORTS, queueSummaries } from '../../../db/queries/review-list';
import { wellnessFor } from '../../../db/queries/review-wellness';
import { ESCALATION_REASONS } from '../../../policies/review';
import { bulkDecide, decideItem, escalateItem } from '../../services/review-decisions.server';
import { reviewItemScreen } from '../../services/review-item.server';
import { saveOwnWellness, setOrgWellnessDefaults, setQaSampleRate } from '../../services/reviewer-settings.server';
import { ROLES, staffProcedure, router } from '../init.server';

const decisionInput = z.object({
  itemId: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  // A decision carries a policy reason: missing or blank is refused before anything reaches the workflow.
  reason: z.string({ error: 'choose the policy reason for this decision' }).trim()
    .min(1, { error: 'choose the policy reason for this decision', abort: true }).min(3, 'give a reason of at least 3 characters').max(500),
  note: z.string().trim().max(2000).nullable().default(null),
  creatorNote: z.string().trim().max(2000).nullable().default(null),
  expectedVersion: z.number().int().min(1),
  // Issue 13, copyright claims: approve some entities only or with another rule (null leaves one out).
  entityDecisions: z.array(z.object({ position: z.number().int().min(0).max(99), rule: z.enum(['allow', 'review', 'block']).nullable() })).max(100).optional(),
});

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
    .query(({ ctx, input }) => reviewItemScreen(ctx.db, input.itemId)),

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

  /** An admin ends anyone's claim on an item (audited with whose claim it was). */
  forceRelease: staffProcedure(ROLES.admin)
    .input(z.object({ itemId: z.uuid() }))
    .mutation(({ ctx, input }) => forceRelease(ctx.db, ctx.staff, input.itemId)),

  handOver: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid(), colleagueId: z.uuid() }))
    .mutation(({ ctx, input }) => handOver(ctx.db, ctx.staff, input.itemId, input.colleagueId)),

  colleagues: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid() }))
    .query(async ({ ctx, input }) => colleaguesFor(ctx.db, await queueRolesOfItem(ctx.db, input.itemId), ctx.staff.id)),

  /** The decision goes to the workflow that owns the item; its activity writes the row and the audit entry. */
  decide: staffProcedure(ROLES.review)
    .input(decisionInput)
    .mutation(({ ctx, input }) => decideItem(ctx, ctx.staff, input)),

  escalate: staffProcedure(ROLES.review)
    .input(z.object({ itemId: z.uuid(), reason: z.string().trim().min(3, 'say why it needs a senior').max(500).default(ESCALATION_REASONS[0]), expectedVersion: z.number().int().min(1) }))
    .mutation(({ ctx, input }) => escalateItem(ctx, ctx.staff, input)),

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
    .mutation(({ ctx, input }) => bulkDecide(ctx, ctx.staff, input)),

  wellness: staffProcedure(ROLES.self).query(({ ctx }) => wellnessFor(ctx.db, ctx.staff.id)),

  saveWellness: staffProcedure(ROLES.self)
    .input(z.object({ blurPx: z.number().int().min(0).max(60).nullable(), greyscale: z.boolean().nullable(), muted: z.boolean().nullable() }))
    .mutation(({ ctx, input }) => saveOwnWellness(ctx.db, ctx.staff, input)),

  setOrgWellness: staffProcedure(ROLES.admin)
    .input(z.object({ blurPx: z.number().int().min(0).max(60), greyscale: z.boolean(), muted: z.boolean() }))
    .mutation(({ ctx, input }) => setOrgWellnessDefaults(ctx.db, ctx.staff, input)),

  /** The share of otherwise auto-published clips sampled into the QA queue (null: the worker's default). */
  setQaSampleRate: staffProcedure(ROLES.admin)
    .input(z.object({ rate: z.number().min(0).max(1).nullable() }))
    .mutation(({ ctx, input }) => setQaSampleRate(ctx.db, ctx.staff, input)),
});
