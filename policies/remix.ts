/**
 * Remix rules (issue 15, "Remix rules"): may this creator remix this video? Pure; the facts come
 * from the parent video's row. The submission (app/services/submit-request.server.ts) and the
 * workflow's own check (activities/remix-rules.ts, at the start and again before generation) ask
 * this one function, so a refusal reads the same wherever it happens.
 *
 * Order of the checks, each with its reason:
 * 1. no such video: refused;
 * 2. not published (a draft, or taken down since): refused, as only the public feed's videos are
 *    offered for remixing;
 * 3. its owner turned remixing off: refused for everyone but the owner, who may still build on
 *    their own video (the setting protects the owner's work from others, as the consumer apps'
 *    "allow remixes" switch does).
 *
 * The parent's cameos are not decided here: a remix inherits them and each is decided again for the
 * remixer by the consent ledger (policies/consent, checkConsent), like a cameo the remixer picked.
 */

/** What the decision needs to know about the video being remixed; null when there is no such video. */
export interface RemixParent {
  status: 'draft' | 'published' | 'removed';
  ownerId: string;
  /** The owner's switch; true unless they turned remixing off. */
  remixAllowed: boolean;
}

/** Why a remix is refused, for programs (the API answers `turned_off` with 403, the others with 400). */
export const REMIX_REFUSALS = ['no_such_video', 'not_published', 'turned_off'] as const;
export type RemixRefusal = (typeof REMIX_REFUSALS)[number];

/** The answer: allowed, or refused with its code and one sentence the remixer can act on. */
export type RemixDecision = { allowed: true } | { allowed: false; refusal: RemixRefusal; reason: string };

/** Decides one remix; see the module comment for the order of the checks. */
export function decideRemix(parent: RemixParent | null, remixerId: string): RemixDecision {
  if (parent === null) return { allowed: false, refusal: 'no_such_video', reason: 'There is no video with that id to remix; pick a published video.' };
  if (parent.status !== 'published') {
    return { allowed: false, refusal: 'not_published', reason: 'Only published videos can be remixed; that video is not published.' };
  }
  if (!parent.remixAllowed && parent.ownerId !== remixerId) {
    return {
      allowed: false, refusal: 'turned_off',
      reason: 'The owner of this video has turned remixing off, so it cannot be remixed; pick another video or make an original.',
    };
  }
  return { allowed: true };
}
