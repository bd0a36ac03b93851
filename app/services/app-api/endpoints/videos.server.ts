/** API endpoints about videos: report a published one as the acting creator; turn remixing of one's own video off or on. */
import { z } from 'zod';
import { REPORT_REASONS } from '../../../trpc/routers/reports';
import { submitReport } from '../../reports.server';
import { setRemixSetting, setRemixSettingInput } from '../../remix-settings.server';
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
  endpoint({
    method: 'put',
    path: '/videos/{videoId}/remix-setting',
    operationId: 'setRemixSetting',
    tag: 'videos',
    summary: 'Turn remixing of one of my videos off or on',
    description: 'With remixAllowed false, a remix of the video by anyone but its creator is refused with a reason, at submission and again '
      + 'before generation; remixes made before stay. Only the video\'s creator may change it.',
    params: z.object({ videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }) }),
    body: setRemixSettingInput.pick({ remixAllowed: true }),
    response: z.object({
      videoId: z.uuid(),
      remixAllowed: z.boolean(),
      changedAt: z.iso.datetime().nullable().meta({ description: 'When the creator last changed the setting; null when never.' }),
    }).meta({ id: 'RemixSetting' }),
    handle: ({ ctx, creatorId, appClient, params, body }) =>
      setRemixSetting(ctx, creatorId, { videoId: params.videoId, remixAllowed: body.remixAllowed }, `app client ${appClient.name}`),
  }),
];
