/**
 * The activity of referenceFaceEnrolment (contracts/reference-faces.ts): a protected person's
 * reference photo is read from the media store, decoded upright, and searched for faces; when
 * policies/faces/reference-image.ts accepts it (exactly one face, large enough), that face's
 * embedding is stored, encrypted, as subject 'protected_person' with source 'reference_image' and
 * source_id = the image id, and the row is marked enrolled, in one transaction. Otherwise the row is
 * marked failed with the sentence for the legal team.
 *
 * Idempotent: the row is locked and only a pending, live image is decided; a retry after the commit
 * (or an image deleted meanwhile) answers `skipped`. Only the outcome (ids, counts, sentences)
 * leaves this activity; the embedding stays in this process's memory until sealed.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { getReferenceImage, recordReferenceImageOutcome, REFERENCE_IMAGE_SOURCE } from '../../db/queries/reference-faces';
import { judgeReferenceImage } from '../../policies/faces/reference-image';
import type { ReferenceFaceActivities } from '../../contracts';
import type { ActivityDeps } from '../deps';
import { detectFaces, FACE_MODEL_LABEL } from './engine';
import { decodeImageFile } from './capture-frames';
import { UndecodableImageError } from './decode-image';

/** The activity implementations, bound to the worker's dependencies. */
export function referenceFaceActivities({ db, media, biometricKey }: ActivityDeps): ReferenceFaceActivities {
  return {
    async enrolReferenceFace({ imageId }) {
      const image = await getReferenceImage(db, imageId);
      if (!image) throw ApplicationFailure.nonRetryable(`Unknown reference image ${imageId}.`, 'NotFound');
      if (image.deleted_at) return { outcome: 'skipped', state: 'deleted' };
      if (image.state !== 'pending') return { outcome: 'skipped', state: image.state };
      if (!(await media.exists(image.storage_key))) {
        throw ApplicationFailure.nonRetryable(`The file of reference image ${imageId} is missing from the media store.`, 'NotFound');
      }

      let faces;
      try {
        faces = await detectFaces(await decodeImageFile(await media.localPath(image.storage_key)));
      } catch (error) {
        if (error instanceof UndecodableImageError) throw ApplicationFailure.nonRetryable(error.message, 'UnsupportedMedia');
        throw error;
      }
      const verdict = judgeReferenceImage(faces, image.person_name);

      return db.transaction().execute(async (trx) => {
        const locked = await getReferenceImage(trx, imageId, { lock: true });
        // Deleted or decided while the engine ran: the first decision (or the deletion) stands.
        if (!locked || locked.deleted_at) return { outcome: 'skipped', state: 'deleted' } as const;
        if (locked.state !== 'pending') return { outcome: 'skipped', state: locked.state } as const;
        if (!verdict.ok) {
          await recordReferenceImageOutcome(trx, imageId, { state: 'failed', facesFound: faces.length, failureMessage: verdict.message });
          return { outcome: 'failed', facesFound: faces.length, message: verdict.message } as const;
        }
        await storeFaceEmbeddings(trx, biometricKey, [{
          subject: { kind: 'protected_person', id: image.person_id },
          source: REFERENCE_IMAGE_SOURCE,
          sourceId: imageId,
          embedding: faces[verdict.faceIndex]!.embedding,
          modelLabel: FACE_MODEL_LABEL,
        }]);
        await recordReferenceImageOutcome(trx, imageId, { state: 'enrolled', facesFound: 1 });
        return { outcome: 'enrolled', facesFound: 1 } as const;
      });
    },
  };
}
