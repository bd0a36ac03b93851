/** Backtests compare the live policy with a draft on the same prompts: verdict transitions and the changed examples. */
import { compileOverlay, NO_CHANGES, screenWithPolicy, type RuleSetChanges } from '../../policies';
import { compareDraftWithLive, type BacktestCase } from '../../policies/prompt/backtest';

// A made-up word added to a violent-gore group: the draft reviews or blocks prompts with it, live allows them.
const DRAFT: RuleSetChanges = { ...NO_CHANGES, terms: [{ groupId: 'violence_graphic.gore.en', add: ['zorblaxing'], remove: [] }] };

const cases = (prompts: string[]): BacktestCase[] =>
  prompts.map((prompt, i) => ({ requestId: `r${i}`, prompt, storedVerdict: 'allow', context: { ageBand: 'adult' } }));

it('counts every prompt in a transition and keeps the changed ones with both sides', () => {
  const live = compileOverlay(NO_CHANGES).policy;
  const draft = compileOverlay(DRAFT).policy;
  const sample = cases(['a cat on a skateboard', 'zorblaxing everywhere in the street', 'a sunny beach at noon']);
  const result = compareDraftWithLive(live, draft, sample);
  const draftVerdict = screenWithPolicy(draft, sample[1]!.prompt, sample[1]!.context).verdict;
  expect(draftVerdict).not.toBe('allow');
  expect(result.changedCount).toBe(1);
  expect(result.transitions).toEqual({ 'allow→allow': 2, [`allow→${draftVerdict}`]: 1 });
  expect(result.changed).toHaveLength(1);
  expect(result.changed[0]).toMatchObject({ requestId: 'r1', liveVerdict: 'allow', draftVerdict, storedVerdict: 'allow', liveMatches: [] });
  expect(result.changed[0]!.draftMatches.map((m) => m.term)).toContain('zorblaxing');
});

it('keeps at most the asked number of examples but counts them all', () => {
  const live = compileOverlay(NO_CHANGES).policy;
  const draft = compileOverlay(DRAFT).policy;
  const result = compareDraftWithLive(live, draft, cases(['zorblaxing one', 'zorblaxing two', 'zorblaxing three']), 2);
  expect(result.changedCount).toBe(3);
  expect(result.changed.map((c) => c.requestId)).toEqual(['r0', 'r1']);
});
