/**
 * Reference face photos of protected persons (issue 12), for the registry page: the legal team
 * uploads a photo of a registry entry, sees each photo's analysis (pending, enrolled with one face,
 * failed with a sentence) and deletes one. The photo is checked like an image-to-video source image
 * (size limit, format by its first bytes, complete structure, decoded in full, turned upright by its
 * EXIF orientation, camera metadata removed: source-image.server.ts), stored in the media store
 * under `references/<sha256>.<ext>` (served to staff only), recorded, and analysed by the
 * referenceFaceEnrolment workflow on the media task queue, which stores the face's embedding,
 * encrypted. Deleting a photo deletes its embeddings at once, and its file when no other entry has
 * the same photo. Every upload and deletion is in the
 * audit log (ids, hashes and counts; never a face or an embedding).
 *
 * Refusals are `ServiceRefusal`s with the sentence for the uploader.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { getPublicFigure } from '../../db/queries/policy-registries';
import {
  deleteReferenceImageEmbeddings, getReferenceImage, insertReferenceImage, listReferenceImages, liveReferenceImageBySha256, liveReferenceImagesWithFile,
  markReferenceImageDeleted, referenceImageKey,
} from '../../db/queries/reference-faces';
import type { MediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';
import { describeBytes, SOURCE_IMAGE_LIMITS, SOURCE_IMAGE_TYPES } from '../../policies/source-image';
import { roleMayDo, type StaffRole } from '../../policies/staff-access';
import { ServiceRefusal } from './refusal';
import { checkSourceImage, SourceImageRefused } from './source-image.server';
import { startReferenceFaceEnrolment, type WorkflowClientDeps } from './workflow-client.server';

/** The formats a reference photo may have: JPEG and PNG, told by their first bytes. */
export const REFERENCE_FACE_TYPES = ['image/jpeg', 'image/png'] as const;

/** Largest reference photo, in bytes: the source images' limit (a face photo needs no more). */
export const REFERENCE_FACE_MAX_BYTES = SOURCE_IMAGE_LIMITS.maxBytes;

/** The sentence for a photo over REFERENCE_FACE_MAX_BYTES. */
export const REFERENCE_FACE_TOO_LARGE = `The photo is larger than ${REFERENCE_FACE_MAX_BYTES / 1024 / 1024} MB, the limit: upload a smaller or more compressed JPEG or PNG.`;

/** JPEG (FF D8 FF) or PNG (its 8-byte signature) from the first bytes, or null. */
function sniffReferenceType(bytes: Uint8Array): (typeof REFERENCE_FACE_TYPES)[number] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((byte, i) => bytes[i] === byte)) return 'image/png';
  return null;
}

/** What the upload needs from the app's context. */
export type ReferenceFaceDeps = WorkflowClientDeps & { db: Kysely<Database>; media: MediaStore };

/** The staff member acting: id, email (the audit label) and role. */
type ActingStaff = { id: string; email: string; role: StaffRole };

/**
 * Stores a reference photo of registry entry `personId`, records it (pending), writes the audit
 * entry and starts its analysis. Returns the new image's id.
 * Refuses FORBIDDEN (role), NOT_FOUND (no such entry), BAD_REQUEST (empty, too large, not a JPEG or
 * PNG, damaged).
 */
