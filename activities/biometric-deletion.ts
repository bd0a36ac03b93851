/**
 * The activities of biometricDeletion (contracts/face-enrolment.ts), on the pipeline task queue:
 * record that a deleted cameo's biometric data is due for deletion, and, when the timer fires,
 * delete it: every face embedding of the cameo and any capture file still stored (normally none:
 * each is deleted after its analysis), then mark the record done and append the audit row
 * (actor "system", action `biometrics.deleted`, counts only: never a vector, never a file's bytes).
 *
 * A cameo that is not deleted (or unknown) is left alone: the activity deletes nothing and answers
 * zero counts, so a deletion started by mistake cannot remove a live cameo's verification.
 *
 * Idempotent: the record is locked; a deletion already done answers its recorded counts and writes
 * no second audit row. Files are deleted before the transaction commits; a crash in between leaves
 * the rows, which the retry deletes (the files are already gone, and counted as not there).
 */
import { deleteFaceEmbeddingsOf } from '../db/biometrics/face-embeddings';
import { appendAudit } from '../db/queries/audit';
import {
  captureKeysOfCameo, clearEnrolmentCapture, getBiometricDeletion, markBiometricDeletionDone, recordBiometricDeletionRequest,
} from '../db/queries/face-enrolments';
import type { BiometricDeletionActivities } from '../contracts';
import type { ActivityDeps } from './deps';

/** The activity implementations, bound to the worker's dependencies. */
export function biometricDeletionActivities({ db, media }: ActivityDeps): BiometricDeletionActivities {
  return {
    async recordBiometricDeletion({ cameoId, requestedAt, dueAt }) {
      await recordBiometricDeletionRequest(db, cameoId, new Date(requestedAt), new Date(dueAt));
    },

    async deleteCameoBiometrics({ cameoId }) {
      return db.transaction().execute(async (trx) => {
        const record = await getBiometricDeletion(trx, cameoId, { lock: true });
        if (record?.deleted_at) return { embeddingsDeleted: record.rows_deleted ?? 0, capturesDeleted: record.files_deleted ?? 0 };
        // Never a live cameo's: only a deleted cameo's biometric data is deleted here.
        const cameo = await trx.selectFrom('cameos').select('deleted_at').where('id', '=', cameoId).executeTakeFirst();
        if (!cameo || cameo.deleted_at === null) return { embeddingsDeleted: 0, capturesDeleted: 0 };
        let capturesDeleted = 0;
        for (const capture of await captureKeysOfCameo(trx, cameoId)) {
          if (await media.remove(capture.key)) capturesDeleted += 1;
          await clearEnrolmentCapture(trx, capture.id);
        }
        const embeddingsDeleted = await deleteFaceEmbeddingsOf(trx, { kind: 'cameo', id: cameoId });
        if (!record) await recordBiometricDeletionRequest(trx, cameoId, new Date(), new Date());
        await markBiometricDeletionDone(trx, cameoId, { rowsDeleted: embeddingsDeleted, filesDeleted: capturesDeleted });
        // The cameo's verified state pointed at embeddings that no longer exist.
        await trx.updateTable('cameos').set({ face_verified_at: null }).where('id', '=', cameoId).execute();
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: 'system', action: 'biometrics.deleted', subjectType: 'cameo', subjectId: cameoId,
          before: { requestedAt: record?.requested_at ?? null, dueAt: record?.due_at ?? null },
          after: { embeddingsDeleted, capturesDeleted },
        });
        return { embeddingsDeleted, capturesDeleted };
      });
    },
  };
}
