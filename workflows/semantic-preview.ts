/**
 * semanticPreview (issue 14; contracts/semantic-preview.ts): the policy playground's semantic
 * verdict. One activity on the pipeline task queue, the queue whose worker screens prompts and so
 * holds the semantic classifier; a person is waiting and nothing is written, so one attempt and a
 * short timeout (a cold model answers `unavailable` within the classifier's own timeout).
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  prefixOfTaskQueue, taskQueueNames, type SemanticPreview, type SemanticPreviewActivities, type SemanticPreviewInput,
} from '../contracts';

export async function semanticPreview(input: SemanticPreviewInput): Promise<SemanticPreview> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  return proxyActivities<SemanticPreviewActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts: 1 },
  }).classifySemanticPreview(input);
}
