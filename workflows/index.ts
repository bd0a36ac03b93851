// The workflows the worker registers. Only deterministic code may be imported from here.
export { clipPipeline } from './clip-pipeline';
export { appealReview } from './appeal-review';
export { inspectUploadedFile, reverifyCatalogue, verifyVideoProvenance } from './reverify-catalogue';
export { reportReview } from './report-review';
export { likenessTakedown } from './likeness-takedown';
export { likenessComplaint } from './likeness-complaint';
export { faceEnrolment } from './face-enrolment';
export { biometricDeletion } from './biometric-deletion';
export { referenceFaceEnrolment } from './reference-face-enrolment';
export { copyrightClaim } from './copyright-claim';
export { copyrightRescan } from './copyright-rescan';
export { copyrightMatchReview } from './copyright-match-review';
export { copyrightDispute } from './copyright-dispute';
export { semanticPreview } from './semantic-preview';
export { policyBacktest } from './policy-backtest';
