/**
 * The Temporal Schedule that re-verifies the published catalogue: created at start if missing,
 * left alone if present (an operator may have paused it or changed its interval in the UI).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { taskQueueNames } from '../../contracts';
import {
  REVERIFY_CATALOGUE_WORKFLOW,
  REVERIFY_SCHEDULE_ID,
  REVERIFY_SCHEDULE_INTERVAL,
} from '../../contracts';

export async function ensureReverifySchedule(client: Client, taskQueuePrefix: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: REVERIFY_SCHEDULE_ID,
      spec: { intervals: [{ every: REVERIFY_SCHEDULE_INTERVAL }] },
      action: {
        type: 'startWorkflow',
        workflowType: REVERIFY_CATALOGUE_WORKFLOW,
        args: [{}],
        taskQueue: taskQueueNames(taskQueuePrefix).pipeline,
        workflowId: 'reverify-catalogue',
      },
      // A run still walking a big catalogue is not doubled up by the next tick.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Re-verifies every published video: C2PA manifest, signature, trust, fingerprint. Created by Loupe at start.' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
