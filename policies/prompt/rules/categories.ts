/**
 * What each category means and how severity turns into an action, per age band.
 * Severity: 1 suggestive/ambiguous, 2 clear but context-dependent, 3 severe, 4 never acceptable.
 * Teen accounts review and block earlier; 5 means "never at this band".
 */
import type { CategorySpec, PolicyCategory } from '../types.js';

export const CATEGORIES: Record<PolicyCategory, CategorySpec> = {
  sexual: {
    description: 'Sexual or sexually suggestive content and nudity.',
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 2 },
  },
  sexual_minors: {
    description: 'Any sexualisation of minors. Always blocked, whatever the context.',
    adult: { reviewAt: 1, blockAt: 1 },
    teen: { reviewAt: 1, blockAt: 1 },
  },
  violence_graphic: {
    description: 'Graphic violence, gore, torture, threats of violence against people.',
    // The app refuses violent prompts: severe gore blocks outright; context-dependent ones are reviewed.
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 3 },
  },
  self_harm: {
    description: 'Suicide and self-harm, especially instructions or encouragement.',
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 2 },
  },
  hate_harassment: {
    description: 'Slurs, dehumanisation of protected groups, targeted harassment.',
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 3 },
  },
  extremism: {
    description: 'Terrorist and violent-extremist organisations, propaganda and symbols.',
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 2 },
  },
  illegal_weapons_drugs: {
    description: 'Making or acquiring illegal weapons, explosives and drugs.',
    adult: { reviewAt: 2, blockAt: 3 },
    teen: { reviewAt: 1, blockAt: 2 },
  },
  public_figure: {
    description: 'Real public figures: living ones only with a consenting cameo; deceased unless the estate opted out.',
    adult: { reviewAt: 2, blockAt: 4 },
    teen: { reviewAt: 2, blockAt: 4 },
  },
  copyright: {
    description: 'Copyrighted characters, brands and works; registry entries are owner opt-outs.',
    adult: { reviewAt: 2, blockAt: 4 },
    teen: { reviewAt: 2, blockAt: 4 },
  },
  likeness_without_consent: {
    description: 'A real private person (a neighbour, an ex, a classmate) or a deepfake, without a consenting cameo.',
    adult: { reviewAt: 2, blockAt: 4 },
    teen: { reviewAt: 2, blockAt: 3 },
  },
  misinformation: {
    description: 'Fabricated news, election and public-safety events presented as real. Reviewed, not blocked.',
    adult: { reviewAt: 1, blockAt: 5 },
    teen: { reviewAt: 1, blockAt: 5 },
  },
};
