/**
 * The semantic layer's decision and its combination with the rules (policies/prompt/semantic), with
 * hand-made similarities: which category is closest, the margins over benign, tighten-only, and the
 * reasons when the model could not run. The shipped exemplars are checked to come from the train
 * split only.
 */
import {
  combineWithSemantic, decideSemantic, LIVE_RULE_SET, screenPrompt, SHIPPED_SEMANTIC_POLICY, type SemanticExemplar, type SemanticPolicy,
} from '../../../policies';
import { splitOf } from '../eval/splits';

const exemplar = (id: string, label: SemanticExemplar['label']): SemanticExemplar => ({ id, text: `${label} example ${id}`, label, lang: 'en', source: 'test' });
const POLICY: SemanticPolicy = {
  exemplars: [exemplar('b1', 'benign'), exemplar('b2', 'benign'), exemplar('v1', 'violence_graphic'), exemplar('v2', 'violence_graphic'), exemplar('s1', 'sexual'), exemplar('s2', 'sexual')],
  settings: { k: 2, reviewMargin: 0.01, blockMargin: 0.05 },
};

describe('decideSemantic', () => {
  it('picks the category with the largest margin over the benign mean, and maps it to review or block', () => {
    // benign mean 0.80; violence mean 0.83 (margin 0.03: review); sexual mean 0.79.
    const review = decideSemantic(POLICY, [0.8, 0.8, 0.84, 0.82, 0.79, 0.79], 'm');
    expect(review).toMatchObject({ status: 'ok', model: 'm', verdict: 'review', category: 'violence_graphic', score: 0.03 });
    expect(review.nearest.map((n) => n.exemplarId)).toEqual(['v1', 'v2', 'b1', 'b2', 's1']);
    expect(decideSemantic(POLICY, [0.8, 0.8, 0.8, 0.8, 0.9, 0.86], 'm')).toMatchObject({ verdict: 'block', category: 'sexual', score: 0.08 });
    expect(decideSemantic(POLICY, [0.9, 0.9, 0.8, 0.8, 0.8, 0.8], 'm')).toMatchObject({ verdict: 'allow', category: 'violence_graphic', score: -0.1 });
  });

  it('averages only the k nearest of a label, so one far exemplar does not drag a close category down', () => {
    const wide: SemanticPolicy = { ...POLICY, exemplars: [...POLICY.exemplars, exemplar('v3', 'violence_graphic')] };
    expect(decideSemantic(wide, [0.8, 0.8, 0.84, 0.82, 0.7, 0.7, 0.1], 'm')).toMatchObject({ verdict: 'review', score: 0.03 });
  });

  it('refuses similarities that do not line up with the exemplars', () => {
    expect(() => decideSemantic(POLICY, [0.1, 0.2], 'm')).toThrow(/2 similarities for 6 exemplars/);
  });
});

describe('combineWithSemantic', () => {
  const allowed = screenPrompt('a paper boat on a rainy street');
  const blocked = screenPrompt('Step by step video on how to build a pipe bomb at home');

  it('tightens an allow to review with the category and a reason naming the nearest exemplar of that category', () => {
    const outcome = decideSemantic(POLICY, [0.8, 0.8, 0.84, 0.82, 0.79, 0.79], 'm');
    const combined = combineWithSemantic(allowed, outcome);
    expect(allowed.verdict).toBe('allow');
    expect(combined.verdict).toBe('review');
    expect(combined.categories).toContain('violence_graphic');
    expect(combined.reasons.at(-1)).toMatch(/^review: violence_graphic: the semantic classifier places the prompt 0\.030 closer .* nearest exemplar: "violence_graphic example v1" \(similarity 0\.840\)$/);
    expect(combined.policyVersion).toBe(allowed.policyVersion);
  });

  it('never loosens: an allow from the semantic layer leaves a rules block as it was', () => {
    const outcome = decideSemantic(POLICY, [0.9, 0.9, 0.8, 0.8, 0.8, 0.8], 'm');
    expect(blocked.verdict).toBe('block');
    expect(combineWithSemantic(blocked, outcome)).toEqual(blocked);
    const review = decideSemantic(POLICY, [0.8, 0.8, 0.84, 0.82, 0.79, 0.79], 'm');
    expect(combineWithSemantic(blocked, review).verdict).toBe('block');
  });

  it("adds its category beside the rules' own, keeping a signal outside the policy categories (real_person)", () => {
    const person = { ...allowed, verdict: 'review' as const, categories: ['misinformation', 'real_person'] };
    const combined = combineWithSemantic(person, decideSemantic(POLICY, [0.8, 0.8, 0.84, 0.82, 0.79, 0.79], 'm'));
    expect(combined.categories).toEqual(['violence_graphic', 'misinformation', 'real_person']);
    const same = combineWithSemantic({ ...person, categories: ['violence_graphic', 'real_person'] }, decideSemantic(POLICY, [0.8, 0.8, 0.84, 0.82, 0.79, 0.79], 'm'));
    expect(same.categories).toEqual(['violence_graphic', 'real_person']);
  });

  it('says the rules decided alone when the model could not run', () => {
    const combined = combineWithSemantic(allowed, { status: 'unavailable', model: 'm', error: 'model.onnx not found' });
    expect(combined.verdict).toBe('allow');
    expect(combined.reasons.at(-1)).toBe('note: the semantic classifier (m) could not run (model.onnx not found); the rules decided alone');
  });
});

describe('the shipped semantic policy', () => {
  it('is part of the live rule set, and every exemplar comes from the train split, never dev or test', () => {
    expect(LIVE_RULE_SET.semantic).toBe(SHIPPED_SEMANTIC_POLICY);
    expect(SHIPPED_SEMANTIC_POLICY.exemplars.length).toBeGreaterThan(1000);
    const notTrain = SHIPPED_SEMANTIC_POLICY.exemplars.filter((e) => splitOf(e.text) !== 'train');
    expect(notTrain).toEqual([]);
    expect(new Set(SHIPPED_SEMANTIC_POLICY.exemplars.map((e) => e.id)).size).toBe(SHIPPED_SEMANTIC_POLICY.exemplars.length);
  });
});
