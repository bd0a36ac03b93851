/**
 * reportReview: users' reports of one published video, gathered into one item in the user
 * reports queue. Workflow id = report-<requestId>; every report arrives as a `reportVideo`
 * signal (signal-with-start), so reports of one video never open two items.
 *
 * Take down (approve): the video is unpublished at once, with the reason recorded, and the
 * creator gets a strike. Dismiss (reject): the reports are closed, and reporters whose reports
 * keep being rejected are muted. Reports arriving after the decision start the next round.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { pipelineActivities } from './clip-pipeline';
import {
  pipelineStatusQuery, reportVideoSignal, type PipelineStage, type ReportReviewInput, type ReportReviewOutcome, type VideoReportInput,
} from '../contracts';
import { createReviewGate } from './review-gate';

export async function reportReview(input: ReportReviewInput): Promise<ReportReviewOutcome> {
  const { records } = pipelineActivities();
  const inbox: VideoReportInput[] = [...(input.carried ?? [])];
  let received = 0;
  setHandler(reportVideoSignal, (report) => {
    inbox.push(report);
  });
  let stage: PipelineStage = 'recording';
  const gate = createReviewGate(records, input.requestId);
  setHandler(pipelineStatusQuery, () => ({ stage, pendingReview: gate.pendingView() }));

  let queued = 0;
  const drain = async () => {
    while (inbox.length > 0) {
      const report = inbox.shift()!;
      received += 1;
      const result = await records.recordVideoReport({ ...report, dedupeKey: `${workflowInfo().runId}:${received}` });
      if (result.queued) queued += 1;
    }
  };

  await condition(() => inbox.length > 0);
  await drain();
  if (queued === 0) return { outcome: 'nothing_to_review', reason: 'Only muted reporters reported this video.' };

  // Reports keep arriving while the item waits; each is recorded and joins the same item.
  let deciding = true;
  const recorder = (async () => {
    while (deciding) {
      await condition(() => inbox.length > 0 || !deciding);
      await drain();
    }
  })();

  stage = 'clip_review';
  const decision = await gate.awaitReview('report', ['Reported by users of the feed.'], 'user_reports');
  deciding = false;
  await recorder;

  let outcome: ReportReviewOutcome;
  if (decision.decision === 'approve') {
    await records.takeDownVideo({ videoId: input.videoId, reason: decision.reason, staffId: decision.reviewerId });
    outcome = { outcome: 'removed', reason: decision.reason };
  } else {
    await records.dismissReports({ videoId: input.videoId, reason: decision.reason });
    outcome = { outcome: 'dismissed', reason: decision.reason };
  }
  stage = 'done';
  await condition(allHandlersFinished);
  // Reports that came in during the last step start a fresh round for a video still online.
  if (inbox.length > 0 && outcome.outcome === 'dismissed') await continueAsNew<typeof reportReview>({ ...input, carried: [...inbox] });
  return outcome;
}
