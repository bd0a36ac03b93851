/**
 * The works registry as the prompt policy sees it (issue 13): entities become registry entries
 * whose action is decided once, from the holder's rule and the deployment's stance, through
 * `copyrightActionFor`; names that are also everyday words need a context word of their franchise.
 * Pure: the database rows and word lists come in, policy data goes out.
 */
import type { CopyrightedWorkEntry, PolicyRegistries } from '../prompt/types.js';
import { copyrightActionFor, type CopyrightRule, type CopyrightStance } from './types.js';

/** What the policy needs of one `copyright_entities` row (db/queries/copyright-entities.ts `loadCopyrightRegistry`). */
export interface CopyrightRegistryRow {
  name: string;
  aliases: readonly { name: string; lang: string }[];
  owner: string | null;
  rule: CopyrightRule | null;
  conditions: string | null;
  public_domain: boolean;
  enforcement: 'shadow' | 'live';
  ambiguous: boolean;
  context_terms: readonly string[];
}

/**
 * The registry entries of the prompt policy, one per entity, with the stance recorded so that it is
 * part of the policy version. Territories are not used here: a prompt carries no territory, so an
 * entity's rule applies wherever Loupe serves (docs/copyright.md, "Works registry").
 */
export function copyrightRegistries(rows: readonly CopyrightRegistryRow[], stance: CopyrightStance): Pick<PolicyRegistries, 'copyrightedWorks' | 'copyrightStance'> {
  const works = rows.map((row): CopyrightedWorkEntry => {
    const action = copyrightActionFor(stance, { rule: row.rule, conditions: row.conditions, publicDomain: row.public_domain });
    return {
      name: row.name,
      ...(row.aliases.length > 0 ? { aliases: row.aliases.map((a) => a.name) } : {}),
      ...(row.owner ? { owner: row.owner } : {}),
      action,
      rule: row.rule,
      ...(row.conditions ? { conditions: row.conditions } : {}),
      ...(row.enforcement === 'shadow' ? { enforcement: 'shadow' as const } : {}),
      ...(row.ambiguous && row.context_terms.length > 0 ? { contextTerms: [...row.context_terms] } : {}),
    };
  });
  return { ...(works.length > 0 ? { copyrightedWorks: works } : {}), copyrightStance: stance };
}

/**
 * Context words of the seeded franchises: an everyday-word name ("Storm", "Gloom", "Blade") acts
 * only when the prompt also has one of its list's words. Written for Loupe from the franchises'
 * own vocabulary; the words are generic enough not to be characters themselves.
 */
export const FRANCHISE_CONTEXT_TERMS = {
  comics: ['marvel', 'dc comics', 'superhero', 'superheroes', 'super hero', 'supervillain', 'super villain', 'comic book', 'avengers', 'x-men', 'justice league', 'mcu'],
  pokemon: ['pokemon', 'pokémon', 'pokeball', 'poke ball', 'poké ball', 'pokedex', 'pikachu'],
  starWars: ['star wars', 'jedi', 'sith', 'lightsaber', 'galactic empire', 'mandalorian', 'death star'],
} as const;

/** Word lists `isEverydayName` decides with (lower case). */
export interface EverydayWords {
  /** Words common enough that a name of several of them is an everyday phrase ("Black Widow"): e.g. SCOWL size 35. */
  phraseWords: ReadonlySet<string>;
  /** Any English word, rare ones included: a one-word name that is one ("Tsunami", "Hitman") is everyday; e.g. SCOWL up to size 70. */
  singleWords: ReadonlySet<string>;
  /** Given names ("Gwen", "Abra"): a name made of them reads as a person's name, not a character's. */
  givenNames: ReadonlySet<string>;
}

/**
 * Whether a name is an everyday word or phrase, so that it should act only beside a context word:
 * a one-word name that is any English word or a given name ("Storm", "Tsunami", "Abra"), or a name
 * of several words each a common word or given name ("Black Widow", "General Grievous", "Gwen
 * Stacy"); "Pikachu", "Darth Vader" and "Spider-Man"'s "spider man" are judged by the same rule
 * (the curated list decides its own names). Words are compared in lower case without apostrophes,
 * dots and other non-letters; numbers count as everyday; a name with no letters is everyday.
 */
export function isEverydayName(name: string, lists: EverydayWords): boolean {
  const words = name
    .toLowerCase()
    .split(/[\s\-_:/,]+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w !== '');
  if (words.length === 1) return lists.singleWords.has(words[0]!) || lists.givenNames.has(words[0]!) || /^\d+$/.test(words[0]!);
  return words.every((w) => lists.phraseWords.has(w) || lists.givenNames.has(w) || /^\d+$/.test(w));
}
