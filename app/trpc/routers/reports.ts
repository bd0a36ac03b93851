/**
 * User reports of published videos: the API the feed app calls (the console's /report page is its
 * demo). Reports of one video join one reportReview workflow by signal-with-start.
 */
import { z } from 'zod';
import { reportChoices } from '../../../db/queries/reports';
import { submitReport } from '../../services/reports.server';
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
    .mutation(({ ctx, input }) => submitReport(ctx, input)),

  /** Published videos and users, for the demo form. */
  reportable: staffProcedure(ROLES.submit).query(({ ctx }) => reportChoices(ctx.db)),
});
