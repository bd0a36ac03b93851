/** API endpoints of the approval requests sent to the acting creator as a cameo owner: list, answer (app/services/cameo-approvals.server.ts). */
import { z } from 'zod';
import { answerApprovalRequest, answerApprovalRequestInput, listApprovalRequests, listApprovalRequestsInput } from '../../cameo-approvals.server';
import { endpoint } from '../endpoint';

const approvalState = z.enum(['pending', 'approved', 'denied', 'expired']);

export const approvalEndpoints = [
  endpoint({
    method: 'get', path: '/approval-requests', operationId: 'listApprovalRequests', tag: 'approvals',
    summary: 'List the approval requests for my cameos, pending first',
    description: 'A request that uses a cameo whose access level is "people I approve", by a creator without a grant, waits for the owner\'s answer until it expires (then it counts as denied).',
    query: listApprovalRequestsInput,
    response: z.object({
      approvals: z.array(z.object({
        approvalId: z.uuid(), requestId: z.uuid(), cameoId: z.uuid(), cameoName: z.string(), requesterId: z.uuid(), requesterHandle: z.string(),
        prompt: z.string(), state: approvalState, expiresAt: z.iso.datetime(), answeredAt: z.iso.datetime().nullable(), alsoGranted: z.boolean(),
        note: z.string().nullable(), createdAt: z.iso.datetime(),
      }).meta({ id: 'ApprovalRequest' })),
    }),
    handle: ({ ctx, creatorId, query }) => listApprovalRequests(ctx, creatorId, query),
  }),
  endpoint({
    method: 'post', path: '/approval-requests/{approvalId}/answer', operationId: 'answerApprovalRequest', tag: 'approvals',
    summary: 'Approve or deny one use of my cameo (optionally granting the requester from now on)',
    params: answerApprovalRequestInput.pick({ approvalId: true }),
    body: answerApprovalRequestInput.omit({ approvalId: true }),
    response: z.object({ approvalId: z.uuid(), state: z.enum(['approved', 'denied']) }),
    handle: ({ ctx, creatorId, params, body }) => answerApprovalRequest(ctx, creatorId, { ...body, approvalId: params.approvalId }),
  }),
];
