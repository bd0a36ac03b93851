/** What an owner's removal of one video with their likeness needs to know: which of their cameos the video uses. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * The video's status and the owner's first cameo in its request (with that cameo's ledger version),
 * or undefined when the video does not exist or uses none of the owner's cameos.
 */
export async function ownerCameoInVideo(db: Kysely<Database>, ownerId: string, videoId: string) {
  return db
    .selectFrom('videos')
    .innerJoin('request_cameos', 'request_cameos.request_id', 'videos.request_id')
    .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
    .select(['videos.status', 'cameos.id as cameo_id', 'cameos.display_name', 'cameos.ledger_version'])
    .where('videos.id', '=', videoId)
    .where('cameos.owner_id', '=', ownerId)
    .orderBy('cameos.id')
    .executeTakeFirst();
}
