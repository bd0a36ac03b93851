/**
 * Reference face images of protected persons (migration 018). The app inserts a row when a member
 * of the legal team uploads a photo and sets `deleted_at` when they remove it; the
 * referenceFaceEnrolment workflow's activity is the single writer of the outcome (state, faces
 * found, failure sentence). The embedding is never read or written here: it is in
 * `face_embeddings`, encrypted, through db/biometrics/face-embeddings.ts; this module only deletes
 * the rows of one reference image (subject 'protected_person', source 'reference_image',
 * source_id = the image id), which needs no key.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The `source` of a face embedding computed from a protected person's reference image. */
export const REFERENCE_IMAGE_SOURCE = 'reference_image';

/** Where a reference image lives in the media store: content-addressed, served to staff only. */
export function referenceImageKey(sha256: string, extension: string): string {
  return `references/${sha256}.${extension}`;
}

/** A reference image as the app records it at upload. */
export interface NewReferenceImage {
  id: string;
  personId: string;
  storageKey: string;
  sha256: string;
  mimeType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  uploadedBy: string;
}

/** Records an uploaded reference image (state pending); the workflow started next decides its outcome. */
export async function insertReferenceImage(db: Db, image: NewReferenceImage): Promise<void> {
  await db
    .insertInto('protected_person_reference_images')
    .values({
      id: image.id, person_id: image.personId, storage_key: image.storageKey, sha256: image.sha256, mime_type: image.mimeType,
      width: image.width, height: image.height, uploaded_by: image.uploadedBy,
    })
    .execute();
}

/** One reference image (deleted ones too, so a late workflow can see it was removed), or undefined. */
export async function getReferenceImage(db: Db, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .selectFrom('protected_person_reference_images as r')
    .innerJoin('public_figures as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.person_id', 'p.name as person_name', 'r.storage_key', 'r.sha256', 'r.mime_type', 'r.width', 'r.height', 'r.state', 'r.faces_found', 'r.failure_message', 'r.deleted_at'])
    .where('r.id', '=', id);
  return (options.lock ? query.forUpdate('r') : query).executeTakeFirst();
}

/** The live (not deleted) reference images of every registry entry, newest first, with the uploader's email. */
export async function listReferenceImages(db: Db) {
  return db
    .selectFrom('protected_person_reference_images as r')
    .innerJoin('staff as s', 's.id', 'r.uploaded_by')
    .select(['r.id', 'r.person_id', 'r.sha256', 'r.mime_type', 'r.width', 'r.height', 'r.state', 'r.faces_found', 'r.failure_message', 'r.uploaded_at', 's.email as uploaded_by_email'])
    .where('r.deleted_at', 'is', null)
    .orderBy('r.uploaded_at', 'desc')
    .orderBy('r.id')
    .execute();
}

/** The live reference image served as `<sha256>.<ext>` (several entries may hold the same photo: any live one will do), or undefined. */
export async function liveReferenceImageBySha256(db: Db, sha256: string) {
  return db
    .selectFrom('protected_person_reference_images')
    .select(['storage_key', 'mime_type'])
    .where('sha256', '=', sha256)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The outcome of one reference image's analysis: enrolled with one face, or failed with the sentence for the legal team. */
export type ReferenceImageOutcome =
  | { state: 'enrolled'; facesFound: 1 }
  | { state: 'failed'; facesFound: number; failureMessage: string };

/** Records the analysis outcome of a pending reference image; anything else is left as it is (returns false). */
export async function recordReferenceImageOutcome(db: Db, id: string, outcome: ReferenceImageOutcome): Promise<boolean> {
  const result = await db
    .updateTable('protected_person_reference_images')
    .set({
      state: outcome.state,
      faces_found: outcome.facesFound,
      failure_message: outcome.state === 'failed' ? outcome.failureMessage : null,
      enrolled_at: outcome.state === 'enrolled' ? new Date() : null,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a reference image deleted (false when it was deleted already or never existed). */
export async function markReferenceImageDeleted(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('protected_person_reference_images')
    .set({ deleted_at: new Date() })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** How many live (not deleted) reference images keep the file `storageKey` (the same photo uploaded for several entries shares it). */
export async function liveReferenceImagesWithFile(db: Db, storageKey: string): Promise<number> {
  const row = await db
    .selectFrom('protected_person_reference_images')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('storage_key', '=', storageKey)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Deletes the stored face embeddings computed from one reference image; returns how many rows went. */
export async function deleteReferenceImageEmbeddings(db: Db, imageId: string): Promise<number> {
  const result = await db
    .deleteFrom('face_embeddings')
    .where('subject_kind', '=', 'protected_person')
    .where('source', '=', REFERENCE_IMAGE_SOURCE)
    .where('source_id', '=', imageId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
