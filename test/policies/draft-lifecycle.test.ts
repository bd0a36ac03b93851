/**
 * The policy draft's life as a table: every (state, action) pair is either allowed, with the state
 * it leads to, or refused with the sentence the console shows.
 */
import {
  POLICY_DRAFT_ACTIONS, POLICY_DRAFT_STATES, transitionDraft, type PolicyDraftAction, type PolicyDraftState,
} from '../../policies/prompt/draft-lifecycle';

const ALLOWED: [PolicyDraftState, PolicyDraftAction, PolicyDraftState][] = [
  ['draft', 'edit', 'draft'],
  ['draft', 'start_shadow', 'shadow'],
  ['shadow', 'stop_shadow', 'draft'],
  ['draft', 'promote', 'promoted'],
  ['shadow', 'promote', 'promoted'],
  ['draft', 'discard', 'discarded'],
  ['shadow', 'discard', 'discarded'],
];

it.each(ALLOWED)('a %s draft may take %s and becomes %s', (state, action, to) => {
  expect(transitionDraft(state, action)).toEqual({ allowed: true, to });
});

const REFUSED = POLICY_DRAFT_STATES.flatMap((state) =>
  POLICY_DRAFT_ACTIONS.filter((action) => !ALLOWED.some(([s, a]) => s === state && a === action)).map((action) => [state, action] as const),
);

it('refuses every other pair', () => {
  expect(REFUSED).toHaveLength(POLICY_DRAFT_STATES.length * POLICY_DRAFT_ACTIONS.length - ALLOWED.length);
  for (const [state, action] of REFUSED) expect(transitionDraft(state, action).allowed, `${state} + ${action}`).toBe(false);
});

it.each([
  ['shadow', 'edit', 'This draft is shadow; stop its shadow run before editing it.'],
  ['promoted', 'edit', 'This draft is promoted; start a new draft before editing it.'],
  ['shadow', 'start_shadow', 'This draft is shadow, so it cannot start a shadow run.'],
  ['draft', 'stop_shadow', 'This draft is draft, so it cannot stop a shadow run.'],
  ['discarded', 'promote', 'This draft is discarded; only drafts and drafts in shadow can be promoted.'],
  ['promoted', 'discard', 'This draft is already promoted.'],
] as const)('a %s draft refuses %s with the console sentence', (state, action, sentence) => {
  expect(transitionDraft(state, action)).toEqual({ allowed: false, refusal: sentence });
});

it('keeps promoted and discarded drafts final', () => {
  for (const state of ['promoted', 'discarded'] as const) {
    for (const action of POLICY_DRAFT_ACTIONS) expect(transitionDraft(state, action).allowed).toBe(false);
  }
});
