/**
 * A creator turns remixing of one of their videos off or on again (issue 15, "Remix rules"). The
 * switch is read by policies/remix.ts at submission and by the workflow before generation, so a
 * flip takes effect for every remix not yet generating; remixes already made stay as they are.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { setRemixAllowed } from '../../db/queries/remix-settings';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

/** The input: which video, and whether others may remix it. */
export const setRemixSettingInput = z.object({
  videoId: z.uuid({ message: 'videoId must be a video id (UUID)' }),
  remixAllowed: z.boolean({ message: 'remixAllowed must be true (others may remix the video) or false (nobody else may)' }),
});

/**
 * Sets the switch of the creator's own video; `via` names the app client, for the audit entry.
 * Refuses NOT_FOUND when the creator made no video with that id (someone else's video included).
 * Returns the switch as it now is, with the time of its last flip (ISO 8601, null when never).
 */
export async function setRemixSetting(
  deps: { db: Kysely<Database> },
  creatorId: string,
  rawInput: z.input<typeof setRemixSettingInput>,
  via: string,
): Promise<{ videoId: string; remixAllowed: boolean; changedAt: string | null }> {
  const input = setRemixSettingInput.parse(rawInput);
  const setting = await setRemixAllowed(deps.db, { videoId: input.videoId, ownerId: creatorId, allowed: input.remixAllowed, via });
  if (!setting) throw new ServiceRefusal('NOT_FOUND', 'You have no video with that id; only the creator of a video can change whether it may be remixed.');
  return { videoId: setting.videoId, remixAllowed: setting.remixAllowed, changedAt: setting.changedAt?.toISOString() ?? null };
}
