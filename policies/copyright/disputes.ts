/**
 * Copyright disputes (issue 13, "Disputes"): the words of a dispute's life and its deadlines.
 *
 * A creator disputes a copyright block or takedown. The claimant (the contact of the claim behind
 * the matched entity) has `claimantAnswerSeconds` to answer (issue 13: 30 days); no answer releases
 * the claim for that video or request. An upheld claim may be appealed by the creator within
 * `appealWindowSeconds`; the claimant then has `appealAnswerSeconds` (issue 13: 7 days); no answer
 * releases, an answer sends the dispute to Loupe's legal team (the copyright queue). Entities with no
 * claimant (seeded name lists) go to legal at once.
 */

/** Where a dispute is. `released` and `upheld` are final. */
export const COPYRIGHT_DISPUTE_STATES = ['awaiting_claimant', 'appeal_window', 'awaiting_appeal_answer', 'with_legal', 'released', 'upheld'] as const;
export type CopyrightDisputeState = (typeof COPYRIGHT_DISPUTE_STATES)[number];

/** The states in which a dispute is still open (one open dispute per match). */
export const OPEN_COPYRIGHT_DISPUTE_STATES: readonly CopyrightDisputeState[] = ['awaiting_claimant', 'appeal_window', 'awaiting_appeal_answer', 'with_legal'];

/**
 * How a dispute ended:
 * - `claimant_no_answer`: the claimant let the deadline pass (released);
 * - `claimant_released`: the claimant released the claim for this video or request;
 * - `appeal_no_answer`: the claimant did not answer the creator's appeal in time (released);
 * - `appeal_released`: the claimant released the claim when appealed;
 * - `legal_reinstated`: Loupe's legal team decided for the creator (released);
 * - `legal_upheld`: Loupe's legal team decided for the claimant (upheld);
 * - `not_appealed`: the claimant upheld the claim and the creator did not appeal in time (upheld).
 */
export const COPYRIGHT_DISPUTE_OUTCOMES = [
  'claimant_no_answer', 'claimant_released', 'appeal_no_answer', 'appeal_released', 'legal_reinstated', 'legal_upheld', 'not_appealed',
] as const;
export type CopyrightDisputeOutcomeKind = (typeof COPYRIGHT_DISPUTE_OUTCOMES)[number];

/** Whether an outcome releases the claim (the video returns, the block is noted as released) or upholds it. */
export function disputeOutcomeReleases(outcome: CopyrightDisputeOutcomeKind): boolean {
  return outcome !== 'legal_upheld' && outcome !== 'not_appealed';
}

/** The deadlines of a dispute, in seconds (durable workflow timers). */
export interface CopyrightDisputeTimers {
  /** How long the claimant has to answer the dispute (issue 13: 30 days). */
  claimantAnswerSeconds: number;
  /** How long the creator has to appeal a claim the claimant upheld (14 days: Loupe's choice, as long as the appeals of blocks). */
  appealWindowSeconds: number;
  /** How long the claimant has to answer the creator's appeal (issue 13: 7 days). */
  appealAnswerSeconds: number;
}

const DAY_SECONDS = 24 * 3600;

/** The deadlines issue 13 names (30 days, 7 days) and the appeal window Loupe chose (14 days). */
export const DEFAULT_COPYRIGHT_DISPUTE_TIMERS: CopyrightDisputeTimers = {
  claimantAnswerSeconds: 30 * DAY_SECONDS,
  appealWindowSeconds: 14 * DAY_SECONDS,
  appealAnswerSeconds: 7 * DAY_SECONDS,
};

/** The longest any deadline may be (a year): longer is a typo in the configuration. */
export const MAX_COPYRIGHT_DISPUTE_TIMER_SECONDS = 365 * DAY_SECONDS;

/** Most characters of a creator's statement, appeal or a claimant's answer. */
export const MAX_DISPUTE_TEXT_CHARS = 4000;
/** Fewest characters of a creator's statement or appeal: a dispute says why. */
export const MIN_DISPUTE_STATEMENT_CHARS = 20;

/**
 * The reasons legal picks from when deciding an escalated dispute (the review screen's digit keys):
 * approve releases the claim for the video or request, reject upholds it. Loupe's own list, after
 * the usual grounds of a counter-notice (independent creation, licence, fair use or parody, not the
 * claimed work, public domain) and of upholding a claim.
 */
export const COPYRIGHT_DISPUTE_DECISION_REASONS = {
  approve: ['Independent creation', 'Licensed use', 'Fair use or parody', 'Not the claimed work', 'Public-domain work'],
  reject: ['Copies the claimed work', 'Claimant\'s rights shown', 'No licence shown'],
} as const;
