/**
 * Figures of the people evaluation: per group, how many prompts got the expected verdict, how many
 * were held at all, and over the whole half the precision and recall of holding real people and
 * the false-positive rate on prompts without one. Pure: screens with the policy it is given.
 */
import { screenWithPolicy, type CompiledPolicy, type Verdict } from '../../../../policies/index.js';
import { PEOPLE_GROUPS, type PeopleGroup, type PeoplePrompt } from './prompts.js';

/** One prompt's outcome. */
export interface PeopleOutcome {
  prompt: PeoplePrompt;
  verdict: Verdict;
  categories: string[];
}

/** Figures for one group. */
export interface PeopleGroupFigures {
  group: PeopleGroup;
  total: number;
  /** Prompts with exactly the expected verdict. */
  correct: number;
  /** Prompts held (review or block), for any reason. */
  held: number;
  /** Prompts held because of a person (`public_figure` or `real_person`): what name detection adds. */
  heldForPerson: number;
  /** Expected-person groups: share held (recall of holding); other groups: share held (false positives). */
  heldRate: number;
  /** Share with exactly the expected verdict. */
  accuracy: number;
}

export interface PeopleReport {
  groups: PeopleGroupFigures[];
  /** Of the prompts held, the share that name a real person (expected block or review). */
  precision: number;
  /** Of the prompts naming a real person, the share held. */
  recall: number;
  /** Of the prompts naming a protected person, the share blocked. */
  blockRecall: number;
  /** Of the prompts naming nobody real, the share held (for any reason: copyright rules too). */
  falsePositiveRate: number;
  /** Of the prompts naming nobody real, the share held for a person: name detection's own false positives. */
  personFalsePositiveRate: number;
  /** Of the prompts held for a person, the share that name a real person. */
  personPrecision: number;
  outcomes: PeopleOutcome[];
}

/** Screens every prompt with `policy` (no cameo, adult account) and computes the figures. */
export function evaluatePeople(policy: CompiledPolicy, prompts: readonly PeoplePrompt[]): PeopleReport {
  const outcomes = prompts.map((prompt): PeopleOutcome => {
    const result = screenWithPolicy(policy, prompt.text);
    return { prompt, verdict: result.verdict, categories: result.categories };
  });
  const held = (o: PeopleOutcome) => o.verdict !== 'allow';
  const forPerson = (o: PeopleOutcome) => held(o) && o.categories.some((c) => PERSON_CATEGORIES.has(c));
  const groups = PEOPLE_GROUPS.map((group): PeopleGroupFigures => {
    const items = outcomes.filter((o) => o.prompt.group === group);
    const correct = items.filter((o) => o.verdict === o.prompt.expected).length;
    const heldCount = items.filter(held).length;
    const heldForPerson = items.filter(forPerson).length;
    return { group, total: items.length, correct, held: heldCount, heldForPerson, heldRate: ratio(heldCount, items.length), accuracy: ratio(correct, items.length) };
  }).filter((g) => g.total > 0);
  const people = outcomes.filter((o) => o.prompt.expected !== 'allow');
  const protectedPeople = outcomes.filter((o) => o.prompt.expected === 'block');
  const nobody = outcomes.filter((o) => o.prompt.expected === 'allow');
  const heldAll = outcomes.filter(held);
  return {
    groups,
    precision: ratio(heldAll.filter((o) => o.prompt.expected !== 'allow').length, heldAll.length),
    recall: ratio(people.filter(held).length, people.length),
    blockRecall: ratio(protectedPeople.filter((o) => o.verdict === 'block').length, protectedPeople.length),
    falsePositiveRate: ratio(nobody.filter(held).length, nobody.length),
    personFalsePositiveRate: ratio(nobody.filter(forPerson).length, nobody.length),
    personPrecision: ratio(outcomes.filter(forPerson).filter((o) => o.prompt.expected !== 'allow').length, outcomes.filter(forPerson).length),
    outcomes,
  };
}

/** Categories that mean a person was recognised. */
const PERSON_CATEGORIES: ReadonlySet<string> = new Set(['public_figure', 'real_person']);

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}
