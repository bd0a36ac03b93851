/**
 * Real people in prompts (issue 11): which names are found, and what they decide with a registry
 * of protected people. Tables of prompts with the verdict and category each must get; the registry
 * here is a fixture holding real public figures' names so the framings of the issue can be tested.
 */
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIVE_RULE_SET, screenWithPolicy, type PolicyRegistries, type Verdict } from '../../../policies/index.js';
import { findPersonNames } from '../../../policies/prompt/people/find-names.js';
import { COMPROMISE_VERSION } from '../../../policies/prompt/people/revision.js';

const REGISTRY: PolicyRegistries = {
  publicFigures: [
    { name: 'Donald Trump', aliases: ['Trump'], living: true },
    { name: 'Joko Widodo', aliases: ['Jokowi', 'Джоко Видодо'], living: true },
    { name: 'Prabowo Subianto', aliases: ['Prabowo'], living: true },
    { name: 'Taylor Swift', living: true },
    { name: 'Maya Chen', living: true, optedIn: true, cameoId: 'cameo-maya' },
    { name: 'Hollis Grant', living: false, estateOptedOut: true },
    { name: 'Edna Marlow', living: false },
  ],
};
const policy = compilePolicy(LIVE_RULE_SET, REGISTRY);
const withoutRegistry = compilePolicy(LIVE_RULE_SET);

