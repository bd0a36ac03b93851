/**
 * copyrightClaim (issue 13): a rights holder asks Loupe to apply their rule to characters, works or
 * brands they hold. Workflow id = copyright-claim-<claimId>.
 *
 * record (the claim, its entities and files, and the duplicates and conflicts found; a filing creator is told)
 * -> review (an item in the copyright queue through the shared review gate: legal's decision is a
 *    Temporal update with a validator; the queue's SLA timer escalates to senior review)
 * -> approved: each approved entity upserted live in the works registry with the approved rule (a
 *    reviewer may change the rule or leave entities out), so the next screening compiles a new
 *    policy version; each entity's reference media hashed into its bank (media queue); a rescan of
 *    the published catalogue over the new banks started as a child workflow that outlives this one
 *    (ParentClosePolicy ABANDON); what was done stored on the claim for the status page.
 * -> rejected: the claim closed with the reviewer's reason, which the claimant reads.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import {
  ActivityFailure, allHandlersFinished, ApplicationFailure, condition, ParentClosePolicy, proxyActivities, setHandler, startChild, uuid4, workflowInfo,
} from '@temporalio/workflow';
import {
  COPYRIGHT_RESCAN_WORKFLOW, copyrightClaimRecordedUpdate, copyrightRescanWorkflowId, prefixOfTaskQueue, taskQueueNames,
  type CopyrightClaimActivities, type CopyrightClaimInput, type CopyrightClaimOutcome, type CopyrightRescanInput, type ReviewDecisionInput,
} from '../contracts';
import type { CopyrightBankActivities } from '../contracts/copyright-banks';
import { pipelineActivities } from './clip-pipeline';
import { createReviewGate } from './review-gate';

const NON_RETRYABLE = ['InvalidRequest', 'NotFound', 'UnsupportedMedia'];

/** The copyright queue (migration 004, made real by 020), worked by legal, senior reviewers and admins. */
const COPYRIGHT_QUEUE = 'copyright_review';

/** What the claimant reads: the policy reason, and the reviewer's own words when they gave them. */
function reasonForClaimant(decision: ReviewDecisionInput): string {
  const words = decision.creatorNote?.trim();
  return words ? `${decision.reason}: ${words}` : decision.reason;
}

export async function copyrightClaim(input: CopyrightClaimInput): Promise<CopyrightClaimOutcome> {
  const { records } = pipelineActivities();
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const claims = proxyActivities<CopyrightClaimActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const banks = proxyActivities<Pick<CopyrightBankActivities, 'hashReferenceMediaIntoBank'>>({
    taskQueue: queues.media,
    // A claim's reference media: a few images and short clips, decoded at one frame a second.
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });

  // The filer waits for the record (update-with-start), so their status page opens at once.
  let recorded: { conflicts: number } | null = null;
  let refused: string | null = null;
  setHandler(copyrightClaimRecordedUpdate, async () => {
    await condition(() => recorded !== null || refused !== null);
    if (refused !== null) throw ApplicationFailure.create({ message: refused, type: 'ClaimRefused', nonRetryable: true });
    return recorded!;
  });
  try {
    const { conflicts } = await claims.recordCopyrightClaim(input);
    recorded = { conflicts: conflicts.length };
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    refused = cause instanceof ApplicationFailure ? cause.message : 'The claim could not be recorded; try again in a minute.';
    await condition(allHandlersFinished);
    throw error;
  }

  const gate = createReviewGate(records, { copyrightClaimId: input.claimId });
  const { reasons } = await claims.startCopyrightClaimReview({ claimId: input.claimId });
  const decision = await gate.awaitReview('copyright_claim', reasons, COPYRIGHT_QUEUE);
  const reason = reasonForClaimant(decision);

  if (decision.decision === 'reject') {
    await claims.rejectCopyrightClaim({ claimId: input.claimId, reviewerId: decision.reviewerId, reason });
    await condition(allHandlersFinished);
    return { outcome: 'rejected', reason, entities: [], bankIds: [], rescanId: null };
  }

  const { entities } = await claims.approveCopyrightClaim({
    claimId: input.claimId, reviewerId: decision.reviewerId, reason, ...(decision.entityDecisions ? { decisions: decision.entityDecisions } : {}),
  });
  const holder = input.claimantOrganisation ?? input.claimantName;
  const bankIds: string[] = [];
  let hashes = 0;
  const notes: string[] = [];
  for (const entity of entities) {
    if (entity.referenceFiles.length === 0) {
      notes.push(`${entity.name}: no reference media, so no bank; prompts naming it follow the rule.`);
      continue;
    }
    const bank = await banks.hashReferenceMediaIntoBank({
      bankName: `${entity.name} · claim ${input.claimId.slice(0, 8)}`, owner: holder, entityId: entity.entityId, claimId: input.claimId, files: entity.referenceFiles,
    });
    bankIds.push(bank.bankId);
    hashes += bank.hashes;
  }

  let rescanId: string | null = null;
  if (bankIds.length > 0) {
    rescanId = uuid4();
    const rescan: CopyrightRescanInput = { rescanId, trigger: { kind: 'claim', claimId: input.claimId }, bankIds, startedBy: null };
    // The rescan outlives the claim: it may take hours over a large catalogue.
    await startChild(COPYRIGHT_RESCAN_WORKFLOW, {
      workflowId: copyrightRescanWorkflowId(rescanId), args: [rescan], taskQueue: queues.pipeline, parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } else {
    notes.push('No bank was made, so no rescan was started.');
  }
  await claims.recordCopyrightClaimOutcome({
    claimId: input.claimId, outcome: { entityIds: entities.map((entity) => entity.entityId), bankIds, hashes, rescanId, notes },
  });
  await condition(allHandlersFinished);
  return {
    outcome: 'approved', reason, entities: entities.map((entity) => ({ position: entity.position, entityId: entity.entityId, rule: entity.rule })), bankIds, rescanId,
  };
}
