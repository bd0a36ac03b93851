/**
 * Face enrolment rows (migration 016): challenges the app issues, enrolments the app opens and the
 * faceEnrolment workflow's activities decide, the cameo's verified state, and the biometric
 * deletion's record.
 *
 * Invariants:
 * - a challenge is answered once: `openFaceEnrolment` marks it used with a conditional update
 *   (unused, unexpired, the same cameo and creator) in the transaction that inserts the enrolment,
 *   and `face_enrolments.challenge_id` is unique besides;
 * - an enrolment is decided once: `recordEnrolmentOutcome` updates only a row still pending or
 *   analysing, under a row lock, in the transaction that stores the embeddings;
 * - a re-enrolment replaces the cameo's enrolment embeddings only on success, in that same transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { EnrolmentChallengeKind, EnrolmentFailureCode } from '../../policies/faces/enrolment';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The source recorded on every embedding an enrolment stores (face_embeddings.source). */
export const ENROLMENT_SOURCE = 'enrolment';

/** Issues a challenge for a cameo, valid until `expiresAt`. */
export async function insertEnrolmentChallenge(
  db: Db,
  challenge: { id: string; cameoId: string; creatorId: string; kind: EnrolmentChallengeKind; expiresAt: Date },
): Promise<{ issuedAt: Date }> {
  const row = await db
    .insertInto('face_enrolment_challenges')
    .values({ id: challenge.id, cameo_id: challenge.cameoId, creator_id: challenge.creatorId, kind: challenge.kind, expires_at: challenge.expiresAt })
    .returning('issued_at')
    .executeTakeFirstOrThrow();
  return { issuedAt: row.issued_at };
}

/** Why a challenge cannot be answered: unknown (or another cameo's or creator's), used, or expired. */
export type ChallengeProblem = 'unknown' | 'used' | 'expired';

/**
 * Opens an enrolment: marks the challenge used and inserts the enrolment (state `pending`) with its
 * capture's media key, in one transaction. Answers the problem instead when the challenge cannot be
 * answered (nothing is written then).
 */
