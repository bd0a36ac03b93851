/** Combining the rules with an external classifier: it can only make a verdict stricter. */
import { combineWithExternal, screenPrompt, type ExternalClassification } from '../../policies';

const classification = (scores: Record<string, number>, flagged = Object.values(scores).some((s) => s >= 0.5)): ExternalClassification => ({
  provider: 'openai',
  model: 'omni-moderation-latest',
  flagged,
  categories: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v >= 0.5])),
  scores,
});

it.each([
  ['a fox in the snow', { sexual: 0.95 }, 'adult', 'block', ['sexual']],
  ['a fox in the snow', { sexual: 0.8 }, 'adult', 'review', ['sexual']],
  ['a fox in the snow', { sexual: 0.8 }, 'teen', 'block', ['sexual']],
  ['a fox in the snow', { 'sexual/minors': 0.55 }, 'adult', 'block', ['sexual_minors']],
  ['a fox in the snow', { 'self-harm/intent': 0.6 }, 'adult', 'review', ['self_harm']],
  ['a fox in the snow', { sexual: 0.1 }, 'adult', 'allow', []],
  ['graphic gore everywhere', { sexual: 0.01 }, 'adult', 'block', ['violence_graphic']],
] as const)('"%s" with %o (%s) → %s', (text, scores, ageBand, verdict, categories) => {
  const rules = screenPrompt(text, { ageBand });
  const combined = combineWithExternal(rules, { status: 'ok', classification: classification(scores) }, { ageBand });
  expect(combined.verdict).toBe(verdict);
  expect(combined.categories).toEqual(categories);
  expect(combined.policyVersion).toBe(rules.policyVersion);
});

it('holds a prompt flagged for a category Loupe does not map', () => {
  const rules = screenPrompt('a fox in the snow');
  const combined = combineWithExternal(rules, { status: 'ok', classification: { ...classification({}), flagged: true, categories: { 'new/category': true } } });
  expect(combined.verdict).toBe('review');
  expect(combined.reasons.at(-1)).toMatch(/flagged the prompt \(new\/category\)/);
});

it('never allows silently when the classifier is down: the rules decide and the reasons say so', () => {
  const rules = screenPrompt('a fox in the snow');
  const combined = combineWithExternal(rules, { status: 'unavailable', provider: 'openai', error: 'HTTP 500' });
  expect(combined.verdict).toBe('allow');
  expect(combined.reasons.at(-1)).toBe('note: the external classifier (openai) could not be asked (HTTP 500); the rules decided alone');
});

it("keeps the rules' own categories outside the policy list (real_person) beside the classifier's", () => {
  const rules = { ...screenPrompt('a fox in the snow'), verdict: 'review' as const, categories: ['real_person'] };
  const combined = combineWithExternal(rules, { status: 'ok', classification: classification({ sexual: 0.8 }) });
  expect(combined.categories).toEqual(['sexual', 'real_person']);
});
