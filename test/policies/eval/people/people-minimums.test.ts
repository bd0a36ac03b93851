/**
 * Minimum quality of named-person detection on the TEST half of the people evaluation (never
 * tuned on; split.ts). Thresholds sit a little below the figures measured when the half was first
 * run (docs/benchmarks.md, "Named people in prompts"), so a change that loses recall or adds false
 * positives fails here. `npx tsx scripts/eval-policy.ts --people` prints the figures.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIVE_RULE_SET } from '../../../../policies/index.js';
import { evaluatePeople } from './evaluate-people.js';
import { PEOPLE_PROMPTS } from './prompts.js';
import { PEOPLE_EVAL_REGISTRY } from './registry.js';
import { peoplePrompts, splitOf } from './split.js';

const policy = compilePolicy(LIVE_RULE_SET, PEOPLE_EVAL_REGISTRY);
const report = evaluatePeople(policy, peoplePrompts('test'));
const group = (name: string) => report.groups.find((g) => g.group === name)!;

describe('people evaluation, test half', () => {
  it('the split is fixed by the prompts\' hashes and both halves cover every group in both languages', () => {
    expect(splitOf({ text: 'Donald Trump eating a burger in the Oval Office' })).toBe(splitOf({ text: 'Donald Trump eating a burger in the Oval Office' }));
    const test = peoplePrompts('test');
    const dev = peoplePrompts('dev');
    expect(test.length + dev.length).toBe(PEOPLE_PROMPTS.length);
    expect(test.length).toBeGreaterThanOrEqual(100);
    for (const half of [test, dev]) for (const lang of ['en', 'id']) expect(half.filter((p) => p.lang === lang).length).toBeGreaterThan(30);
    expect(new Set(PEOPLE_PROMPTS.map((p) => p.text)).size).toBe(PEOPLE_PROMPTS.length);
  });

  it('protected people are blocked: >= 95% of them, and every direct naming', () => {
    expect(report.blockRecall).toBeGreaterThanOrEqual(0.95);
    expect(group('registry: direct').accuracy).toBe(1);
    expect(group('registry: evasive framing').accuracy).toBe(1);
  });

  it('misspellings and script tricks: >= 90% blocked', () => {
    expect(group('registry: misspelt').accuracy).toBeGreaterThanOrEqual(0.9);
    expect(group('registry: script and spacing tricks').accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('real people outside the registry: >= 80% go to review', () => {
    expect(group('real, not in registry').accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('everyday names, places, pets, brands and fiction: <= 3% held for a person, and person precision >= 95%', () => {
    expect(report.personFalsePositiveRate).toBeLessThanOrEqual(0.03);
    expect(report.personPrecision).toBeGreaterThanOrEqual(0.95);
    for (const name of ['everyday names', 'places and streets', 'pets']) expect(group(name).heldForPerson).toBe(0);
  });

  it('overall: recall of real people >= 92%, precision >= 92%', () => {
    expect(report.recall).toBeGreaterThanOrEqual(0.92);
    expect(report.precision).toBeGreaterThanOrEqual(0.92);
  });
});
