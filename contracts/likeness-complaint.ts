/**
 * Likeness complaints: a person (or the estate or authorised representative of one) says a video
 * shows their likeness without consent. The likenessComplaint workflow (workflows/likeness-complaint.ts)
 * records the complaint, opens an item in the likeness queue through the review gate, and carries
 * out the legal reviewer's decision: upheld takes the video(s) and every fingerprint match down and
 * adds the person to the protected-persons registry; rejected tells the complainant why.
 *
 * Workflow name, id, input, outcome and the activities it calls (activities/likeness-complaints.ts).
 */
import { defineUpdate } from '@temporalio/workflow';
import type {
  LikenessComplaintFiling, LikenessComplaintState, LikenessEvidenceFile, LikenessFingerprintMatch, LikenessMatchReport, LikenessRelationship,
} from '../policies/likeness-complaints';

// The words and stored shapes of a complaint are policy (policies/likeness-complaints.ts), shared with db/.
export type { LikenessComplaintFiling, LikenessComplaintState, LikenessEvidenceFile, LikenessFingerprintMatch, LikenessMatchReport, LikenessRelationship };

/** The workflow type name the app starts and the worker registers. */
export const LIKENESS_COMPLAINT_WORKFLOW = 'likenessComplaint';

/** Workflow id of one complaint: one workflow per complaint id, so a repeated start is refused by Temporal. */
export function likenessComplaintWorkflowId(complaintId: string): string {
  return `likeness-complaint-${complaintId}`;
}

/**
 * Sent with the start (update-with-start): answers once the complaint is recorded, so the filer's
 * status page opens at once; refused (ApplicationFailure type ComplaintRefused, with the sentence)
 * when it cannot be recorded, e.g. another complaint about the video was opened a moment before.
 */
export const likenessComplaintRecordedUpdate = defineUpdate<{ anchorRequestId: string }, []>('likenessComplaintRecorded');

/** Who filed: a creator of the consumer app (through the app API), or anyone through the public form. */
export type LikenessComplaintFiler = { kind: 'creator'; creatorId: string } | { kind: 'public' };

/** Input of likenessComplaint. Workflow id = likenessComplaintWorkflowId(complaintId). */
export interface LikenessComplaintInput extends LikenessComplaintFiling {
  /** Minted by the app; keys the likeness_complaints row. */
  complaintId: string;
}

/** How a complaint ended. */
export interface LikenessComplaintOutcome {
  outcome: 'upheld' | 'rejected';
  reason: string;
  /** Videos this complaint took down (complained videos and fingerprint matches). */
  takenDown: string[];
  /** Issue 12: further published videos taken down because their keyframe faces matched the complainant's (absent before the patch). */
  faceTakenDown?: string[];
}

/** Activities of the likeness complaint on the pipeline task queue (short database work). */
export interface LikenessComplaintActivities {
  /** Stores the complaint (idempotent per complaint id), tells a filing creator it arrived; returns the anchor request of the review item. */
  recordLikenessComplaint(input: LikenessComplaintInput): Promise<{ anchorRequestId: string }>;
  /** Saves what matching found, marks the complaint in review and returns the review item's reasons. */
  startLikenessComplaintReview(input: { complaintId: string; report: LikenessMatchReport }): Promise<{ reasons: string[] }>;
  /** Upheld: the registry entry added or updated, the complaint closed, the complainant told, the audit written. */
  upholdLikenessComplaint(input: {
    complaintId: string; reviewerId: string; reason: string; takenDown: string[];
    /** Issue 12: the face search's count of reference faces and the videos it took down (absent in histories before the patch). */
    faces?: { references: number; takenDown: string[] };
  }): Promise<void>;
  /** Rejected: the complaint closed with the reviewer's reason, the complainant told, the audit written. */
  rejectLikenessComplaint(input: { complaintId: string; reviewerId: string; reason: string }): Promise<void>;
}

/** The fingerprint matching of a complaint, on the media task queue (it may fingerprint a video file). */
export interface LikenessMatchActivities {
  /** Fingerprints the complained videos when needed and looks each up in the catalogue. */
  findLikenessMatches(input: { videoIds: string[] }): Promise<LikenessMatchReport>;
}
