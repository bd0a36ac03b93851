/** API endpoints about published videos: report one as the acting creator. */
import { z } from 'zod';
import { REPORT_REASONS } from '../../../trpc/routers/reports';
import { submitReport } from '../../reports.server';
import { endpoint } from '../endpoint';

export const videoEndpoints = [
  endpoint({
    method: 'post',
    path: '/videos/{videoId}/reports',
    operationId: 'reportVideo',
    tag: 'videos',
    summary: 'Report a published video',
    description: 'Reports of one video are grouped into one review in the User reports queue.',
    params: z.object({ videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }) }),
    body: z.object({
      reason: z.enum(REPORT_REASONS, { message: `reason must be one of: ${REPORT_REASONS.join(', ')}` }),
      details: z.string().trim().max(2000, 'use at most 2000 characters').nullable().default(null),
    }),
    response: z.object({ received: z.literal(true) }),
    status: 202,
    handle: ({ ctx, creatorId, params, body }) => submitReport(ctx, { videoId: params.videoId, reporterId: creatorId, reason: body.reason, details: body.details }),
  }),
];
