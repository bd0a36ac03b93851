/**
 * An owner removes one video with their likeness, draft or published, whoever made it: the likeness
 * takedown with trigger 'owner_removed_video' (the video and the remixes that carry the cameo), started
 * through the workflow client. Nothing is written here; the takedown's workflow does the work and its
 * progress is read with getTakedownProgress.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ownerCameoInVideo } from '../../db/queries/likeness-removals';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import { startLikenessTakedown, type WorkflowClientDeps } from './workflow-client.server';

export const removeLikenessVideoInput = z.object({
  videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }),
  /** The owner's words for the video's creator; a default sentence otherwise. */
  reason: z.string().trim().max(500, 'the reason has at most 500 characters').nullable().default(null),
});

/**
 * Starts the takedown of one video that uses one of `ownerId`'s cameos; answers its takedown id.
 * Refuses NOT_FOUND (no such video, or none of the owner's cameos is in it) and CONFLICT (taken down already).
 */
export async function removeLikenessVideo(
  deps: WorkflowClientDeps & { db: Kysely<Database> },
  ownerId: string,
  rawInput: z.input<typeof removeLikenessVideoInput>,
): Promise<{ takedownId: string; cameoId: string }> {
  const input = removeLikenessVideoInput.parse(rawInput);
  const found = await ownerCameoInVideo(deps.db, ownerId, input.videoId);
  if (!found) throw new ServiceRefusal('NOT_FOUND', 'None of your cameos is in a video with that id.');
  if (found.status === 'removed') throw new ServiceRefusal('CONFLICT', 'That video is already taken down.');
  const { takedownId } = await startLikenessTakedown(deps, {
    trigger: 'owner_removed_video',
    cameoId: found.cameo_id,
    subjectCreatorId: null,
    videoId: input.videoId,
    ledgerVersion: found.ledger_version,
    requestedBy: { kind: 'creator', id: ownerId },
    reason: input.reason ?? `The owner of the cameo "${found.display_name}" removed this video.`,
  });
  return { takedownId, cameoId: found.cameo_id };
}
