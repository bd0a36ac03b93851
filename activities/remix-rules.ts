/**
 * checkRemixAllowed (issue 15, "Remix rules"): the workflow's own check of a remix against
 * policies/remix.ts, with the parent video as it is now. The submission asked the same rule, but a
 * workflow may be started by another client, and the owner may turn remixing off between the
 * submission and the start, or while the remix waits for an approval or a prompt review; the
 * pipeline asks at its start and again just before generation. Reads only; records nothing.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { RecordActivities } from '../contracts';
import { remixParent } from '../db/queries/remix-settings';
import { decideRemix } from '../policies/remix';
import type { ActivityDeps } from './deps';

export function remixRuleActivities({ db }: ActivityDeps): Pick<RecordActivities, 'checkRemixAllowed'> {
  return {
    async checkRemixAllowed({ requestId }) {
      const request = await db
        .selectFrom('generation_requests')
        .select(['creator_id', 'remix_of_video_id'])
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!request) throw ApplicationFailure.nonRetryable(`No request ${requestId}.`, 'NotFound');
      if (request.remix_of_video_id === null) return { allowed: true, reason: 'Not a remix.' };
      const decision = decideRemix(await remixParent(db, request.remix_of_video_id), request.creator_id);
      return decision.allowed ? { allowed: true, reason: 'The video may be remixed.' } : { allowed: false, reason: decision.reason };
    },
  };
}