export async function uploadReferenceFace(deps: ReferenceFaceDeps, staff: ActingStaff, input: { personId: string; bytes: Uint8Array }): Promise<{ imageId: string }> {
  if (!roleMayDo(staff.role, 'reference_faces')) {
    throw new ServiceRefusal('FORBIDDEN', 'Your role may not upload reference faces; ask legal or an admin.');
  }
  const person = await getPublicFigure(deps.db, input.personId);
  if (!person) throw new ServiceRefusal('NOT_FOUND', 'That registry entry no longer exists; reload the page.');
  const { bytes } = input;
  if (bytes.length === 0) throw new ServiceRefusal('BAD_REQUEST', 'The photo is empty: choose a JPEG or PNG file.');
  if (bytes.length > REFERENCE_FACE_MAX_BYTES) throw new ServiceRefusal('BAD_REQUEST', `The photo is ${describeBytes(bytes.length)}; the limit is ${REFERENCE_FACE_MAX_BYTES / 1024 / 1024} MB. Upload a smaller or more compressed JPEG or PNG.`);
  if (!sniffReferenceType(bytes)) {
    throw new ServiceRefusal('BAD_REQUEST', 'The photo is not a JPEG or PNG image (its first bytes are not one of those formats): upload one of those.');
  }
  let checked;
  try {
    checked = await checkSourceImage(bytes);
  } catch (error) {
    if (error instanceof SourceImageRefused) throw new ServiceRefusal('BAD_REQUEST', error.message);
    throw error;
  }
  const imageId = randomUUID();
  try {
    const mimeType = checked.image.mime_type;
    // checkSourceImage keeps the format; the sniff above allowed only these two.
    if (mimeType !== 'image/jpeg' && mimeType !== 'image/png') throw new ServiceRefusal('BAD_REQUEST', 'Upload the photo as a JPEG or PNG.');
    const storageKey = referenceImageKey(checked.image.sha256, SOURCE_IMAGE_TYPES[mimeType].extension);
    await deps.media.putFile(storageKey, checked.filePath);
    await deps.db.transaction().execute(async (trx) => {
      await insertReferenceImage(trx, {
        id: imageId, personId: person.id, storageKey, sha256: checked.image.sha256, mimeType,
        width: checked.image.width, height: checked.image.height, uploadedBy: staff.id,
      });
      await appendAudit(trx, {
        ...staffActor(staff),
        action: 'registry.reference_face.upload',
        subjectType: 'reference_face_image',
        subjectId: imageId,
        after: { personId: person.id, person: person.name, sha256: checked.image.sha256, width: checked.image.width, height: checked.image.height },
      });
    });
  } finally {
    await checked.discard();
  }
  await startReferenceFaceEnrolment(deps, imageId);
  return { imageId };
}

/**
 * Deletes a reference photo: marks it deleted (no route serves it any more) and deletes its stored
 * face embeddings in the same transaction, with the audit entry saying how many went; then removes
 * the photo's file from the media store unless another live reference image is the same photo
 * (content-addressed files are shared). Refuses NOT_FOUND when there is no such live photo.
 */
export async function deleteReferenceFace(
  deps: { db: Kysely<Database>; media: MediaStore },
  staff: { id: string; email: string },
  imageId: string,
): Promise<{ embeddingsDeleted: number; photoRemoved: boolean }> {
  const deleted = await deps.db.transaction().execute(async (trx) => {
    const image = await getReferenceImage(trx, imageId, { lock: true });
    if (!image || image.deleted_at) throw new ServiceRefusal('NOT_FOUND', 'That reference face was deleted already; reload the page.');
    await markReferenceImageDeleted(trx, imageId);
    const embeddingsDeleted = await deleteReferenceImageEmbeddings(trx, imageId);
    const photoRemoved = (await liveReferenceImagesWithFile(trx, image.storage_key)) === 0;
    await appendAudit(trx, {
      ...staffActor(staff),
      action: 'registry.reference_face.delete',
      subjectType: 'reference_face_image',
      subjectId: imageId,
      before: { personId: image.person_id, person: image.person_name, state: image.state, facesFound: image.faces_found },
      after: { deleted: true, embeddingsDeleted, photoRemoved },
    });
    return { embeddingsDeleted, photoRemoved, storageKey: image.storage_key };
  });
  // After the commit: a failed removal leaves a file no route serves, never a row pointing at nothing.
  if (deleted.photoRemoved) await deps.media.remove(deleted.storageKey);
  return { embeddingsDeleted: deleted.embeddingsDeleted, photoRemoved: deleted.photoRemoved };
}

/** The live reference photos of every registry entry (no embedding, ever): for the registry page. */
export async function referenceFacesForPage(db: Kysely<Database>) {
  const rows = await listReferenceImages(db);
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    state: row.state,
    facesFound: row.faces_found,
    failureMessage: row.failure_message,
    uploadedAt: row.uploaded_at.toISOString(),
    uploadedBy: row.uploaded_by_email,
    width: row.width,
    height: row.height,
    file: `${row.sha256}.${SOURCE_IMAGE_TYPES[row.mime_type].extension}`,
  }));
}

/**
 * The stored photo served as `file` (`<sha256>.<ext>`) to a staff member who may read the registry,
 * or null (not staff of those roles, no such live photo, the extension not its type's).
 */
export async function referenceFaceFileForStaff(db: Kysely<Database>, staff: { role: StaffRole } | null, file: string) {
  const match = /^([a-f0-9]{64})\.(jpg|png)$/.exec(file);
  if (!match || !staff || !roleMayDo(staff.role, 'policy_registries')) return null;
  const image = await liveReferenceImageBySha256(db, match[1]!);
  if (!image || SOURCE_IMAGE_TYPES[image.mime_type].extension !== match[2]) return null;
  return image;
}
