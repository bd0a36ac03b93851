/**
 * API endpoints of the acting creator's likeness: every video (drafts included) that uses one of their
 * cameos, removing or reporting one, and the progress of a likeness takedown they started or that
 * concerns their cameo.
 */
import { z } from 'zod';
import { LIKENESS_TAKEDOWN_TRIGGERS } from '../../../../contracts';
import { REQUEST_STATUSES } from '../../../../db/schema';
import { getTakedownProgress } from '../../likeness-takedowns.server';
import { listLikenessUses, listLikenessUsesInput } from '../../likeness-uses.server';
import { removeLikenessVideo, removeLikenessVideoInput } from '../../likeness-video-removal.server';
import { submitReport } from '../../reports.server';
import { REPORT_REASONS } from '../../../trpc/routers/reports';
import { endpoint } from '../endpoint';

const videoParams = z.object({ videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }) });

export const likenessEndpoints = [
  endpoint({
    method: 'get', path: '/likeness/videos', operationId: 'listLikenessUses', tag: 'likeness',
    summary: 'List every request and video that uses one of my cameos, anyone\'s drafts and refused requests included, newest first',
    query: listLikenessUsesInput,
    response: z.object({
      uses: z.array(z.object({
        requestId: z.uuid(), creatorId: z.uuid(), creatorHandle: z.string(), prompt: z.string(), requestStatus: z.enum(REQUEST_STATUSES),
        statusReason: z.string().nullable(), remixOfVideoId: z.uuid().nullable(), createdAt: z.iso.datetime(), cameos: z.unknown(),
        video: z.object({ videoId: z.uuid(), status: z.enum(['draft', 'published', 'removed']) }).nullable(),
      }).meta({ id: 'LikenessUse' })),
      nextCursor: z.string().nullable().meta({ description: 'Send as cursor for the next page; null on the last page.' }),
    }),
    handle: ({ ctx, creatorId, query }) => listLikenessUses(ctx, creatorId, query),
  }),
  endpoint({
    method: 'post', path: '/likeness/videos/{videoId}/removal', operationId: 'removeLikenessVideo', tag: 'likeness',
    summary: 'Remove one video with my likeness, draft or published, whoever made it (and the remixes that carry my cameo)',
    params: videoParams, body: removeLikenessVideoInput.omit({ videoId: true }),
    response: z.object({ takedownId: z.uuid(), cameoId: z.uuid() }), status: 202,
    handle: ({ ctx, creatorId, params, body }) => removeLikenessVideo(ctx, creatorId, { ...body, videoId: params.videoId }),
  }),
  endpoint({
    method: 'post', path: '/likeness/videos/{videoId}/reports', operationId: 'reportLikenessVideo', tag: 'likeness',
    summary: 'Report a published video with my likeness to Loupe\'s reviewers',
    params: videoParams,
    body: z.object({
      reason: z.enum(REPORT_REASONS, { message: `reason must be one of: ${REPORT_REASONS.join(', ')}` }).default('My likeness without consent'),
      details: z.string().trim().max(2000, 'use at most 2000 characters').nullable().default(null),
    }),
    response: z.object({ received: z.literal(true) }), status: 202,
    handle: ({ ctx, creatorId, params, body }) => submitReport(ctx, { videoId: params.videoId, reporterId: creatorId, reason: body.reason, details: body.details }),
  }),
  endpoint({
    method: 'get', path: '/takedowns/{takedownId}', operationId: 'getTakedownProgress', tag: 'likeness',
    summary: 'Read the progress of a likeness takedown of my cameo or one I asked for',
    params: z.object({ takedownId: z.uuid({ message: 'takedownId must be a takedown id (UUID)' }) }),
    response: z.object({
      takedownId: z.uuid(), trigger: z.enum(LIKENESS_TAKEDOWN_TRIGGERS), cameoId: z.uuid(), cameoName: z.string(), videoId: z.uuid().nullable(),
      reason: z.string(), state: z.enum(['finding', 'taking_down', 'done']), found: z.number().int(), takenDown: z.number().int(),
      alreadyDown: z.number().int(), failed: z.number().int(), requestedBy: z.object({ kind: z.enum(['creator', 'staff']), id: z.string() }),
      startedAt: z.iso.datetime(), finishedAt: z.iso.datetime().nullable(), live: z.boolean(),
    }).meta({ id: 'TakedownProgress' }),
    handle: ({ ctx, creatorId, params }) => getTakedownProgress(ctx, params.takedownId, { kind: 'creator', creatorId }),
  }),
];
