/**
 * Issue 14: backtests include the semantic layer on both sides (combined tighten-only with each
 * side's rules verdict), say when it could not run, and store its counts beside the transitions.
 */
import { applyRuleSetChanges, compileOverlay, decideSemantic, LIVE_RULE_SET, NO_CHANGES, screenWithPolicy, type RuleSetChanges, type SemanticOutcome, type SemanticPolicy } from '../../policies';
import {
  compactSemanticOutcome, compareDraftWithLive, expandSemanticOutcome, readStoredBacktestCounts, storedBacktestCounts, type BacktestCase,
} from '../../policies/prompt/backtest';

const PROMPT = 'an old man feeds his goldfish to the neighbour cat';
const ADDED_TEXT = 'a man feeds a live goldfish to a cat';
const DRAFT: RuleSetChanges = { ...NO_CHANGES, exemplars: { add: [{ text: ADDED_TEXT, label: 'violence_graphic', lang: 'en' }], remove: [] } };
const MODEL = 'test-model';

/**
 * The outcome a model would give when the prompt is equally close (0.5) to every exemplar except
 * `closeText` (0.95): only an exemplar with that text can pull the prompt towards a category.
 */
function outcomeUnder(policy: SemanticPolicy, closeText: string): SemanticOutcome {
  return decideSemantic(policy, policy.exemplars.map((e) => (e.text === closeText ? 0.95 : 0.5)), MODEL);
}

const livePolicy = compileOverlay(NO_CHANGES).policy;
const draftOverlay = compileOverlay(DRAFT);
const liveSemantic = LIVE_RULE_SET.semantic!;
const draftSemantic = draftOverlay.ruleSet.semantic!;

function semanticCase(requestId: string, prompt: string): BacktestCase {
  return {
    requestId, prompt, storedVerdict: 'allow', context: { ageBand: 'adult' },
    semantic: { live: outcomeUnder(liveSemantic, ADDED_TEXT), draft: outcomeUnder(draftSemantic, ADDED_TEXT) },
  };
}

it('changes a verdict only because the draft added an exemplar, and keeps both sides\u2019 semantic outcomes', () => {
  // The rules allow the prompt with either policy: the rules alone change nothing.
  expect(screenWithPolicy(livePolicy, PROMPT).verdict).toBe('allow');
  expect(screenWithPolicy(draftOverlay.policy, PROMPT).verdict).toBe('allow');
  expect(compareDraftWithLive(livePolicy, draftOverlay.policy, [{ ...semanticCase('r0', PROMPT), semantic: undefined }]).changedCount).toBe(0);

  const result = compareDraftWithLive(livePolicy, draftOverlay.policy, [semanticCase('r0', PROMPT)]);
  expect(result.transitions).toEqual({ 'allow→block': 1 });
  expect(result.changedCount).toBe(1);
  const [change] = result.changed;
  expect(change).toMatchObject({ requestId: 'r0', liveVerdict: 'allow', draftVerdict: 'block', draftCategories: ['violence_graphic'], draftMatches: [], liveMatches: [] });
  expect(change!.liveSemantic).toMatchObject({ status: 'ok', verdict: 'allow' });
  expect(change!.draftSemantic).toMatchObject({ status: 'ok', verdict: 'block', category: 'violence_graphic' });
  expect(change!.draftSemantic!.status === 'ok' && change!.draftSemantic!.nearest[0]!.text).toBe(ADDED_TEXT);
  expect(result.semantic).toEqual({ live: { ok: 1, unavailable: 0 }, draft: { ok: 1, unavailable: 0 } });
});

it('lets the rules decide alone when the semantic layer could not run, and counts it', () => {
  const unavailable: SemanticOutcome = { status: 'unavailable', model: MODEL, error: 'the model is not built' };
  const result = compareDraftWithLive(livePolicy, draftOverlay.policy, [{ ...semanticCase('r0', PROMPT), semantic: { live: unavailable, draft: unavailable } }]);
  expect(result.transitions).toEqual({ 'allow→allow': 1 });
  expect(result.semantic).toEqual({ live: { ok: 0, unavailable: 1 }, draft: { ok: 0, unavailable: 1 } });
  // Rules-only cases: no semantic counts at all.
  expect(compareDraftWithLive(livePolicy, draftOverlay.policy, [{ ...semanticCase('r0', PROMPT), semantic: undefined }]).semantic).toBeNull();
});

it('sends outcomes compactly (exemplar ids) and restores the texts from the policy', () => {
  const outcome = outcomeUnder(draftSemantic, ADDED_TEXT);
  const compact = compactSemanticOutcome(outcome);
  expect(JSON.stringify(compact)).not.toContain(ADDED_TEXT);
  const texts = new Map(draftSemantic.exemplars.map((e) => [e.id, e.text]));
  const back = expandSemanticOutcome(compact, MODEL, texts);
  expect(back).toMatchObject({ status: 'ok', model: MODEL, verdict: outcome.status === 'ok' ? outcome.verdict : '', score: outcome.status === 'ok' ? outcome.score : 0 });
  expect(back.status === 'ok' && back.nearest[0]).toEqual(outcome.status === 'ok' && outcome.nearest[0]);
  expect(expandSemanticOutcome({ status: 'unavailable', error: 'timed out' }, MODEL, texts)).toEqual({ status: 'unavailable', model: MODEL, error: 'timed out' });
});

it('stores the semantic counts beside the transitions and reads them back; older rows read as rules only', () => {
  const semantic = { live: { ok: 3, unavailable: 1 }, draft: { ok: 2, unavailable: 2 } };
  const stored = storedBacktestCounts({ transitions: { 'allow→allow': 3, 'allow→review': 1 }, semantic });
  expect(readStoredBacktestCounts(stored)).toEqual({ transitions: { 'allow→allow': 3, 'allow→review': 1 }, semantic });
  expect(readStoredBacktestCounts({ 'allow→allow': 4 })).toEqual({ transitions: { 'allow→allow': 4 }, semantic: null });
  expect(applyRuleSetChanges(LIVE_RULE_SET, DRAFT).ruleSet.semantic!.exemplars).toHaveLength(liveSemantic.exemplars.length + 1);
});
