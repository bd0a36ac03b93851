/** All pipeline activities, grouped by the task queue whose worker runs them. */
import { consentActivities } from './consent';
import type { ActivityDeps } from './deps';
import { generationActivities } from './generation/activity';
import { keyframeActivities } from './keyframes';
import { likenessTakedownActivities } from './likeness-takedown';
import { moderationActivities } from './moderation';
import { provenanceActivities } from './provenance/activity';
import { provenanceAuditActivities } from './provenance/audit';
import type { GenerationActivities, MediaActivities, ProvenanceAuditActivities, RecordActivities } from '../contracts';
import type { LikenessTakedownActivities } from '../contracts';
import { requestActivities } from './requests';
import { reviewActivities } from './review';
import { screeningActivities } from './screening';

export function createActivities(deps: ActivityDeps): {
  pipeline: RecordActivities & LikenessTakedownActivities;
  generation: GenerationActivities;
  media: MediaActivities & ProvenanceAuditActivities;
} {
  return {
    pipeline: {
      ...requestActivities(deps),
      ...screeningActivities(deps),
      ...consentActivities(deps),
      ...reviewActivities(deps),
      ...likenessTakedownActivities(deps),
    },
    generation: generationActivities(deps),
    media: { ...moderationActivities(deps), ...provenanceActivities(deps), ...provenanceAuditActivities(deps), ...keyframeActivities(deps) },
  };
}
