/**
 * The words of the consent ledger, each written once as a `const` tuple with its type derived from
 * it: access levels, cameo kinds, ledger event kinds, restriction topics and restriction rules.
 * db/schema.ts and contracts/ take their types from here.
 */

/**
 * Who may use a cameo. 'approved' is "people I approve": a grant lets them in, anyone else asks the
 * owner first (an approval request). 'mutuals' is creators who follow the owner and whom the owner
 * follows back.
 */
export const CAMEO_ACCESS_LEVELS = ['only_me', 'approved', 'mutuals', 'everyone'] as const;
export type CameoAccessLevel = (typeof CAMEO_ACCESS_LEVELS)[number];

/** A person's own likeness, or a non-human character a creator registered (a pet, an object). */
export const CAMEO_KINDS = ['person', 'character'] as const;
export type CameoKind = (typeof CAMEO_KINDS)[number];

/** Every kind of event in a cameo's ledger (migration 011's CHECK lists the same words). */
export const CAMEO_LEDGER_EVENT_KINDS = [
  'created', 'access_level_set', 'grant_added', 'grant_withdrawn', 'person_blocked', 'person_unblocked', 'restrictions_set', 'deleted',
] as const;
export type CameoLedgerEventKind = (typeof CAMEO_LEDGER_EVENT_KINDS)[number];

/** Topics an owner can rule out; each maps to a term list in policies/consent/restrictions.ts. */
export const CAMEO_RESTRICTION_TOPICS = ['political', 'swimwear', 'sexual', 'violence', 'alcohol', 'drugs', 'weapons', 'religion', 'advertising'] as const;
export type CameoRestrictionTopic = (typeof CAMEO_RESTRICTION_TOPICS)[number];

/**
 * One structured rule an owner set on a cameo: a topic their likeness must never appear in, or
 * words a prompt using it must never contain. Applied to every request that uses the cameo.
 */
export type CameoRestriction =
  | { kind: 'no_topic'; topic: CameoRestrictionTopic }
  | { kind: 'banned_words'; words: string[] };
