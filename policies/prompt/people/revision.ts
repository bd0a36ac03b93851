/**
 * The revision of named-person detection, part of every policy version (compile.ts): a change to
 * the detection code, its word lists or the NLP library's version gives new policy versions, so
 * decisions made before and after stay distinguishable. The lists are hashed in, so editing one
 * changes the revision by itself; bump the code part when the code's behaviour changes, and the
 * library part when `compromise` is upgraded (test/policies/people/detection.test.ts checks it).
 */
import { contentHash } from '../../content-hash.js';
import { FICTIONAL_OR_HISTORICAL } from './lexicon/fictional.js';
import { GIVEN_NAMES } from './lexicon/given-names.js';
import { NAME_PARTICLES, NOT_NAME_WORDS, PLACE_WORDS, TITLES } from './lexicon/not-names.js';

/** The `compromise` version the detection was tuned with. */
export const COMPROMISE_VERSION = '14.17.0';

const lists = [GIVEN_NAMES, NOT_NAME_WORDS, TITLES, PLACE_WORDS, NAME_PARTICLES, FICTIONAL_OR_HISTORICAL].map((set) => [...set].sort());

/** `loupe-people/<code revision>/compromise@<version>/<hash of the word lists>`. */
export const NAME_DETECTION_REVISION = `loupe-people/1/compromise@${COMPROMISE_VERSION}/${contentHash(lists).slice(0, 12)}`;

/** Category of a prompt naming a real person who is not a cameo, a character or a fictional name. */
export const REAL_PERSON = 'real_person';
