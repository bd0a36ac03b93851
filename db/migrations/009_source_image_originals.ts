/**
 * Image-to-video uploads that carried a C2PA manifest store. The stored source image is the picture
 * without metadata (so without its manifest); the upload as it arrived is kept apart under
 * `originals/<sha256>.<ext>` (served by no route), so the clip's manifest can name it as an
 * ingredient made from its own bytes, with its own validation results (C2PA 2.x, "Ingredients").
 *
 * `request_source_images.original_sha256` links a request to that upload; null when the upload
 * carried no C2PA data, and for every row written before this migration. The link is per request,
 * not per stored image: different uploads (different manifests) can strip to the same picture.
 * Written once by the request's recordRequest activity, like the rest of the row.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('request_source_images')
    .addColumn('original_sha256', 'text', (c) => c.check(sql`original_sha256 ~ '^[0-9a-f]{64}$'`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
