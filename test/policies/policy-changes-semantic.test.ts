/**
 * Issue 14: semantic exemplars and settings as draft overlays on the shipped rules: applied,
 * validated with sentences, diffed, versioned; drafts stored before the field still apply.
 */
import {
  applyRuleSetChanges, compileOverlay, diffPolicies, draftExemplarId, LIVE_POLICY, LIVE_RULE_SET, NO_CHANGES, validateRuleSetChanges,
  type RuleSetChanges,
} from '../../policies';
import { sha256Hex } from '../../policies/content-hash';

const shipped = LIVE_RULE_SET.semantic!;
const firstShipped = shipped.exemplars[0]!;
const ADD: RuleSetChanges = {
  ...NO_CHANGES,
  exemplars: { add: [{ text: '  a farmer drowns a sack of kittens  in the river', label: 'violence_graphic', lang: 'en' }], remove: [firstShipped.id] },
};

describe('exemplar overlays', () => {
  it('adds exemplars with a d: id from their text and source draft, and drops removed ids', () => {
    const { ruleSet, warnings } = applyRuleSetChanges(LIVE_RULE_SET, ADD);
    const added = ruleSet.semantic!.exemplars.find((e) => e.source === 'draft')!;
    expect(added).toEqual({
      id: `d:${sha256Hex('a farmer drowns a sack of kittens in the river').slice(0, 12)}`,
      text: 'a farmer drowns a sack of kittens in the river', label: 'violence_graphic', lang: 'en', source: 'draft',
    });
    expect(added.id).toBe(draftExemplarId(added.text));
    expect(ruleSet.semantic!.exemplars.some((e) => e.id === firstShipped.id)).toBe(false);
    expect(ruleSet.semantic!.exemplars).toHaveLength(shipped.exemplars.length);
    expect(ruleSet.semantic!.settings).toEqual(shipped.settings);
    expect(warnings).toEqual([]);
    // The shipped data is not mutated.
    expect(LIVE_RULE_SET.semantic!.exemplars[0]).toBe(firstShipped);
    expect(LIVE_RULE_SET.semantic!.exemplars).toHaveLength(shipped.exemplars.length);
  });

  it('warns about an unknown id to remove and a text already present, instead of failing', () => {
    const { ruleSet, warnings } = applyRuleSetChanges(LIVE_RULE_SET, {
      ...NO_CHANGES,
      exemplars: { add: [{ text: firstShipped.text.toUpperCase(), label: 'benign', lang: 'en' }], remove: ['nope00000000'] },
    });
    expect(warnings).toEqual(['There is no exemplar nope00000000 any more; nothing to remove.', `The exemplar "${firstShipped.text.toUpperCase()}" is already in the policy.`]);
    expect(ruleSet.semantic!.exemplars).toHaveLength(shipped.exemplars.length);
  });

  it('merges semantic settings over the shipped ones', () => {
    const { ruleSet } = applyRuleSetChanges(LIVE_RULE_SET, { ...NO_CHANGES, semanticSettings: { k: 7, blockMargin: 0.08 } });
    expect(ruleSet.semantic!.settings).toEqual({ ...shipped.settings, k: 7, blockMargin: 0.08 });
    expect(ruleSet.semantic!.exemplars).toBe(shipped.exemplars);
  });

  it('keeps the shipped semantic policy (same object) for a draft stored before the field, and its version', () => {
    const stored = JSON.parse(JSON.stringify(NO_CHANGES)) as RuleSetChanges;
    expect('exemplars' in stored).toBe(false);
    expect(applyRuleSetChanges(LIVE_RULE_SET, stored).ruleSet.semantic).toBe(shipped);
    expect(compileOverlay(stored).policy.version).toBe(LIVE_POLICY.version);
    expect(compileOverlay({ ...NO_CHANGES, exemplars: { add: [], remove: [] }, semanticSettings: {} }).policy.version).toBe(LIVE_POLICY.version);
  });

  it('gives a new policy version for any exemplar or setting change', () => {
    const versions = new Set([
      LIVE_POLICY.version,
      compileOverlay(ADD).policy.version,
      compileOverlay({ ...NO_CHANGES, exemplars: { add: [], remove: [firstShipped.id] } }).policy.version,
      compileOverlay({ ...NO_CHANGES, semanticSettings: { reviewMargin: 0.02 } }).policy.version,
    ]);
    expect(versions.size).toBe(4);
  });

  it.each([
    [{ add: [{ text: '   ', label: 'benign', lang: 'en' }], remove: [] }, undefined, 'An exemplar to add is empty; write the prompt it stands for.'],
    [{ add: [{ text: 'x'.repeat(501), label: 'benign', lang: 'en' }], remove: [] }, undefined, `The exemplar "${'x'.repeat(40)}…" is 501 characters long; an exemplar is at most 500.`],
    [{ add: [{ text: 'a dog', label: 'rude', lang: 'en' }], remove: [] }, undefined, '"rude" is not a label for an exemplar; use a policy category or benign.'],
    [{ add: [{ text: 'a dog', label: 'benign', lang: 'fr' }], remove: [] }, undefined, '"fr" is not an exemplar language; use one of en, id, es, ru.'],
    [undefined, { k: 0 }, 'The semantic k (nearest exemplars per label) must be a whole number from 1 to 20; it is 0.'],
    [undefined, { k: 2.5 }, 'The semantic k (nearest exemplars per label) must be a whole number from 1 to 20; it is 2.5.'],
    [undefined, { reviewMargin: -0.2 }, 'The semantic review margin must be from -0.1 to 0.5; it is -0.2.'],
    [undefined, { blockMargin: 0.005 }, 'The semantic block margin 0.005 is below the review margin 0.008; a prompt would be blocked before it is held for review.'],
  ])('refuses a meaningless semantic change with a sentence (%#)', (exemplars, semanticSettings, sentence) => {
    const changes = { ...NO_CHANGES, exemplars, semanticSettings } as unknown as RuleSetChanges;
    expect(validateRuleSetChanges(LIVE_RULE_SET, changes)).toEqual([sentence]);
    expect(() => applyRuleSetChanges(LIVE_RULE_SET, changes)).toThrow(sentence);
  });

  it('diffs exemplars added and removed (with label) and settings changed; NO_CHANGES is identical', () => {
    const draft = applyRuleSetChanges(LIVE_RULE_SET, { ...ADD, semanticSettings: { k: 3 } }).ruleSet;
    const diff = diffPolicies({ ruleSet: LIVE_RULE_SET, registries: {} }, { ruleSet: draft, registries: {} });
    expect(diff.identical).toBe(false);
    expect(diff.exemplars).toEqual([
      { id: firstShipped.id, label: firstShipped.label, lang: firstShipped.lang, text: firstShipped.text, change: 'removed' },
      { id: draftExemplarId('a farmer drowns a sack of kittens in the river'), label: 'violence_graphic', lang: 'en', text: 'a farmer drowns a sack of kittens in the river', change: 'added' },
    ]);
    expect(diff.semanticSettings).toEqual([{ setting: 'k', from: shipped.settings.k, to: 3 }]);
    expect(diff.terms).toEqual([]);
    const same = diffPolicies({ ruleSet: LIVE_RULE_SET, registries: {} }, { ruleSet: applyRuleSetChanges(LIVE_RULE_SET, NO_CHANGES).ruleSet, registries: {} });
    expect(same.identical).toBe(true);
    expect(validateRuleSetChanges(LIVE_RULE_SET, NO_CHANGES)).toEqual([]);
  });
});
