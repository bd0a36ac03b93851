/**
 * Drafts as overlays on the shipped rules, their diffs, and the memoised compile the pipeline and
 * the playground share (same overlay + registries → same version, in Node and in the browser).
 */
import {
  applyRuleSetChanges, compileOverlay, diffPolicies, LIVE_POLICY, LIVE_RULE_SET, NO_CHANGES, screenWithPolicy, validateRuleSetChanges,
  type RuleSetChanges,
} from '../../policies';

const ADD_TERM: RuleSetChanges = { terms: [{ groupId: 'violence_graphic.gore.en', add: ['  Zorblaxing '], remove: ['gore'] }], newGroups: [], thresholds: [] };

describe('applyRuleSetChanges', () => {
  it('adds and removes terms of shipped groups, normalising what is typed', () => {
    const { ruleSet, warnings } = applyRuleSetChanges(LIVE_RULE_SET, ADD_TERM);
    const group = ruleSet.terms.find((g) => g.id === 'violence_graphic.gore.en')!;
    expect(group.terms).toContain('zorblaxing');
    expect(group.terms).not.toContain('gore');
    expect(warnings).toEqual([]);
    // The shipped data is not mutated.
    expect(LIVE_RULE_SET.terms.find((g) => g.id === 'violence_graphic.gore.en')!.terms).toContain('gore');
  });

  it('warns about changes that no longer apply instead of failing', () => {
    const { warnings } = applyRuleSetChanges(LIVE_RULE_SET, { ...NO_CHANGES, terms: [{ groupId: 'violence_graphic.gore.en', add: ['gore'], remove: ['not-a-term'] }] });
    expect(warnings).toEqual(['"not-a-term" is not in violence_graphic.gore.en any more; nothing to remove.', '"gore" is already in violence_graphic.gore.en.']);
  });

  it.each([
    [{ ...NO_CHANGES, terms: [{ groupId: 'nope', add: ['x'], remove: [] }] }, /no term group "nope"/],
    [{ ...NO_CHANGES, newGroups: [{ id: 'sexual.explicit.en', category: 'sexual' as const, severity: 3 as const, lang: 'en' as const, terms: ['x'] }] }, /already used/],
    [{ ...NO_CHANGES, thresholds: [{ category: 'sexual_minors' as const, ageBand: 'teen' as const, reviewAt: 1 as const, blockAt: 2 as const }] }, /always blocked/],
    [{ ...NO_CHANGES, thresholds: [{ category: 'sexual' as const, ageBand: 'adult' as const, reviewAt: 4 as const, blockAt: 2 as const }] }, /below the review threshold/],
  ])('refuses a meaningless overlay (%#)', (changes, message) => {
    expect(validateRuleSetChanges(LIVE_RULE_SET, changes).join(' ')).toMatch(message);
    expect(() => applyRuleSetChanges(LIVE_RULE_SET, changes)).toThrow(message);
  });
});

describe('compileOverlay', () => {
  it('gives the shipped policy its usual version when nothing changes', () => {
    expect(compileOverlay(NO_CHANGES).policy.version).toBe(LIVE_POLICY.version);
  });

  it('is memoised by content and versioned by content', () => {
    const a = compileOverlay(ADD_TERM);
    expect(compileOverlay(structuredClone(ADD_TERM))).toBe(a);
    expect(a.policy.version).not.toBe(LIVE_POLICY.version);
    const withRegistry = compileOverlay(ADD_TERM, { copyrightedWorks: [{ name: 'Glimmer Knight', owner: 'Example' }] });
    expect(withRegistry.policy.version).not.toBe(a.policy.version);
    expect(withRegistry.ruleSetHash).toBe(a.ruleSetHash);
  });

  it('screens with the overlay applied', () => {
    const { policy } = compileOverlay(ADD_TERM);
    expect(screenWithPolicy(policy, 'a z0rbl4xing dragon').verdict).toBe('block');
    expect(screenWithPolicy(LIVE_POLICY, 'a zorblaxing dragon').verdict).toBe('allow');
  });
});

describe('diffPolicies', () => {
  it('lists added and removed terms, thresholds and registry entries', () => {
    const changes: RuleSetChanges = {
      ...ADD_TERM,
      newGroups: [{ id: 'violence_graphic.slang.en', category: 'violence_graphic', severity: 2, lang: 'en', terms: ['unalive'] }],
      thresholds: [{ category: 'misinformation', ageBand: 'adult', reviewAt: 2, blockAt: 4 }],
    };
    const draft = applyRuleSetChanges(LIVE_RULE_SET, changes).ruleSet;
    const diff = diffPolicies(
      { ruleSet: LIVE_RULE_SET, registries: { publicFigures: [{ name: 'Ann Example', living: true }] } },
      { ruleSet: draft, registries: { publicFigures: [{ name: 'Ann Example', living: false }], copyrightedWorks: [{ name: 'Glimmer Knight' }] } },
    );
    expect(diff.identical).toBe(false);
    expect(diff.terms).toEqual([
      expect.objectContaining({ groupId: 'violence_graphic.gore.en', change: 'changed', addedTerms: ['zorblaxing'], removedTerms: ['gore'] }),
      expect.objectContaining({ groupId: 'violence_graphic.slang.en', change: 'added', addedTerms: ['unalive'] }),
    ]);
    expect(diff.thresholds).toEqual([{ category: 'misinformation', ageBand: 'adult', from: LIVE_RULE_SET.categories.misinformation.adult, to: { reviewAt: 2, blockAt: 4 } }]);
    expect(diff.registries.map((r) => `${r.change} ${r.name}`)).toEqual(['changed Ann Example', 'added Glimmer Knight']);
    expect(diffPolicies({ ruleSet: LIVE_RULE_SET, registries: {} }, { ruleSet: LIVE_RULE_SET, registries: {} }).identical).toBe(true);
  });
});

describe('opted-in public figures with a registered cameo', () => {
  const registries = { publicFigures: [{ name: 'Ola Optin', living: true, optedIn: true, cameoId: 'cameo-ola' }] };
  const { policy } = compileOverlay(NO_CHANGES, registries);
  it.each([
    [['cameo-ola'], 'allow'],
    [['someone-else'], 'review'],
    [[], 'review'],
  ] as const)('with cameos %o → %s', (cameoIds, verdict) => {
    expect(screenWithPolicy(policy, 'Ola Optin at the beach', { cameoIds: [...cameoIds] }).verdict).toBe(verdict);
  });
});
