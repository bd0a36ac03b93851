/** All pipeline activities, grouped by the task queue whose worker runs them. */
import { audioCheckActivities } from './audio-check';
import { consentActivities } from './consent';
import { copyrightBankActivities } from './copyright/bank-activities';
import type { ActivityDeps } from './deps';
import { generationActivities } from './generation/activity';
import { videoProviderActivities } from './generation/provider-job';
import { keyframeActivities } from './keyframes';
import { faceCheckActivities } from './faces/check-faces';
import { biometricDeletionActivities } from './biometric-deletion';
import { faceEnrolmentAnalysisActivities, faceEnrolmentNoticeActivities } from './faces/enrolment';
import { likenessTakedownActivities } from './likeness-takedown';
import { likenessComplaintActivities, likenessMatchActivities } from './likeness-complaints';
import { complaintFaceActivities } from './faces/complaint-faces';
import { referenceFaceActivities } from './faces/reference-faces';
import { moderationActivities } from './moderation';
import { provenanceActivities } from './provenance/activity';
import { provenanceAuditActivities } from './provenance/audit';
import type { GenerationActivities, MediaActivities, ProvenanceAuditActivities, RecordActivities } from '../contracts';
import type { VideoProviderActivities } from '../contracts';
import type { LikenessTakedownActivities } from '../contracts';
import type { BiometricDeletionActivities, FaceEnrolmentActivities } from '../contracts';
import type { LikenessComplaintActivities, LikenessMatchActivities } from '../contracts';
import type { ComplaintFaceActivities, ReferenceFaceActivities } from '../contracts';
import { requestActivities } from './requests';
import { remixRuleActivities } from './remix-rules';
import { copyrightRescanActivities } from './copyright/rescan';
import type { CopyrightRescanActivities } from '../contracts';
import { copyrightDisputeActivities } from './copyright/disputes';
import type { CopyrightDisputeActivities } from '../contracts';
import { copyrightClaimActivities } from './copyright/claims';
import type { CopyrightClaimActivities } from '../contracts';
import { reviewActivities } from './review';
import { screeningActivities } from './screening';
import { semanticPreviewActivities } from './semantic-preview';
import type { SemanticPreviewActivities } from '../contracts';
import { policyBacktestActivities } from './policy-backtest';
import type { PolicyBacktestActivities } from '../contracts';

export function createActivities(deps: ActivityDeps): {
  pipeline: RecordActivities & CopyrightDisputeActivities & CopyrightClaimActivities & LikenessComplaintActivities & LikenessTakedownActivities & BiometricDeletionActivities & Pick<FaceEnrolmentActivities, 'notifyFaceEnrolment' | 'abandonFaceEnrolment'> & SemanticPreviewActivities & PolicyBacktestActivities;
  generation: GenerationActivities & VideoProviderActivities;
  media: MediaActivities & ProvenanceAuditActivities & LikenessMatchActivities & ReferenceFaceActivities & ComplaintFaceActivities & Pick<FaceEnrolmentActivities, 'analyseEnrolmentCapture'> & CopyrightRescanActivities;
} {
  return {
    pipeline: {
      ...requestActivities(deps),
      ...screeningActivities(deps),
      ...consentActivities(deps),
      // Issue 15: a remix's parent checked again by the workflow (remixing turned off, no longer published).
      ...remixRuleActivities(deps),
      ...reviewActivities(deps),
      ...likenessTakedownActivities(deps),
      ...likenessComplaintActivities(deps),
      ...biometricDeletionActivities(deps),
      ...faceEnrolmentNoticeActivities(deps),
      ...copyrightDisputeActivities(deps),
      ...copyrightClaimActivities(deps),
      // Issue 14: the playground's semantic verdict, beside screenPrompt (same worker, same classifier).
      ...semanticPreviewActivities(deps),
      // Issue 14: a draft's backtest classifies its sample here too, a short batch at a time.
      ...policyBacktestActivities(deps),
    },
    // Issue 15: beginClip, checkClipJob, collectClip, abandonClipJob (a provider's job, or the stand-in's render).
    generation: { ...generationActivities(deps), ...videoProviderActivities(deps) },
    media: { ...moderationActivities(deps), ...provenanceActivities(deps), ...provenanceAuditActivities(deps), ...keyframeActivities(deps), ...faceCheckActivities(deps), ...likenessMatchActivities(deps), ...referenceFaceActivities(deps), ...complaintFaceActivities(deps), ...faceEnrolmentAnalysisActivities(deps), ...copyrightRescanActivities(deps), ...copyrightBankActivities(deps), ...audioCheckActivities(deps) },
  };
}
