/**
 * What the face search of an upheld likeness complaint reads besides the biometric store
 * (activities/faces/complaint-faces.ts): the filer's verified cameos, and which face-matched videos
 * may be taken down.
 *
 * A video that carries a cameo of the complained-about person (the filer's own cameo, or the cameo
 * a registry entry opted in with) shows their face by their consent, recorded on the consent
 * ledger: it is not taken down by a face match. Withdrawing that consent is a likeness takedown.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Ids of the creator's cameos that a live face capture verified and that are not deleted. */
export async function verifiedCameoIdsOf(db: Db, creatorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cameos')
    .select('id')
    .where('owner_id', '=', creatorId)
    .where('deleted_at', 'is', null)
    .where('face_verified_at', 'is not', null)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Of `videoIds`, the published ones whose request carries none of `consentedCameoIds` (directly or
 * inherited from a remixed parent), ordered by id.
 */
export async function publishedVideosWithoutCameos(db: Db, videoIds: readonly string[], consentedCameoIds: readonly string[]): Promise<string[]> {
  if (videoIds.length === 0) return [];
  let query = db
    .selectFrom('videos as v')
    .select('v.id')
    .where('v.id', 'in', [...videoIds])
    .where('v.status', '=', 'published')
    .orderBy('v.id');
  if (consentedCameoIds.length > 0) {
    query = query.where((eb) =>
      eb.not(eb.exists(
        eb.selectFrom('request_cameos as rc').select('rc.cameo_id').whereRef('rc.request_id', '=', 'v.request_id').where('rc.cameo_id', 'in', [...consentedCameoIds]),
      )),
    );
  }
  return (await query.execute()).map((row) => row.id);
}

/** Ids of every cameo the creator owns, deleted ones too (a video made while it lived was made with their consent). */
export async function cameoIdsOwnedBy(db: Db, creatorId: string): Promise<string[]> {
  const rows = await db.selectFrom('cameos').select('id').where('owner_id', '=', creatorId).execute();
  return rows.map((row) => row.id);
}
