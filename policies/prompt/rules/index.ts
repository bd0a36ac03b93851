/**
 * The live prompt rule set: every term list, signal, allow phrase and combination in this folder.
 * Changing anything here changes the policy version (a content hash), which every screening
 * decision records.
 */
import type { RuleSet } from '../types.js';
import { ALLOW_GROUPS, ALLOW_SOURCE } from './allow-list.js';
import { CATEGORIES } from './categories.js';
import { COMBINATIONS } from './combinations.js';
import { COPYRIGHT_SOURCE, COPYRIGHT_TERMS } from './copyright.js';
import { EXTREMISM_SOURCE, EXTREMISM_TERMS } from './extremism.js';
import { HARMFUL_REQUEST_COMBINATIONS, HARMFUL_REQUEST_TERMS, HARMFUL_REQUESTS_SOURCE, INSTRUCTION_SIGNALS } from './harmful-requests.js';
import { HATE_SOURCE, HATE_TERMS } from './hate-harassment.js';
import { LIKENESS_SOURCE, LIKENESS_TERMS } from './likeness.js';
import { MISINFORMATION_SOURCE, MISINFORMATION_TERMS } from './misinformation.js';
import { SELF_HARM_SOURCE, SELF_HARM_TERMS } from './self-harm.js';
import { MINOR_SIGNALS, SEXUAL_MINORS_SOURCE, SEXUAL_MINORS_TERMS } from './sexual-minors.js';
import { SEXUAL_SOURCE, SEXUAL_TERMS } from './sexual.js';
import { VIOLENCE_SOURCE, VIOLENCE_TERMS } from './violence.js';
import { WEAPONS_DRUGS_SOURCE, WEAPONS_DRUGS_TERMS } from './weapons-drugs.js';
import { SHIPPED_SEMANTIC_POLICY } from '../semantic/exemplars.js';

export const LIVE_RULE_SET: RuleSet = {
  name: 'loupe-prompt-policy',
  categories: CATEGORIES,
  terms: [
    ...SEXUAL_TERMS,
    ...SEXUAL_MINORS_TERMS,
    ...VIOLENCE_TERMS,
    ...SELF_HARM_TERMS,
    ...HATE_TERMS,
    ...EXTREMISM_TERMS,
    ...WEAPONS_DRUGS_TERMS,
    ...COPYRIGHT_TERMS,
    ...LIKENESS_TERMS,
    ...MISINFORMATION_TERMS,
    ...HARMFUL_REQUEST_TERMS,
  ],
  signals: [...MINOR_SIGNALS, ...INSTRUCTION_SIGNALS],
  allow: ALLOW_GROUPS,
  combinations: [...COMBINATIONS, ...HARMFUL_REQUEST_COMBINATIONS],
  sources: [
    SEXUAL_SOURCE,
    SEXUAL_MINORS_SOURCE,
    VIOLENCE_SOURCE,
    SELF_HARM_SOURCE,
    HATE_SOURCE,
    EXTREMISM_SOURCE,
    WEAPONS_DRUGS_SOURCE,
    COPYRIGHT_SOURCE,
    LIKENESS_SOURCE,
    MISINFORMATION_SOURCE,
    HARMFUL_REQUESTS_SOURCE,
    ALLOW_SOURCE,
  ],
  semantic: SHIPPED_SEMANTIC_POLICY,
};
