/**
 * The face search of an upheld likeness complaint (contracts ComplaintFaceActivities; issue 12: "a
 * complaint upheld in the likeness queue also takes down videos whose faces match the
 * complainant's").
 *
 * The complained-about person's face, from what the stored complaint has, each source optional:
 * 1. the complaint's evidence images (JPEG, PNG, WebP) that show exactly one face large enough to
 *    compare (policies/faces/reference-image.ts: the same rule as a registry reference photo);
 * 2. the reference faces of the registry entry named like the person (name or alias), uploaded by
 *    the legal team (subject 'protected_person');
 * 3. when a creator filed about themselves (relationship 'self'), the enrolment faces of their
 *    verified, live cameos (subject 'cameo').
 * Those reference faces are compared with every stored keyframe face of a generated video (subject
 * 'video', written by the pipeline's face checks), read in keyset pages by id and decrypted in this
 * process: a video with any face within FACE_MATCH_MAX_DISTANCE (cosine) of any reference is a
 * match. The matches taken down are the published ones not already taken down by the complaint and
 * not carrying a cameo of the person (their consent is on the ledger; db/queries/complaint-faces.ts).
 *
 * A brute-force scan: a complaint is upheld a few times a day, and one 1024-value comparison per
 * stored face and reference is cheap next to decrypting the row. Idempotent: it reads and decides,
 * writes nothing; the workflow takes each match down through the one takedown.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { loadFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { cameoIdsOwnedBy, publishedVideosWithoutCameos, verifiedCameoIdsOf } from '../../db/queries/complaint-faces';
import { getLikenessComplaint, registryEntryNamed } from '../../db/queries/likeness-complaints';
import { cosineDistance, FACE_MATCH_MAX_DISTANCE } from '../../policies/faces';
import { judgeReferenceImage } from '../../policies/faces/reference-image';
import type { ComplaintFaceActivities } from '../../contracts';
import type { ActivityDeps } from '../deps';
import { withHeartbeat } from '../heartbeat';
import { decodeImageFile } from './capture-frames';
import { UndecodableImageError } from './decode-image';
import { detectFaces } from './engine';

/** Stored keyframe faces decrypted per page of the scan: bounds the worker's memory (~4 KB each). */
export const FACE_SCAN_PAGE_SIZE = 2_000;

/** Evidence types the face engine can read (a PDF is evidence, not a picture of a face). */
const FACE_EVIDENCE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** The activity implementations, bound to the worker's dependencies. */
export function complaintFaceActivities({ db, media, biometricKey }: ActivityDeps): ComplaintFaceActivities {
  return {
    findComplaintFaceMatches({ complaintId, excludeVideoIds }) {
      return withHeartbeat(async () => {
        const complaint = await getLikenessComplaint(db, complaintId);
        if (!complaint) throw ApplicationFailure.nonRetryable(`Unknown likeness complaint ${complaintId}.`, 'NotFound');

        const references: Float32Array[] = [];
        for (const file of complaint.evidence_files) {
          if (!FACE_EVIDENCE_TYPES.has(file.mimeType) || !(await media.exists(file.storageKey))) continue;
          try {
            const faces = await detectFaces(await decodeImageFile(await media.localPath(file.storageKey)));
            const verdict = judgeReferenceImage(faces, complaint.person_name);
            if (verdict.ok) references.push(faces[verdict.faceIndex]!.embedding);
          } catch (error) {
            // A damaged evidence image is simply not a reference; the reviewer saw the file itself.
            if (!(error instanceof UndecodableImageError)) throw error;
          }
        }
        const entry = await registryEntryNamed(db, [complaint.person_name, ...complaint.person_aliases]);
        if (entry) {
          const stored = await loadFaceEmbeddings(db, biometricKey, { kinds: ['protected_person'], subjectIds: [entry.id] });
          references.push(...stored.map((row) => row.embedding));
        }
        const ownCameos = complaint.creator_id && complaint.relationship === 'self' ? await verifiedCameoIdsOf(db, complaint.creator_id) : [];
        if (ownCameos.length > 0) {
          const stored = await loadFaceEmbeddings(db, biometricKey, { kinds: ['cameo'], subjectIds: ownCameos });
          references.push(...stored.map((row) => row.embedding));
        }
        if (references.length === 0) return { references: 0, videoIds: [] };

        const matched = new Set<string>();
        let afterId: string | undefined;
        for (;;) {
          const page = await loadFaceEmbeddings(db, biometricKey, { kinds: ['video'], limit: FACE_SCAN_PAGE_SIZE, ...(afterId === undefined ? {} : { afterId }) });
          for (const row of page) {
            if (matched.has(row.subject.id)) continue;
            if (references.some((reference) => cosineDistance(reference, row.embedding) <= FACE_MATCH_MAX_DISTANCE)) matched.add(row.subject.id);
          }
          if (page.length < FACE_SCAN_PAGE_SIZE) break;
          afterId = page[page.length - 1]!.id;
        }
        const excluded = new Set(excludeVideoIds);
        const consentedCameos = [...(entry?.cameo_id ? [entry.cameo_id] : []), ...(complaint.creator_id && complaint.relationship === 'self' ? await cameoIdsOwnedBy(db, complaint.creator_id) : [])];
        const videoIds = await publishedVideosWithoutCameos(db, [...matched].filter((id) => !excluded.has(id)), consentedCameos);
        return { references: references.length, videoIds };
      });
    },
  };
}
