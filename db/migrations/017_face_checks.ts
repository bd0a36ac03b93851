/**
 * Face checks (issue 12): every face found in an image-to-video request's source image and in the
 * sampled frames of its generated clip, with what it matched and what that meant
 * (policies/faces/checks.ts). Written by the clip pipeline's face-check activities only (single
 * writer); the review screen's "Faces" panel and the consent re-check read it.
 *
 * No embedding is stored here: the keyframe faces' embeddings go, encrypted, to face_embeddings
 * (subject 'video'). `matched_name` is the subject's display name at the time of the check, so the
 * record still says whom the face matched after a rename. One row per (request, stage, frame, face):
 * a retried activity writes nothing twice. The source image's frame_position is NULL, so the unique
 * index is NULLS NOT DISTINCT (PostgreSQL 15 or later) for NULL to count as one frame.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('face_check_results')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage IN ('source_image','keyframe')`))
    // The keyframe strip's index (request_keyframes.position); NULL for the source image.
    .addColumn('frame_position', 'integer')
    // Faces of one image, largest first.
    .addColumn('face_index', 'integer', (c) => c.notNull())
    // { x, y, width, height } in pixels of the analysed image.
    .addColumn('box', 'jsonb', (c) => c.notNull())
    .addColumn('photorealistic', 'boolean', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome IN ('consented_cameo','protected_person','unconsented_cameo','unmatched_photorealistic','unmatched_not_photorealistic')`))
    .addColumn('matched_subject_kind', 'text', (c) => c.check(sql`matched_subject_kind IN ('cameo','protected_person')`))
    .addColumn('matched_subject_id', 'uuid')
    .addColumn('matched_name', 'text')
    // Cosine distance to the match (or to the nearest stored face when nothing matched); NULL when the gallery was empty.
    .addColumn('distance', 'real')
    .addColumn('threshold', 'real', (c) => c.notNull())
    .addColumn('model_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX face_check_results_face_uq ON face_check_results (request_id, stage, frame_position, face_index) NULLS NOT DISTINCT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
