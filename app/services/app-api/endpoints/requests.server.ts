/** API endpoints of a creator's own requests: submit one, read where it stands, appeal its block or rejection. */
import { z } from 'zod';
import { REQUEST_STATUSES } from '../../../../db/schema';
import { submitAppeal } from '../../appeals.server';
import { listMyRequests, listMyRequestsInput, requestStatus } from '../../request-status.server';
import { submitRequest, submitRequestSchema } from '../../submit-request.server';
import { endpoint } from '../endpoint';

const requestStatusSchema = z.object({
  requestId: z.uuid(),
  status: z.enum(REQUEST_STATUSES),
  statusReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  video: z.object({
    videoId: z.uuid(),
    status: z.enum(['draft', 'published', 'removed']),
    remixAllowed: z.boolean().meta({ description: 'Whether others may remix the video (PUT /videos/{videoId}/remix-setting changes it).' }),
  }).nullable(),
  pendingApprovals: z.number().int().meta({ description: 'Cameo owners whose approval the request still waits for (0 when none).' }),
}).meta({ id: 'RequestStatus' });

const requestIdParams = z.object({ requestId: z.uuid({ message: 'requestId must be a request id (UUID)' }) });

/** The submission's fields but the creator, who is the acting creator of the call. */
const submitBody = submitRequestSchema.omit({ creatorId: true }).meta({ id: 'SubmitRequest' });

export const requestEndpoints = [
  endpoint({
    method: 'post',
    path: '/requests',
    operationId: 'submitRequest',
    tag: 'requests',
    summary: 'Submit a video request as the acting creator',
    description: 'Starts the request through Loupe\'s pipeline (prompt screening, consent of every cameo, generation, moderation, provenance, review). '
      + 'A cameo whose owner approves each use makes the request wait for the owner\'s answer.',
    body: submitBody,
    response: z.object({ requestId: z.uuid() }),
    status: 202,
    handle: ({ ctx, creatorId, body }) => submitRequest(ctx, { ...body, creatorId }),
  }),
  endpoint({
    method: 'get',
    path: '/requests',
    operationId: 'listRequests',
    tag: 'requests',
    summary: 'List my latest requests, newest first',
    query: listMyRequestsInput,
    response: z.object({ requests: z.array(requestStatusSchema.extend({ prompt: z.string() })) }),
    handle: ({ ctx, creatorId, query }) => listMyRequests(ctx.db, creatorId, query),
  }),
  endpoint({
    method: 'get',
    path: '/requests/{requestId}',
    operationId: 'getRequest',
    tag: 'requests',
    summary: 'Read where one of my requests stands',
    params: requestIdParams,
    response: requestStatusSchema,
    handle: ({ ctx, creatorId, params }) => requestStatus(ctx.db, creatorId, params.requestId),
  }),
  endpoint({
    method: 'post',
    path: '/requests/{requestId}/appeal',
    operationId: 'appealRequest',
    tag: 'requests',
    summary: 'Appeal the block or rejection of one of my requests',
    params: requestIdParams,
    body: z.object({
      statement: z.string().trim().min(10, 'tell us in at least 10 characters why the decision was wrong').max(2000, 'use at most 2000 characters'),
    }),
    response: z.object({ appealId: z.uuid(), workflowId: z.string() }),
    status: 202,
    handle: ({ ctx, creatorId, params, body }) => submitAppeal(ctx, { requestId: params.requestId, creatorId, statement: body.statement }),
  }),
];
