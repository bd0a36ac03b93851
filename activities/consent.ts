/**
 * Checks consent for every cameo in a request and tells each owner their likeness was used,
 * drafts and refused requests included: owners see every use, not only the published ones.
 */
import { sendNotification } from '../db/queries/notifications';
import { decideCameoUse } from '../policies/consent';
import type { ActivityDeps } from './deps';
import type { RecordActivities } from '../contracts';

export function consentActivities({ db }: ActivityDeps): Pick<RecordActivities, 'checkConsent'> {
  return {
    async checkConsent({ requestId }) {
      const request = await db
        .selectFrom('generation_requests')
        .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
        .select(['generation_requests.creator_id', 'creators.handle'])
        .where('generation_requests.id', '=', requestId)
        .executeTakeFirstOrThrow();
      const cameos = await db
        .selectFrom('request_cameos')
        .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
        .leftJoin('cameo_grants', (join) =>
          join.onRef('cameo_grants.cameo_id', '=', 'cameos.id').on('cameo_grants.grantee_id', '=', request.creator_id),
        )
        .select(['cameos.id', 'cameos.owner_id', 'cameos.display_name', 'cameos.access_level', 'cameos.revoked_at', 'cameo_grants.grantee_id'])
        .where('request_cameos.request_id', '=', requestId)
        .orderBy('cameos.id')
        .execute();

      const refusals: string[] = [];
      for (const cameo of cameos) {
        const decision = decideCameoUse({
          cameoName: cameo.display_name,
          ownerId: cameo.owner_id,
          accessLevel: cameo.access_level,
          revoked: cameo.revoked_at !== null,
          requesterId: request.creator_id,
          requesterHasGrant: cameo.grantee_id !== null,
        });
        if (!decision.allowed) refusals.push(decision.reason);
        await db
          .insertInto('consent_checks')
          .values({ request_id: requestId, cameo_id: cameo.id, allowed: decision.allowed, reason: decision.reason, outcome: decision.allowed ? 'allowed' : 'refused' })
          .onConflict((oc) => oc.columns(['request_id', 'cameo_id']).doNothing())
          .execute();
        if (cameo.owner_id !== request.creator_id) {
          await sendNotification(db, {
            recipientId: cameo.owner_id,
            kind: decision.allowed ? 'cameo_used' : 'cameo_blocked',
            requestId,
            body: decision.allowed
              ? `@${request.handle} is making a video with your cameo "${cameo.display_name}" (still a draft).`
              : `@${request.handle} tried to use your cameo "${cameo.display_name}" without your permission; the request was blocked.`,
            dedupeKey: `${requestId}:cameo:${cameo.id}`,
          });
        }
      }
      return refusals.length > 0
        ? { allowed: false, reason: refusals.join(' ') }
        : { allowed: true, reason: cameos.length > 0 ? 'Every cameo owner allows this use.' : 'No cameos in this request.' };
    },
  };
}
