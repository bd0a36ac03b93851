/**
 * The life of a prompt-policy draft, as a pure state machine: which console action may move a
 * draft from which state to which, and the sentence a refused action answers with.
 *
 *   draft ──start_shadow──▶ shadow ──stop_shadow──▶ draft
 *   draft | shadow ──promote──▶ promoted      (the draft becomes the live policy; final)
 *   draft | shadow ──discard──▶ discarded     (final)
 *   draft ──edit──▶ draft                     (only a plain draft is edited: a draft in shadow is
 *                                              being measured, and changing it mid-run would mix
 *                                              two rule sets in one shadow record)
 *
 * The console's procedures ask `transitionDraft` before writing, so the rule lives here once and is
 * tested without a database.
 */

/** Every state a draft can be in, in the order of its life. Stored as `policy_drafts.state`. */
export const POLICY_DRAFT_STATES = ['draft', 'shadow', 'promoted', 'discarded'] as const;
export type PolicyDraftState = (typeof POLICY_DRAFT_STATES)[number];

/** What staff can do to a draft in the policy console. */
export const POLICY_DRAFT_ACTIONS = ['edit', 'start_shadow', 'stop_shadow', 'promote', 'discard'] as const;
export type PolicyDraftAction = (typeof POLICY_DRAFT_ACTIONS)[number];

/** The answer for one action on a draft in one state: the state it moves to, or why not. */
export type DraftTransition = { allowed: true; to: PolicyDraftState } | { allowed: false; refusal: string };

/** From-state to to-state for each action; a state not listed may not take the action. */
const TRANSITIONS: Record<PolicyDraftAction, Partial<Record<PolicyDraftState, PolicyDraftState>>> = {
  edit: { draft: 'draft' },
  start_shadow: { draft: 'shadow' },
  stop_shadow: { shadow: 'draft' },
  promote: { draft: 'promoted', shadow: 'promoted' },
  discard: { draft: 'discarded', shadow: 'discarded' },
};

/** The sentence for staff when `action` is refused in `state`: what the draft is, and what to do instead. */
function refusal(action: PolicyDraftAction, state: PolicyDraftState): string {
  switch (action) {
    case 'edit':
      return `This draft is ${state}; ${state === 'shadow' ? 'stop its shadow run' : 'start a new draft'} before editing it.`;
    case 'start_shadow':
      return `This draft is ${state}, so it cannot start a shadow run.`;
    case 'stop_shadow':
      return `This draft is ${state}, so it cannot stop a shadow run.`;
    case 'promote':
      return `This draft is ${state}; only drafts and drafts in shadow can be promoted.`;
    case 'discard':
      return `This draft is already ${state}.`;
  }
}

/**
 * Whether `action` may be taken on a draft in `state`, and the state it leads to. Never throws:
 * a refusal carries the sentence to show (the console answers it as a conflict).
 */
export function transitionDraft(state: PolicyDraftState, action: PolicyDraftAction): DraftTransition {
  const to = TRANSITIONS[action][state];
  return to ? { allowed: true, to } : { allowed: false, refusal: refusal(action, state) };
}
