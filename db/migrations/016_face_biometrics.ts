/**
 * Face biometrics (issue 12): verified cameos. A creator proves a person cameo is their own face with
 * a short live capture answering a challenge (turn the head one way, then the other); the
 * faceEnrolment workflow analyses it on the media task queue and stores face embeddings.
 *
 * - `face_embeddings`: every stored face embedding, of a cameo (enrolment), a protected person
 *   (reference image) or a generated video (keyframe faces), ENCRYPTED: `ciphertext` is
 *   iv(12) || tag(16) || AES-256-GCM(float32 LE values), `key_id` names the key so keys can rotate
 *   (db/biometrics/face-embeddings.ts). No column holds a vector in the clear. The subject is
 *   polymorphic, hence no foreign key; rows are deleted (not flagged) when a subject's retention ends.
 * - `face_enrolment_challenges`: what the app showed before capturing; one use, short expiry.
 * - `face_enrolments`: one analysed capture, written by the workflow's activities (single writer).
 *   `capture_storage_key` is the capture in the media store (staff/worker only); the activity
 *   deletes the file after analysis and sets the column to null, because the capture is biometric too.
 * - `cameos.face_verified_at` / `face_enrolment_id`: the cameo's verified state and the enrolment
 *   whose embeddings are stored.
 * - `biometric_deletions`: the durable deletion after a cameo's deletion (requested, due, done, how
 *   many rows), the audit trail beside the audit log row; one per subject.
 */
import { sql, type Kysely } from 'kysely';

const NOTIFICATION_KINDS: [string, string][] = [
  ['cameo_verified', 'A creator\'s cameo was verified with a live face capture.'],
  ['cameo_verification_failed', 'A creator\'s face capture did not verify the cameo, with what to do.'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('face_embeddings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind IN ('cameo','protected_person','video')`))
    .addColumn('subject_id', 'uuid', (c) => c.notNull())
    // 'enrolment', 'reference_image', 'keyframe', ...
    .addColumn('source', 'text', (c) => c.notNull())
    // The enrolment id, reference image id, or request id + frame the embedding came from.
    .addColumn('source_id', 'text')
    .addColumn('ciphertext', 'bytea', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('model_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('face_embeddings_subject_idx').on('face_embeddings').columns(['subject_kind', 'subject_id']).execute();
  // The face gallery refreshes by id ("rows after the last one I have"), per kind.
  await db.schema.createIndex('face_embeddings_kind_id_idx').on('face_embeddings').columns(['subject_kind', 'id']).execute();

  await db.schema
    .createTable('face_enrolment_challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('turn_left_then_right','turn_right_then_left')`))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('face_enrolment_challenges_cameo_idx').on('face_enrolment_challenges').columns(['cameo_id', 'issued_at']).execute();

  await db.schema
    .createTable('face_enrolments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    // One capture per challenge: a challenge answered once cannot be replayed.
    .addColumn('challenge_id', 'uuid', (c) => c.notNull().unique().references('face_enrolment_challenges.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state IN ('pending','analysing','verified','failed')`))
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('frames_analysed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress BETWEEN 0 AND 100`))
    .addColumn('model_label', 'text')
    .addColumn('capture_storage_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('face_enrolments_cameo_idx').on('face_enrolments').columns(['cameo_id', 'created_at']).execute();

  await db.schema
    .alterTable('cameos')
    .addColumn('face_verified_at', 'timestamptz')
    .addColumn('face_enrolment_id', 'uuid', (c) => c.references('face_enrolments.id'))
    .execute();

  await db.schema
    .createTable('biometric_deletions')
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind IN ('cameo','protected_person','video')`))
    .addColumn('subject_id', 'uuid', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('rows_deleted', 'integer')
    .addColumn('files_deleted', 'integer')
    .addPrimaryKeyConstraint('biometric_deletions_pk', ['subject_kind', 'subject_id'])
    .execute();

  for (const [kind, description] of NOTIFICATION_KINDS) {
    await sql`INSERT INTO notification_kinds (kind, description) VALUES (${kind}, ${description}) ON CONFLICT DO NOTHING`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
