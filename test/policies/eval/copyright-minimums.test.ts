/**
 * Minimum quality of copyright screening with the works registry as a fresh install ships it
 * (db/seed/copyright-works.ts: curated well-known works, Pokémon and Star Wars live; the comics lists
 * in shadow), under the default opt_in stance. Floors sit a little below what was measured on
 * 2026-11-29 (figures in the comments and docs/benchmarks.md), so a registry or rule change that
 * lets characters through, or starts holding everyday prompts, fails here.
 */
import { describe, expect, it } from 'vitest';
import { shippedCopyrightEntries } from '../../../db/seed/copyright-works';
import { copyrightRegistries, type CopyrightRegistryRow } from '../../../policies/copyright/registry';
import type { CopyrightStance } from '../../../policies/copyright/types';
import { compilePolicy, LIVE_RULE_SET, screenWithPolicy, type PolicyRegistries } from '../../../policies/index.js';
import { evaluatePolicy } from '../../../policies/prompt/evaluate.js';
import { CHARACTER_PROMPTS, copyrightHalfOf, NEAR_MISS_PROMPTS } from './copyright-characters';
import { EVAL_REGISTRIES, LABELED_PROMPTS } from './labeled-prompts';
import { HOLDOUT_PROMPTS } from './labeled-prompts-holdout';
import { loadPublicPrompts } from './public-prompts';

const rows: CopyrightRegistryRow[] = shippedCopyrightEntries().map((e) => ({
  name: e.name, aliases: e.aliases, owner: e.owner, rule: e.rule, conditions: e.conditions, public_domain: e.publicDomain,
  enforcement: e.enforcement, ambiguous: e.ambiguous ?? false, context_terms: e.contextTerms ?? [],
}));

/** The evaluation's fictional registries plus the shipped works registry under a stance. */
function registriesUnder(stance: CopyrightStance): PolicyRegistries {
  const works = copyrightRegistries(rows, stance);
  return { ...EVAL_REGISTRIES, copyrightedWorks: [...(EVAL_REGISTRIES.copyrightedWorks ?? []), ...(works.copyrightedWorks ?? [])], copyrightStance: stance };
}

const before = compilePolicy(LIVE_RULE_SET, EVAL_REGISTRIES);
const optIn = compilePolicy(LIVE_RULE_SET, registriesUnder('opt_in'));
const optOut = compilePolicy(LIVE_RULE_SET, registriesUnder('opt_out'));
const half = <T extends string>(list: readonly T[], which: 'development' | 'held-out') => list.filter((p) => copyrightHalfOf(p) === which);
const allowedShare = (policy: typeof before, prompts: readonly string[]) => prompts.filter((p) => screenWithPolicy(policy, p).verdict === 'allow').length / prompts.length;
const heldShare = (policy: typeof before, prompts: readonly string[]) => 1 - allowedShare(policy, prompts);

describe('prompts naming well-known characters (written for Loupe, held-out half)', () => {
  it('opt_in refuses at least 90% of them (measured 64 of 68 blocked; before the registry 38 of 68 were allowed)', () => {
    const heldOut = half(CHARACTER_PROMPTS, 'held-out');
    expect(heldOut.length).toBeGreaterThan(55);
    expect(allowedShare(before, heldOut)).toBeGreaterThan(0.4);
    expect(allowedShare(optIn, heldOut)).toBeLessThanOrEqual(0.1);
  });

  it('the development half is refused in full (measured 60 of 60)', () => {
    expect(allowedShare(optIn, half(CHARACTER_PROMPTS, 'development'))).toBeLessThanOrEqual(0.02);
  });

  it('opt_out allows what no holder objected to (measured 67 of 68; the one held names "Ash Ketchum", which the person-name check sends to review as a possible real person)', () => {
    expect(allowedShare(optOut, half(CHARACTER_PROMPTS, 'held-out'))).toBeGreaterThanOrEqual(0.95);
  });

  it('holds at most 15% of the benign near-misses (measured 4 of 34 held out, 0 of 26 in development)', () => {
    expect(heldShare(optIn, half(NEAR_MISS_PROMPTS, 'held-out'))).toBeLessThanOrEqual(0.15);
    expect(heldShare(optIn, half(NEAR_MISS_PROMPTS, 'development'))).toBeLessThanOrEqual(0.05);
  });
});

describe('benign sets do not start being held', () => {
  it.each(['development', 'held-out'] as const)('VBench (%s): no benign prompt is held (measured 0 of 463 and 0 of 458)', (which) => {
    const set = loadPublicPrompts().items.filter((p) => p.source === 'vbench' && p.half === which);
    const report = evaluatePolicy(optIn, set);
    expect(report.benign.total).toBeGreaterThan(400);
    expect(report.benign.held).toBe(evaluatePolicy(before, set).benign.held);
  });

  it('Loupe\'s labelled sets: no benign prompt newly held (measured 1 of 80 and 1 of 30, as before)', () => {
    for (const set of [LABELED_PROMPTS, HOLDOUT_PROMPTS]) {
      expect(evaluatePolicy(optIn, set).benign.held).toBe(evaluatePolicy(before, set).benign.held);
    }
  });
});
