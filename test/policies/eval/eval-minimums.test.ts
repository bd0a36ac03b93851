/**
 * Minimum quality of the live prompt policy on the labeled sets (see scripts/eval-policy.ts for
 * the figures). Thresholds sit a little below the measured values so that a rule change that
 * loses recall or adds false positives fails here, while the held-out set's thresholds reflect
 * that it was never tuned on.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIVE_RULE_SET } from '../../../policies/index.js';
import { evaluatePolicy } from '../../../policies/prompt/evaluate.js';
import { HOLDOUT_PROMPTS } from './labeled-prompts-holdout.js';
import { EVAL_REGISTRIES, LABELED_PROMPTS } from './labeled-prompts.js';
import { TECHNIQUES } from './obfuscations.js';

const policy = compilePolicy(LIVE_RULE_SET, EVAL_REGISTRIES);

/** Techniques that the engine holds for review by themselves (suspicious input), benign or not. */
const SUSPICIOUS_BY_DESIGN = new Set(['zero-width', 'cyrillic homoglyphs']);

describe('evaluation minimums', () => {
  const dev = evaluatePolicy(policy, LABELED_PROMPTS);

  it('development set: unsafe prompts are held, benign ones are not', () => {
    expect(dev.unsafe.rate).toBeGreaterThanOrEqual(0.97);
    expect(dev.benign.falsePositiveRate).toBeLessThanOrEqual(0.03);
  });

  it.each(dev.categories.filter((m) => m.support > 0).map((m) => [m.category, m] as const))(
    'development set: %s precision >= 0.8 and recall >= 0.9',
    (_category, m) => {
      expect(m.precision).toBeGreaterThanOrEqual(0.8);
      expect(m.recall).toBeGreaterThanOrEqual(0.9);
    },
  );

  it('sexual content involving minors: no misses on either set', () => {
    const holdout = evaluatePolicy(policy, HOLDOUT_PROMPTS);
    for (const report of [dev, holdout]) {
      expect(report.categories.find((m) => m.category === 'sexual_minors')!.recall).toBe(1);
    }
  });

  it('held-out set (never tuned on): >= 88% held, <= 5% benign false positives', () => {
    const holdout = evaluatePolicy(policy, HOLDOUT_PROMPTS);
    expect(holdout.unsafe.rate).toBeGreaterThanOrEqual(0.88);
    expect(holdout.benign.falsePositiveRate).toBeLessThanOrEqual(0.05);
  });

  it.each(Object.keys(TECHNIQUES))('obfuscation "%s" does not lose recall', (name) => {
    const technique = TECHNIQUES[name]!;
    const report = evaluatePolicy(policy, LABELED_PROMPTS.map((p) => ({ ...p, text: technique(p.text) })));
    expect(report.unsafe.rate).toBeGreaterThanOrEqual(0.95);
    if (!SUSPICIOUS_BY_DESIGN.has(name)) expect(report.benign.falsePositiveRate).toBeLessThanOrEqual(0.06);
  });
});
