/**
 * Reference faces of protected persons (issue 12): a photo the legal team uploads for a registry
 * entry is analysed on the media task queue by the referenceFaceEnrolment workflow, whose one
 * activity finds the face and stores its embedding, encrypted, as the person's reference.
 *
 * And the face search of an upheld likeness complaint (workflows/likeness-complaint.ts, behind
 * `patched('complaint-face-matches')`): the complainant's reference faces compared with the stored
 * keyframe faces of published videos.
 *
 * Only ids, counts and sentences cross Temporal here: never an embedding.
 */

/** The workflow type name the app starts and the worker registers. */
export const REFERENCE_FACE_ENROLMENT_WORKFLOW = 'referenceFaceEnrolment';

/** Workflow id of one reference image's analysis: one per image, so a repeated start is refused. */
export function referenceFaceEnrolmentWorkflowId(imageId: string): string {
  return `reference-face-${imageId}`;
}

/** Input of referenceFaceEnrolment: the protected_person_reference_images row to analyse. */
export interface ReferenceFaceEnrolmentInput {
  imageId: string;
}

/**
 * What the analysis decided: enrolled (exactly one large-enough face, its embedding stored), failed
 * (the sentence for the legal team), or skipped (the image was deleted, or decided before: a retry).
 */
export type ReferenceFaceEnrolmentOutcome =
  | { outcome: 'enrolled'; facesFound: 1 }
  | { outcome: 'failed'; facesFound: number; message: string }
  | { outcome: 'skipped'; state: 'deleted' | 'enrolled' | 'failed' };

/** The activity of referenceFaceEnrolment, on the media task queue (it runs the face engine). */
export interface ReferenceFaceActivities {
  /** Decodes the image, finds its faces, stores the one face's embedding and records the outcome (idempotent per image). */
  enrolReferenceFace(input: ReferenceFaceEnrolmentInput): Promise<ReferenceFaceEnrolmentOutcome>;
}

/** What the face search of an upheld complaint found: published videos showing the complainant's face. */
export interface ComplaintFaceMatches {
  /** How many reference faces were compared (evidence images with one face, registry references, the filer's verified cameos). */
  references: number;
  /** Published videos, not among those the complaint already takes down, with a stored keyframe face within the match distance. */
  videoIds: string[];
}

/** The face search of an upheld likeness complaint, on the media task queue (it may run the face engine on evidence images). */
export interface ComplaintFaceActivities {
  findComplaintFaceMatches(input: { complaintId: string; excludeVideoIds: string[] }): Promise<ComplaintFaceMatches>;
}
