/**
 * The shared words of copyright handling (issue 13): what a rights holder's rule is, the
 * deployment's stance, and the one function that turns both into what Loupe does with a match.
 * Every part (prompt screening, hash banks, rescans, disputes) decides through
 * `copyrightActionFor`, so a prompt naming a character and a clip matching its reference media are
 * treated alike.
 *
 * Source of the stance: the app Loupe serves moved from opt-out to opt-in for copyrighted
 * characters in October 2025 (issue 13, "The stance"): a character may be generated only where its
 * rights holder allows it.
 */

/** What a rights holder asks for an entity: generate freely, send to the copyright queue, or refuse. */
export const COPYRIGHT_RULES = ['allow', 'review', 'block'] as const;
export type CopyrightRule = (typeof COPYRIGHT_RULES)[number];

/**
 * A deployment's stance on known protected works with no holder rule:
 * - `opt_in` (the default): refused unless the holder allows them;
 * - `opt_out`: allowed until a holder objects.
 */
export const COPYRIGHT_STANCES = ['opt_in', 'opt_out'] as const;
export type CopyrightStance = (typeof COPYRIGHT_STANCES)[number];

/** The stance a deployment has until an admin changes it (issue 13: opt-in is the default). */
export const DEFAULT_COPYRIGHT_STANCE: CopyrightStance = 'opt_in';

/** What kind of thing an entity is. */
export const COPYRIGHT_ENTITY_KINDS = ['character', 'work', 'brand'] as const;
export type CopyrightEntityKind = (typeof COPYRIGHT_ENTITY_KINDS)[number];

/** What Loupe does with a prompt or clip that names or shows an entity. */
export type CopyrightAction = 'allow' | 'review' | 'block';

/** The parts of an entity the action depends on. */
export interface CopyrightEntityRuling {
  /** The holder's rule; null when no holder has set one (a seeded or imported name). */
  rule: CopyrightRule | null;
  /** "Allow with conditions": free text for reviewers; an `allow` with conditions is reviewed. */
  conditions: string | null;
  /** A public-domain work is never refused on copyright grounds, whoever claims it. */
  publicDomain: boolean;
}

/**
 * The action for one entity under a stance:
 * - public domain: allow;
 * - a holder's `block` or `review`: that;
 * - a holder's `allow`: allow, or review when the holder attached conditions (a reviewer reads them);
 * - no holder rule: block under `opt_in`, allow under `opt_out`.
 * Pure; never throws.
 */
export function copyrightActionFor(stance: CopyrightStance, entity: CopyrightEntityRuling): CopyrightAction {
  if (entity.publicDomain) return 'allow';
  if (entity.rule === 'block' || entity.rule === 'review') return entity.rule;
  if (entity.rule === 'allow') return entity.conditions && entity.conditions.trim() !== '' ? 'review' : 'allow';
  return stance === 'opt_in' ? 'block' : 'allow';
}

/** The stricter of two actions (block > review > allow): classifiers and matches only tighten. */
export function stricterCopyrightAction(a: CopyrightAction, b: CopyrightAction): CopyrightAction {
  const order: Record<CopyrightAction, number> = { allow: 0, review: 1, block: 2 };
  return order[a] >= order[b] ? a : b;
}
