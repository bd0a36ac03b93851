/**
 * Test files share one database, and several enrol the same fixture faces (the man of
 * test/support/face-fixtures.ts as a cameo, as a protected person's reference, in clips' frames).
 * A file that asserts WHOM a face matches therefore starts from an empty gallery, so its result does
 * not depend on which files ran before it. The workers' face gallery re-checks every candidate in the
 * database, so rows deleted here never match, whatever its index still holds.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Deletes every stored face embedding of the given subject kinds (default: cameos and protected persons). */
export async function emptyFaceGallery(db: Kysely<Database>, kinds: readonly ('cameo' | 'protected_person' | 'video')[] = ['cameo', 'protected_person']): Promise<void> {
  await db.deleteFrom('face_embeddings').where('subject_kind', 'in', [...kinds]).execute();
}
