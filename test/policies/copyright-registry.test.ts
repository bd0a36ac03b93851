/**
 * The works registry in prompt screening (issue 13): each entry's action under the stance
 * (opt_in / opt_out), holder rules and conditions, public domain, aliases in two languages,
 * everyday-word names that need a context word, shadow entries that report without acting, the
 * shipped copyright rule terms yielding to the registry, and the stance being part of the version.
 */
import { describe, expect, it } from 'vitest';
import { copyrightRegistries, isEverydayName, type CopyrightRegistryRow } from '../../policies/copyright/registry';
import { compilePolicy, LIVE_RULE_SET, screenWithPolicy } from '../../policies/index.js';
import type { CopyrightStance } from '../../policies/copyright/types';

const row = (name: string, over: Partial<CopyrightRegistryRow> = {}): CopyrightRegistryRow => ({
  name, aliases: [], owner: 'Example Studios', rule: null, conditions: null, public_domain: false, enforcement: 'live', ambiguous: false, context_terms: [], ...over,
});

const ROWS: CopyrightRegistryRow[] = [
  row('Captain Quasar', { aliases: [{ name: 'Capitán Cuásar', lang: 'es' }, { name: 'キャプテン・クエーサー', lang: 'ja' }] }),
  row('Glimmer Knight', { rule: 'allow' }),
  row('Velvet Fox', { rule: 'allow', conditions: 'No violence; credit the studio.' }),
  row('Marble Golem', { rule: 'review' }),
  row('Copper Comet', { rule: 'block' }),
  row('Old Tin Soldier', { rule: 'block', public_domain: true }),
  row('Storm', { ambiguous: true, context_terms: ['x-men', 'marvel'] }),
  row('Nebula Ninja', { enforcement: 'shadow' }),
  // A name the shipped copyright rules already review ("mickey mouse"): the registry decides it.
  row('Mickey Mouse', { owner: 'The Walt Disney Company' }),
];

const policyFor = (stance: CopyrightStance, rows = ROWS) => compilePolicy(LIVE_RULE_SET, copyrightRegistries(rows, stance));
const screen = (stance: CopyrightStance, text: string) => screenWithPolicy(policyFor(stance), text);

describe('the stance decides entries without a holder rule', () => {
  it('opt_in blocks a known character, naming entity, owner and rule in the reasons; opt_out allows it', () => {
    const inResult = screen('opt_in', 'Captain Quasar surfing a wave at sunset');
    expect(inResult.verdict).toBe('block');
    expect(inResult.categories).toEqual(['copyright']);
    expect(inResult.reasons.join(' ')).toContain('"Captain Quasar" (owner Example Studios), no holder rule (the stance decides): block');
    const outResult = screen('opt_out', 'Captain Quasar surfing a wave at sunset');
    expect(outResult.verdict).toBe('allow');
    expect(outResult.categories).toEqual([]);
  });

  it('the shipped copyright rule term yields to the registry: opt_out allows Mickey Mouse, opt_in blocks it', () => {
    expect(screen('opt_out', 'Mickey Mouse dancing in Times Square').verdict).toBe('allow');
    expect(screen('opt_in', 'Mickey Mouse dancing in Times Square').verdict).toBe('block');
    // Without the registry the rules still review it (policies without a database).
    expect(screenWithPolicy(compilePolicy(LIVE_RULE_SET), 'Mickey Mouse dancing in Times Square').verdict).toBe('review');
  });

  it('matches aliases in two languages, on word boundaries only', () => {
    expect(screen('opt_in', 'el Capitán Cuásar en la playa').verdict).toBe('block');
    expect(screen('opt_in', 'キャプテン・クエーサー が空を飛ぶ').verdict).toBe('block');
    expect(screen('opt_in', 'a captain quasarish hat on a table').verdict).toBe('allow');
  });

  it('the stance is part of the policy version even when no entry has an action that changes', () => {
    const onlyHolderRules = [row('Copper Comet', { rule: 'block' })];
    expect(policyFor('opt_in', onlyHolderRules).version).not.toBe(policyFor('opt_out', onlyHolderRules).version);
    expect(policyFor('opt_in').version).toBe(policyFor('opt_in', [...ROWS].reverse()).version);
  });
});

describe('holder rules apply under both stances', () => {
  it.each(['opt_in', 'opt_out'] as const)('%s: allow, allow with conditions (review, conditions shown), review, block, public domain', (stance) => {
    expect(screen(stance, 'Glimmer Knight rescuing a cat').verdict).toBe('allow');
    const conditional = screen(stance, 'Velvet Fox dancing in the rain');
    expect(conditional.verdict).toBe('review');
    expect(conditional.reasons.join(' ')).toContain('conditions: No violence; credit the studio.');
    expect(screen(stance, 'Marble Golem guarding a castle').verdict).toBe('review');
    expect(screen(stance, 'Copper Comet racing through space').verdict).toBe('block');
    // Public domain wins over any claim to it.
    expect(screen(stance, 'the Old Tin Soldier marching in the snow').verdict).toBe('allow');
  });
});

describe('everyday-word names and shadow entries', () => {
  it('an everyday-word name acts only beside a context word of its franchise', () => {
    const weather = screen('opt_in', 'a storm rolling over the wheat fields');
    expect(weather.verdict).toBe('allow');
    expect(weather.reasons.join(' ')).toContain('acts only beside a word of its franchise');
    expect(screen('opt_in', 'Storm from the X-Men summoning lightning').verdict).toBe('block');
    expect(screen('opt_in', 'Marvel hero Storm flying over a city').verdict).toBe('block');
  });

  it('a shadow entry is reported with what it would do, and never acts', () => {
    const result = screen('opt_in', 'Nebula Ninja sneaking through a temple');
    expect(result.verdict).toBe('allow');
    expect(result.matches).toContainEqual(expect.objectContaining({ ruleId: 'registry.copyright.shadow', action: 'allow', category: 'copyright' }));
    expect(result.reasons.join(' ')).toContain('shadow: works registry entry "Nebula Ninja" (owner Example Studios), no holder rule (the stance decides) would block "Nebula Ninja" once promoted; not acting');
  });

  it('a shadow entry or an everyday-word entry without its context word leaves a person\'s name to the people check', () => {
    const registries = {
      ...copyrightRegistries([row('Vera', { enforcement: 'shadow' }), row('Quill', { ambiguous: true, context_terms: ['marvel'] })], 'opt_in'),
      publicFigures: [{ name: 'Vera Quill', living: true }],
    };
    const result = screenWithPolicy(compilePolicy(LIVE_RULE_SET, registries), 'Vera Qiull giving a speech at a rally');
    expect(result.verdict).toBe('block');
    expect(result.categories).toContain('public_figure');
  });

  it('isEverydayName: one-word English words and given names, phrases of common words; invented names are not', () => {
    const lists = {
      phraseWords: new Set(['black', 'widow', 'general', 'iron']),
      singleWords: new Set(['storm', 'tsunami', 'black', 'widow']),
      givenNames: new Set(['gwen', 'stacy', 'abra']),
    };
    expect(isEverydayName('Storm', lists)).toBe(true);
    expect(isEverydayName('Abra', lists)).toBe(true);
    expect(isEverydayName('Black Widow', lists)).toBe(true);
    expect(isEverydayName('Gwen Stacy', lists)).toBe(true);
    expect(isEverydayName('Type: Null', lists)).toBe(false);
    expect(isEverydayName('Pikachu', lists)).toBe(false);
    expect(isEverydayName('Iron Grievous', lists)).toBe(false);
  });
});
