/**
 * The examples with the shipped protected-persons starter list (db/seed/protected-persons/):
 * what a fresh start blocks, reviews and allows, with no fixture in between.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIVE_RULE_SET, screenWithPolicy, type Verdict } from '../../../policies/index.js';
import { starterPublicFigures } from '../../../db/seed/protected-persons.js';

const policy = compilePolicy(LIVE_RULE_SET, { publicFigures: starterPublicFigures() });

describe('screening with the shipped starter list', () => {
  it.each<[string, Verdict, string[]]>([
    ['Donald Trump eating a burger', 'block', ['public_figure']],
    ['a fictional actor who merely looks like Taylor Swift, in a bikini', 'block', ['public_figure']],
    ['Jokowi naik motor di Jalan Sudirman', 'block', ['public_figure']],
    ['Prabowo Subianto berpidato', 'block', ['public_figure']],
    ['orang yang mirip Prabowo sedang berpidato', 'block', ['public_figure']],
    ['Donlad Trunp golfing', 'block', ['public_figure']],
    ['Jonathan Pemberton riding a horse', 'review', ['real_person']],
    ['Lincoln Park at dawn', 'allow', []],
    ['Jalan Sudirman pada malam hari', 'allow', []],
    ['my friend Sarah at the beach', 'allow', []],
    ['Budi makan nasi', 'allow', []],
    ['a dog named Max chasing a ball', 'allow', []],
    // A surname alias that is also an everyday word: the card game is not the person; the name still is.
    ['a trump card on a green table', 'allow', []],
    ['Trump playing a trump card', 'block', ['public_figure']],
    ['roses and a blueberry bush', 'allow', []],
    // Surnames alone in the person's own script.
    ['Путин на коне', 'block', ['public_figure']],
    ['Трамп ест бургер', 'block', ['public_figure']],
  ])('%s → %s %j', (prompt, verdict, categories) => {
    const result = screenWithPolicy(policy, prompt);
    expect(result.verdict).toBe(verdict);
    expect(result.categories).toEqual(categories);
  });
});
