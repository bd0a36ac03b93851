/**
 * A user's report of a published video: checked here (the video is in the feed, the reporter
 * exists), then signalled to the video's reportReview workflow, which groups every report of one
 * video into one review. Nothing is written here.
 */
import type { Kysely } from 'kysely';
import type { VideoReportInput } from '../../contracts';
import { creatorExists, videoStatus } from '../../db/queries/requests';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import { reportVideo, type WorkflowClientDeps } from './workflow-client.server';

/** Files the report. Refuses NOT_FOUND for a video that is not published or a reporter who does not exist. */
export async function submitReport(deps: WorkflowClientDeps & { db: Kysely<Database> }, report: VideoReportInput): Promise<{ received: true }> {
  const [video, reporterExists] = await Promise.all([videoStatus(deps.db, report.videoId), creatorExists(deps.db, report.reporterId)]);
  if (!video || video.status !== 'published') throw new ServiceRefusal('NOT_FOUND', 'Only published videos can be reported; this one is not in the feed.');
  if (!reporterExists) throw new ServiceRefusal('NOT_FOUND', 'There is no user with that reporter id.');
  await reportVideo(deps, { requestId: video.request_id, videoId: report.videoId }, report);
  return { received: true };
}