describe('findPersonNames', () => {
  it.each([
    ['Elon Musk on Mars', ['Elon Musk']],
    ['news style video of Joe Biden falling', ['Joe Biden']],
    ['Prabowo Subianto berpidato', ['Prabowo Subianto']], // an Indonesian given name from the lexicon
    ['Rudi Hartono berpidato', ['Rudi Hartono']],
    ['Ganjar Pranowo dan Anies Baswedan', ['Ganjar Pranowo', 'Anies Baswedan']],
    ['President Macron in Paris', ['Macron']],
    ['Presiden Jokowi naik motor', ['Jokowi']],
    ['a parody of Kim Jong Un', ['Kim Jong Un']],
    ['my friend Sarah at the beach', []],
    ['Budi makan nasi goreng', []],
    ['Pak Budi makan nasi', []],
    ['a dog named Max', []],
    ['Lincoln Park at dawn', []],
    ['Jokowi naik motor di Jalan Sudirman', []],
    ['Washington Square in the snow', []],
    ['Golden Retriever puppy in the snow', []],
    ['Gunung Bromo at sunrise', []],
    ['A Cat In The Hat Reading A Book Aloud', []],
  ])('%s → %j', (text, names) => {
    expect(findPersonNames(text).map((s) => s.text)).toEqual(names);
  });

  it('spans are offsets into the prompt', () => {
    const text = 'news style video of Joe Biden falling';
    for (const span of findPersonNames(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('is tuned with the compromise version the revision names', () => {
    expect(nlp.version).toBe(COMPROMISE_VERSION);
  });
});

type Row = [prompt: string, verdict: Verdict, categories: string[]];

describe('screening real people, with a registry of protected people', () => {
  it.each<Row>([
    // The two examples.
    ['Donald Trump eating a burger', 'block', ['public_figure']],
    ['a fictional actor who merely looks like Taylor Swift, in a bikini', 'block', ['public_figure']],
    // Framings never change a protected person's verdict.
    ['a Donald Trump lookalike eating a burger', 'block', ['public_figure']],
    ['someone who looks like Taylor Swift singing', 'block', ['public_figure']],
    ['news style report: Trump arrested', 'block', ['public_figure']],
    ['parody of Joko Widodo dancing', 'block', ['public_figure']],
    ['orang yang mirip Jokowi naik motor', 'block', ['public_figure']],
    ['video ala Prabowo Subianto berpidato', 'block', ['public_figure']],
    ['kembaran Taylor Swift menyanyi', 'block', ['public_figure']],
    ['seperti Hollis Grant di film lama', 'block', ['public_figure']],
    // Misspellings, leetspeak, spacing and script tricks.
    ['Donlad Trump eating a burger', 'block', ['public_figure']],
    ['Donlad Trunp eating a burger', 'block', ['public_figure']],
    ['Taylor Swfit on stage', 'block', ['public_figure']],
    ['Tailor Swift on stage', 'block', ['public_figure']],
    ['Prabowo Subiyanto di Monas', 'block', ['public_figure']],
    ['Jokowii makan bakso', 'block', ['public_figure']],
    ['D0nald Trump eating', 'block', ['public_figure']],
    ['T a y l o r  S w i f t dancing', 'block', ['public_figure']],
    ['Тaylor Swift dancing', 'block', ['public_figure']], // Cyrillic Т
    ['Джоко Видодо на мотоцикле', 'block', ['public_figure']], // an alias in another script
    // Opted in with their own cameo; deceased without an estate opt-out.
    ['Edna Marlow reading a letter', 'allow', []],
    // Real people outside the registry go to review.
    ['Elon Musk on Mars', 'review', ['real_person']],
    ['a fictional actor who looks like Cristiano Ronaldo scoring', 'review', ['real_person']],
    ['President Macron in Paris', 'review', ['real_person']],
    ['Ganjar Pranowo dan Anies Baswedan berdebat', 'review', ['real_person']],
    // Everyday names, places, pets, fiction and long-dead historical people stay allowed.
    ['my friend Sarah at the beach', 'allow', []],
    ['Budi makan nasi', 'allow', []],
    ['a dog named Max chasing a ball', 'allow', []],
    ['Lincoln Park at dawn', 'allow', []],
    ['Jalan Sudirman at night, time lapse', 'allow', []],
    ['Washington Square in the snow', 'allow', []],
    ['Sherlock Holmes walking through London fog', 'allow', []],
    ['Napoleon Bonaparte crossing the Alps', 'allow', []],
    ['Si Kancil mencuri timun', 'allow', []],
  ])('%s → %s %j', (prompt, verdict, categories) => {
    const result = screenWithPolicy(policy, prompt);
    expect(result.verdict).toBe(verdict);
    expect(result.categories).toEqual(categories);
  });

  it('the issue\'s "looks like Taylor Swift" prompt goes at least to review without any registry entry', () => {
    const result = screenWithPolicy(withoutRegistry, 'a fictional actor who merely looks like Taylor Swift, in a bikini');
    expect(result.verdict).toBe('review');
    expect(result.categories).toEqual(['real_person']);
    expect(result.reasons.some((r) => r.includes('"Taylor Swift"') && r.includes('consent'))).toBe(true);
  });

  it('an opted-in figure is allowed with their own cameo, held without it', () => {
    expect(screenWithPolicy(policy, 'Maya Chen surfing', { cameoIds: ['cameo-maya'] }).verdict).toBe('allow');
    expect(screenWithPolicy(policy, 'Maya Chen surfing').verdict).toBe('review');
    // A misspelling is the same person, with the same decision.
    expect(screenWithPolicy(policy, 'Maya Chenn surfing', { cameoIds: ['cameo-maya'] }).verdict).toBe('allow');
  });

  it('a person who is a cameo on the request, or a registered character, is not held as a real person', () => {
    expect(screenWithPolicy(policy, 'Rudi Hartono riding a bike').verdict).toBe('review');
    expect(screenWithPolicy(policy, 'Rudi Hartono riding a bike', { cameoIds: ['c1'], cameoNames: ['Rudi Hartono'] }).verdict).toBe('allow');
    expect(screenWithPolicy(policy, 'Sir Wobbles Fluffington in the garden').verdict).toBe('review');
    expect(screenWithPolicy(policy, 'Sir Wobbles Fluffington in the garden', { characterNames: ['Wobbles Fluffington'] }).verdict).toBe('allow');
  });

  it('a misspelt one-word alias inside someone else\'s full name is not that person', () => {
    const result = screenWithPolicy(policy, 'Ganjar Pranowo berpidato');
    expect(result.categories).toEqual(['real_person']);
  });

  it('is deterministic and says why', () => {
    const a = screenWithPolicy(policy, 'Donlad Trunp eating a burger');
    const b = screenWithPolicy(policy, 'Donlad Trunp eating a burger');
    expect(a).toEqual(b);
    expect(a.reasons.some((r) => r.includes('misspelling of the registered name "Donald Trump"'))).toBe(true);
  });
});
