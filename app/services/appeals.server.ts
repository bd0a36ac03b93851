/**
 * A creator's appeal of a block or rejection: checked here (their own request, blocked or rejected,
 * within the appeal window of policies/review.ts), then handed to a new appealReview workflow,
 * which records the appeal first. Nothing is written here.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppealReviewInput } from '../../contracts';
import { requestForAppeal } from '../../db/queries/appeals';
import type { Database } from '../../db/schema';
import { APPEAL_WINDOW_DAYS } from '../../policies/review';
import { ServiceRefusal } from './refusal';
import { startAppealReview, type WorkflowClientDeps } from './workflow-client.server';

/**
 * Starts the appeal and returns its id and workflow id. Refuses NOT_FOUND (no such request for this
 * creator), BAD_REQUEST (not blocked or rejected, or older than the window), CONFLICT (appealed already).
 */
export async function submitAppeal(
  deps: WorkflowClientDeps & { db: Kysely<Database> },
  input: { requestId: string; creatorId: string; statement: string },
): Promise<{ appealId: string; workflowId: string }> {
  const request = await requestForAppeal(deps.db, input.requestId, APPEAL_WINDOW_DAYS);
  if (!request || request.creator_id !== input.creatorId) throw new ServiceRefusal('NOT_FOUND', 'There is no video request with that id for this creator.');
  if (request.status !== 'blocked' && request.status !== 'rejected') {
    throw new ServiceRefusal('BAD_REQUEST', `Only blocked or rejected requests can be appealed; this one is ${request.status.replace('_', ' ')}.`);
  }
  if (!request.in_window) throw new ServiceRefusal('BAD_REQUEST', `Appeals are accepted within ${APPEAL_WINDOW_DAYS} days of the decision; this one is older.`);
  const args: AppealReviewInput = { appealId: randomUUID(), requestId: input.requestId, creatorId: input.creatorId, statement: input.statement };
  const { workflowId, alreadyAppealed } = await startAppealReview(deps, args);
  if (alreadyAppealed) throw new ServiceRefusal('CONFLICT', 'This request has already been appealed; each decision can be appealed once.');
  return { appealId: args.appealId, workflowId };
}
