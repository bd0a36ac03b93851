/**
 * User reports of published videos: the API the feed app calls (the console's /report page is its
 * demo). Reports of one video join one reportReview workflow by signal-with-start.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ReportReviewInput } from '../../../contracts';
import { reportVideo } from '../../services/workflow-client.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const REPORT_REASONS = ['Sexual content', 'Violence', 'Harassment', 'Misinformation', 'My likeness without consent', 'Copyright', 'Spam', 'Other'] as const;

export const reportsRouter = router({
  submit: staffProcedure(ROLES.submit)
    .input(
      z.object({
        videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }),
        reporterId: z.uuid({ message: 'reporterId must be a creator id (UUID)' }),
        reason: z.enum(REPORT_REASONS, { message: `reason must be one of: ${REPORT_REASONS.join(', ')}` }),
        details: z.string().trim().max(2000).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const [video, reporter] = await Promise.all([
        ctx.db.selectFrom('videos').select(['request_id', 'status']).where('id', '=', input.videoId).executeTakeFirst(),
        ctx.db.selectFrom('creators').select('id').where('id', '=', input.reporterId).executeTakeFirst(),
      ]);
      if (!video || video.status !== 'published') throw new TRPCError({ code: 'NOT_FOUND', message: 'Only published videos can be reported; this one is not in the feed.' });
      if (!reporter) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no user with that reporter id.' });
      const args: ReportReviewInput = { requestId: video.request_id, videoId: input.videoId };
      await reportVideo(ctx, args, { videoId: input.videoId, reporterId: input.reporterId, reason: input.reason, details: input.details });
      return { received: true };
    }),

  /** Published videos and users, for the demo form. */
  reportable: staffProcedure(ROLES.submit).query(async ({ ctx }) => {
    const [videos, users] = await Promise.all([
      ctx.db.selectFrom('videos').innerJoin('generation_requests', 'generation_requests.id', 'videos.request_id')
        .select(['videos.id', 'generation_requests.prompt']).where('videos.status', '=', 'published').orderBy('videos.published_at', 'desc').limit(100).execute(),
      ctx.db.selectFrom('creators').select(['id', 'handle', 'reports_muted_at']).orderBy('handle').limit(200).execute(),
    ]);
    return { videos, users };
  }),
});
