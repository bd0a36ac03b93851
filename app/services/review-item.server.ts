/** Everything the review screen shows about one item: its detail, who holds it, and its creator's record. */
import type { Kysely } from 'kysely';
import { copyrightMatchesOfRequest } from '../../db/queries/copyright-matches';
import { faceCheckResultsOfRequest } from '../../db/queries/face-checks';
import { likenessComplaintForScreen } from '../../db/queries/likeness-complaints';
import { getReviewItemDetail } from '../../db/queries/review';
import { leaseOf } from '../../db/queries/review-leases';
import { creatorHistory } from '../../db/queries/review-strikes';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

/** The item's screen data; refuses NOT_FOUND when there is no such item. */
export async function reviewItemScreen(db: Kysely<Database>, itemId: string) {
  const detail = await getReviewItemDetail(db, itemId);
  if (!detail) throw new ServiceRefusal('NOT_FOUND', 'There is no review item with that id.');
  const [lease, creator, likenessComplaint, faces] = await Promise.all([
    leaseOf(db, itemId),
    creatorHistory(db, detail.request.creator_id, detail.request.id),
    // A likeness item shows the complaint behind it (issue 11): evidence, videos and matches, the registry entry.
    detail.item.kind === 'likeness_complaint' ? likenessComplaintForScreen(db, detail.request.id) : Promise.resolve(undefined),
    // Issue 12: the faces found in the source image and the clip's frames, with matches and distances (never embeddings).
    faceCheckResultsOfRequest(db, detail.request.id),
  ]);
  // Issue 13: the clip's hash-bank matches (work, bank, frame, distance, action).
  const copyrightMatches = await copyrightMatchesOfRequest(db, detail.request.id);
  return {
    ...detail, lease, creator, likenessComplaint: likenessComplaint ?? null,
    copyrightMatches: copyrightMatches.map((match) => ({
      entityName: match.entity_name, bankName: match.bank_name, frameIndex: match.frame_index, region: match.region, distance: match.distance,
      cutoff: match.cutoff, action: match.action,
    })),
    faces: faces.map((face) => ({
      stage: face.stage, framePosition: face.frame_position, faceIndex: face.face_index, photorealistic: face.photorealistic, outcome: face.outcome,
      matchedKind: face.matched_subject_kind, matchedName: face.matched_name, distance: face.distance, threshold: face.threshold,
    })),
  };
}
