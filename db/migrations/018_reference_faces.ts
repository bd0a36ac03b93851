/**
 * Issue 12: reference faces of protected persons, and complaints that take down by face.
 *
 * - `protected_person_reference_images`: a photo of a registry entry (public_figures, migration 014)
 *   uploaded by the legal team. The file is in the media store under `references/<sha256>.<ext>`
 *   (content-addressed, served to staff only, like source-image originals and complaint evidence).
 *   Its embedding is computed on the media task queue by the referenceFaceEnrolment workflow, which
 *   is the single writer of `state`, `faces_found`, `failure_message` and `enrolled_at`; the app
 *   writes the row at upload and `deleted_at` when a member of the legal team removes it. The
 *   embedding itself is never here: it is in `face_embeddings` (migration 016), encrypted, as subject
 *   'protected_person' with source 'reference_image' and source_id = this row's id.
 * - `likeness_complaints.face_taken_down`: the videos an upheld complaint took down because their
 *   stored keyframe faces matched the complainant's face (beyond the complained videos and their
 *   fingerprint matches, which stay in `taken_down`); `face_references` says how many reference
 *   faces were compared (null: the complaint was decided before face matching existed).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('protected_person_reference_images')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('public_figures.id'))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('mime_type', 'text', (c) => c.notNull().check(sql`mime_type IN ('image/jpeg','image/png')`))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state IN ('pending','enrolled','failed')`))
    .addColumn('failure_message', 'text')
    .addColumn('faces_found', 'integer')
    .addColumn('enrolled_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('protected_person_reference_images_person_idx').on('protected_person_reference_images').columns(['person_id', 'uploaded_at']).execute();

  await db.schema
    .alterTable('likeness_complaints')
    .addColumn('face_taken_down', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('face_references', 'integer')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
