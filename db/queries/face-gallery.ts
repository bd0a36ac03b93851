/**
 * Which stored face embeddings the face gallery (activities/faces/face-gallery.ts) may still match:
 * rows of `face_embeddings` that exist, belong to a cameo or a protected person (never a video's
 * keyframe faces), and whose subject is live: a cameo not deleted (`cameos.deleted_at IS NULL`; its
 * embeddings stay in the store up to LOUPE_BIOMETRIC_RETENTION_DAYS after the deletion, but never
 * match again), a protected person still in the registry (`public_figures`).
 *
 * Ids only: nothing here reads a ciphertext, so these queries are cheap (primary-key and index
 * look-ups) and the gallery can ask them on every lookup.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** The subject kinds the gallery holds. */
export const GALLERY_SUBJECT_KINDS = ['cameo', 'protected_person'] as const;

function liveGalleryRows(db: Kysely<Database>) {
  return db
    .selectFrom('face_embeddings as fe')
    .leftJoin('cameos as c', (join) => join.onRef('c.id', '=', 'fe.subject_id').on('fe.subject_kind', '=', 'cameo'))
    .leftJoin('public_figures as p', (join) => join.onRef('p.id', '=', 'fe.subject_id').on('fe.subject_kind', '=', 'protected_person'))
    .select('fe.id')
    .where('fe.subject_kind', 'in', GALLERY_SUBJECT_KINDS)
    .where((eb) => eb.or([
      eb.and([eb('fe.subject_kind', '=', 'cameo'), eb('c.id', 'is not', null), eb('c.deleted_at', 'is', null)]),
      eb.and([eb('fe.subject_kind', '=', 'protected_person'), eb('p.id', 'is not', null)]),
    ]));
}

/**
 * Of `ids` (face_embeddings ids as decimal strings), the ones the gallery may still match (see the
 * header). An empty list asks nothing.
 */
export async function liveGalleryEmbeddingIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await liveGalleryRows(db).where('fe.id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Every id the gallery may match, up to and including `upToId`: the gallery's periodic
 * reconciliation compares it with what it holds (ids only; about 100,000 a few tens of ms).
 */
export async function allLiveGalleryEmbeddingIds(db: Kysely<Database>, upToId: string): Promise<string[]> {
  const rows = await liveGalleryRows(db).where('fe.id', '<=', upToId).orderBy('fe.id').execute();
  return rows.map((row) => row.id);
}
