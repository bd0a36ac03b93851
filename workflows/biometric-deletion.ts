/**
 * biometricDeletion (workflow id `biometric-deletion-cameo-<cameoId>`): a cameo was deleted, and its
 * face embeddings and capture files are deleted when the retention period ends (issue 12: "deleted
 * within 30 days of the cameo's deletion (a durable timer), and that deletion is audited").
 *
 * The timer is Temporal's: it survives worker and server restarts, and the deletion runs once it
 * fires. The due time is counted from the cameo's deletion (`requestedAt`), so a workflow started
 * late still deletes on time. Recording the request first makes the pending deletion visible in the
 * database (biometric_deletions) the whole time. The deletion activity writes the audit row itself,
 * with counts only.
 *
 * Deterministic: Date.now() in a workflow is the time of the current workflow task.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import {
  DEFAULT_BIOMETRIC_RETENTION_SECONDS, MAX_BIOMETRIC_RETENTION_SECONDS,
  type BiometricDeletionActivities, type BiometricDeletionInput, type BiometricDeletionOutcome,
} from '../contracts';

const activities = proxyActivities<BiometricDeletionActivities>({
  startToCloseTimeout: '1 minute',
  // No maximum: a database outage is waited out; the deletion must happen.
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

export async function biometricDeletion(input: BiometricDeletionInput): Promise<BiometricDeletionOutcome> {
  const retentionSeconds = Math.max(0, Math.min(MAX_BIOMETRIC_RETENTION_SECONDS, input.retentionSeconds ?? DEFAULT_BIOMETRIC_RETENTION_SECONDS));
  const requestedAt = Date.parse(input.requestedAt);
  const dueAt = (Number.isNaN(requestedAt) ? Date.now() : requestedAt) + retentionSeconds * 1000;
  await activities.recordBiometricDeletion({ cameoId: input.cameoId, requestedAt: new Date(dueAt - retentionSeconds * 1000).toISOString(), dueAt: new Date(dueAt).toISOString() });
  const waitMs = dueAt - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  return activities.deleteCameoBiometrics({ cameoId: input.cameoId });
}
