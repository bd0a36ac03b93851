/**
 * API endpoints of copyright disputes by the acting creator (issue 13,
 * app/services/copyright-disputes.server.ts): list what they may dispute and their disputes, dispute
 * a copyright block or takedown of theirs, read one dispute, and appeal a claim the claimant upheld.
 */
import { z } from 'zod';
import { COPYRIGHT_DISPUTE_OUTCOMES, COPYRIGHT_DISPUTE_STATES } from '../../../../policies/copyright/disputes';
import {
  appealCopyrightDisputeInput, appealCreatorDispute, fileCopyrightDispute, fileCopyrightDisputeInput, getCreatorDispute, listCreatorDisputes,
} from '../../copyright-disputes.server';
import { endpoint } from '../endpoint';

const disputeStatusSchema = z.object({
  disputeId: z.uuid(),
  matchId: z.uuid(),
  state: z.enum(COPYRIGHT_DISPUTE_STATES),
  outcome: z.enum(COPYRIGHT_DISPUTE_OUTCOMES).nullable(),
  outcomeReason: z.string().nullable(),
  matchAction: z.enum(['blocked', 'taken_down']),
  videoId: z.uuid().nullable(),
  requestId: z.uuid(),
  entityName: z.string().nullable(),
  deadline: z.iso.datetime().nullable().meta({ description: 'The deadline running now (the claimant\'s answer, your appeal window, or the claimant\'s answer to your appeal).' }),
  mayAppeal: z.boolean(),
  reinstated: z.boolean(),
  filedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
}).meta({ id: 'CopyrightDisputeStatus' });

const disputeIdParams = z.object({ disputeId: z.uuid({ message: 'disputeId must be a dispute id (UUID), as filing the dispute answered' }) });

export const copyrightDisputeEndpoints = [
  endpoint({
    method: 'get', path: '/copyright-disputes', operationId: 'listCopyrightDisputes', tag: 'copyright',
    summary: 'List my copyright disputes and the copyright blocks and takedowns I may dispute',
    response: z.object({
      disputes: z.array(disputeStatusSchema),
      disputable: z.array(z.object({
        matchId: z.uuid(), action: z.enum(['blocked', 'taken_down']), requestId: z.uuid().nullable(), videoId: z.uuid().nullable(), entityName: z.string().nullable(),
        matchedAt: z.iso.datetime(), openDisputeId: z.uuid().nullable(),
      })),
    }),
    handle: ({ ctx, creatorId }) => listCreatorDisputes(ctx.db, creatorId),
  }),
  endpoint({
    method: 'post', path: '/copyright-disputes', operationId: 'fileCopyrightDispute', tag: 'copyright',
    summary: 'Dispute a copyright block or takedown of one of my requests or videos',
    description: 'The claimant has 30 days (configurable) to answer; without an answer the claim is released and a taken-down video is published again. '
      + 'A work no rights holder manages on Loupe goes to Loupe\'s legal team at once.',
    body: fileCopyrightDisputeInput,
    response: disputeStatusSchema,
    status: 202,
    handle: ({ ctx, creatorId, body }) => fileCopyrightDispute(ctx, creatorId, body),
  }),
  endpoint({
    method: 'get', path: '/copyright-disputes/{disputeId}', operationId: 'getCopyrightDispute', tag: 'copyright',
    summary: 'Read where one of my copyright disputes stands',
    params: disputeIdParams,
    response: disputeStatusSchema,
    handle: ({ ctx, creatorId, params }) => getCreatorDispute(ctx.db, creatorId, params.disputeId),
  }),
  endpoint({
    method: 'post', path: '/copyright-disputes/{disputeId}/appeal', operationId: 'appealCopyrightDispute', tag: 'copyright',
    summary: 'Appeal a copyright claim the claimant upheld against my dispute',
    description: 'Once, within the appeal window (14 days by default). The claimant then has 7 days to answer; without an answer the claim is released, with one Loupe\'s legal team decides.',
    params: disputeIdParams,
    body: appealCopyrightDisputeInput,
    response: disputeStatusSchema,
    status: 202,
    handle: ({ ctx, creatorId, params, body }) => appealCreatorDispute(ctx, creatorId, params.disputeId, body),
  }),
];