export async function openFaceEnrolment(
  db: Kysely<Database>,
  enrolment: { id: string; cameoId: string; creatorId: string; challengeId: string; captureStorageKey: string },
): Promise<{ ok: true; kind: EnrolmentChallengeKind } | { ok: false; problem: ChallengeProblem }> {
  return db.transaction().execute(async (trx) => {
    const challenge = await trx
      .selectFrom('face_enrolment_challenges')
      .select(['kind', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('id', '=', enrolment.challengeId)
      .where('cameo_id', '=', enrolment.cameoId)
      .where('creator_id', '=', enrolment.creatorId)
      .forUpdate()
      .executeTakeFirst();
    if (!challenge) return { ok: false, problem: 'unknown' } as const;
    if (challenge.used_at !== null) return { ok: false, problem: 'used' } as const;
    if (challenge.expired) return { ok: false, problem: 'expired' } as const;
    await trx.updateTable('face_enrolment_challenges').set({ used_at: sql`now()` }).where('id', '=', enrolment.challengeId).execute();
    await trx
      .insertInto('face_enrolments')
      .values({
        id: enrolment.id, cameo_id: enrolment.cameoId, creator_id: enrolment.creatorId, challenge_id: enrolment.challengeId,
        capture_storage_key: enrolment.captureStorageKey,
      })
      .execute();
    return { ok: true, kind: challenge.kind } as const;
  });
}

/** An enrolment row with its challenge's kind and its cameo's deletion, as the activity and the API read it. */
export async function getFaceEnrolment(db: Db, enrolmentId: string, options: { lock?: boolean } = {}) {
  let query = db
    .selectFrom('face_enrolments')
    .innerJoin('face_enrolment_challenges', 'face_enrolment_challenges.id', 'face_enrolments.challenge_id')
    .innerJoin('cameos', 'cameos.id', 'face_enrolments.cameo_id')
    .select([
      'face_enrolments.id', 'face_enrolments.cameo_id', 'face_enrolments.creator_id', 'face_enrolments.state', 'face_enrolments.failure_code',
      'face_enrolments.failure_message', 'face_enrolments.frames_analysed', 'face_enrolments.progress', 'face_enrolments.capture_storage_key',
      'face_enrolments.created_at', 'face_enrolments.finished_at', 'face_enrolment_challenges.kind as challenge_kind', 'cameos.deleted_at as cameo_deleted_at',
    ])
    .where('face_enrolments.id', '=', enrolmentId);
  if (options.lock) query = query.forUpdate('face_enrolments');
  return query.executeTakeFirst();
}

/** Marks an undecided enrolment as being analysed, with the model that analyses it. */
export async function markEnrolmentAnalysing(db: Db, enrolmentId: string, modelLabel: string): Promise<void> {
  await db.updateTable('face_enrolments').set({ state: 'analysing', model_label: modelLabel })
    .where('id', '=', enrolmentId).where('state', 'in', ['pending', 'analysing']).execute();
}

/** Writes an undecided enrolment's progress (0..100) and frames analysed so far. */
export async function saveEnrolmentProgress(db: Db, enrolmentId: string, progress: number, framesAnalysed: number): Promise<void> {
  await db.updateTable('face_enrolments')
    .set({ progress: Math.max(0, Math.min(100, Math.round(progress))), frames_analysed: framesAnalysed })
    .where('id', '=', enrolmentId).where('state', 'in', ['pending', 'analysing']).execute();
}

/** Records an enrolment's decision (call inside the transaction that stores its embeddings, after locking the row). */
export async function recordEnrolmentOutcome(
  trx: Transaction<Database>,
  enrolmentId: string,
  outcome: { state: 'verified'; framesAnalysed: number } | { state: 'failed'; framesAnalysed: number; code: EnrolmentFailureCode; message: string },
): Promise<void> {
  await trx
    .updateTable('face_enrolments')
    .set({
      state: outcome.state,
      progress: 100,
      frames_analysed: outcome.framesAnalysed,
      failure_code: outcome.state === 'failed' ? outcome.code : null,
      failure_message: outcome.state === 'failed' ? outcome.message : null,
      finished_at: sql`now()`,
    })
    .where('id', '=', enrolmentId)
    .execute();
}

/**
 * Marks the cameo verified by `enrolmentId` and deletes the embeddings its earlier enrolments stored
 * (a re-enrolment replaces them, and only now that it succeeded). Answers how many were replaced.
 */
export async function markCameoVerified(trx: Transaction<Database>, cameoId: string, enrolmentId: string): Promise<number> {
  await trx.updateTable('cameos').set({ face_verified_at: sql`now()`, face_enrolment_id: enrolmentId }).where('id', '=', cameoId).execute();
  const replaced = await trx
    .deleteFrom('face_embeddings')
    .where('subject_kind', '=', 'cameo')
    .where('subject_id', '=', cameoId)
    .where('source', '=', ENROLMENT_SOURCE)
    .where((eb) => eb.or([eb('source_id', 'is', null), eb('source_id', '!=', enrolmentId)]))
    .executeTakeFirst();
  return Number(replaced.numDeletedRows);
}

/**
 * Closes an enrolment whose workflow could not be started (the app's only write of an outcome: no
 * workflow owns it): failed as `analysis_failed`, its capture key cleared (the caller deleted the file).
 */
export async function abandonUnstartedEnrolment(db: Db, enrolmentId: string): Promise<void> {
  await db.updateTable('face_enrolments')
    .set({
      state: 'failed', progress: 100, capture_storage_key: null, failure_code: 'analysis_failed' satisfies EnrolmentFailureCode,
      failure_message: 'Loupe could not start analysing this capture: ask for a new challenge and try again later.', finished_at: sql`now()`,
    })
    .where('id', '=', enrolmentId).where('state', '=', 'pending').execute();
}

/** Forgets an enrolment's capture file (after the activity deleted it from the media store). */
export async function clearEnrolmentCapture(db: Db, enrolmentId: string): Promise<void> {
  await db.updateTable('face_enrolments').set({ capture_storage_key: null }).where('id', '=', enrolmentId).execute();
}

/** Capture files still stored for a cameo's enrolments (normally none: each is deleted after analysis). */
export async function captureKeysOfCameo(db: Db, cameoId: string): Promise<{ id: string; key: string }[]> {
  const rows = await db.selectFrom('face_enrolments').select(['id', 'capture_storage_key'])
    .where('cameo_id', '=', cameoId).where('capture_storage_key', 'is not', null).execute();
  return rows.map((row) => ({ id: row.id, key: row.capture_storage_key! }));
}

/** Records a cameo's biometric deletion as requested (idempotent: the first record stands). */
export async function recordBiometricDeletionRequest(db: Db, cameoId: string, requestedAt: Date, dueAt: Date): Promise<void> {
  await db.insertInto('biometric_deletions')
    .values({ subject_kind: 'cameo', subject_id: cameoId, requested_at: requestedAt, due_at: dueAt })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id']).doNothing())
    .execute();
}

/** A cameo's biometric deletion record, or undefined. */
export async function getBiometricDeletion(db: Db, cameoId: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('biometric_deletions').selectAll().where('subject_kind', '=', 'cameo').where('subject_id', '=', cameoId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Marks a cameo's biometric deletion done with its counts. */
export async function markBiometricDeletionDone(db: Db, cameoId: string, counts: { rowsDeleted: number; filesDeleted: number }): Promise<void> {
  await db.updateTable('biometric_deletions')
    .set({ deleted_at: sql`now()`, rows_deleted: counts.rowsDeleted, files_deleted: counts.filesDeleted })
    .where('subject_kind', '=', 'cameo').where('subject_id', '=', cameoId).execute();
}
