/**
 * Source images of image-to-video requests (migration 005): the stored image, content-addressed,
 * and each request's reference to it. The submission only puts the file in the media store; the
 * clip pipeline's recordRequest activity writes both rows (single writer), together with the request
 * itself. The generation and provenance activities and the review screen read them by request id.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, SourceImagesTable } from '../schema';

/** A source_images row without its timestamp. */
export type StoredSourceImage = Omit<Selectable<SourceImagesTable>, 'created_at'>;

/**
 * Records an image (once per content hash) and the request's reference to it (once per request),
 * atomically: inside the caller's transaction when `db` is one, else in a transaction of its own.
 * Running it again for the same request changes nothing; a request keeps its first image.
 * `originalSha256`: the upload as it arrived, when it carried a C2PA manifest store (migration 009).
 */
export async function attachSourceImage(db: Kysely<Database>, requestId: string, image: StoredSourceImage, originalSha256: string | null = null): Promise<void> {
  const inTransaction = (work: (trx: Kysely<Database>) => Promise<void>) =>
    db.isTransaction ? work(db) : db.transaction().execute((trx: Transaction<Database>) => work(trx));
  await inTransaction(async (trx) => {
    // No conflict target: the row has two unique keys (sha256, and storage_key derived from it). With
    // a target on sha256 alone, two concurrent uploads of one image can collide on storage_key first
    // and fail; either conflict means "this image is already stored".
    await trx.insertInto('source_images').values(image).onConflict((oc) => oc.doNothing()).execute();
    await trx
      .insertInto('request_source_images')
      .values({ request_id: requestId, source_image_sha256: image.sha256, original_sha256: originalSha256 })
      .onConflict((oc) => oc.column('request_id').doNothing())
      .execute();
  });
}

/** The request's source image, or null for a text-to-video request. */
export async function sourceImageOfRequest(db: Kysely<Database>, requestId: string): Promise<StoredSourceImage | null> {
  const row = await db
    .selectFrom('request_source_images')
    .innerJoin('source_images', 'source_images.sha256', 'request_source_images.source_image_sha256')
    .select(['source_images.sha256', 'source_images.storage_key', 'source_images.mime_type', 'source_images.width', 'source_images.height', 'source_images.byte_size'])
    .where('request_source_images.request_id', '=', requestId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * SHA-256 of the upload the request's source image came from, when that upload carried a C2PA
 * manifest store and was kept as it arrived (`originals/<sha256>.<ext>`); null otherwise.
 */
export async function sourceImageOriginalOfRequest(db: Kysely<Database>, requestId: string): Promise<string | null> {
  const row = await db.selectFrom('request_source_images').select('original_sha256').where('request_id', '=', requestId).executeTakeFirst();
  return row?.original_sha256 ?? null;
}

/** The stored image with this SHA-256 (hex), or null. */
export async function sourceImageBySha256(db: Kysely<Database>, sha256: string): Promise<StoredSourceImage | null> {
  const row = await db
    .selectFrom('source_images')
    .select(['sha256', 'storage_key', 'mime_type', 'width', 'height', 'byte_size'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ?? null;
}
