/**
 * The fixed development/test split of the people evaluation: by the SHA-256 of a prompt's text,
 * so adding a prompt never moves another one between halves. Decided before any tuning.
 */
import { sha256Hex } from '../../../../policies/content-hash.js';
import { PEOPLE_PROMPTS, type PeoplePrompt } from './prompts.js';

export type PeopleSplit = 'dev' | 'test';

/** `test` when the first hex digit of the SHA-256 of the text is 8-f, else `dev`. */
export function splitOf(prompt: Pick<PeoplePrompt, 'text'>): PeopleSplit {
  return parseInt(sha256Hex(prompt.text)[0]!, 16) >= 8 ? 'test' : 'dev';
}

/** The prompts of one half. */
export function peoplePrompts(split: PeopleSplit): PeoplePrompt[] {
  return PEOPLE_PROMPTS.filter((p) => splitOf(p) === split);
}
