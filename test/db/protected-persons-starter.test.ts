/**
 * The shipped starter list: it validates as any import does, names every UN member state in some
 * entry's role, gives only well-formed unique ids, and loads idempotently without overwriting what
 * staff wrote. The database part runs in a transaction that is rolled back, so these real names
 * never reach the other tests' registries.
 */
import { readFileSync } from 'node:fs';
import { loadRegistries } from '../../db/queries/policy';
import { applyStarterList, seedStarterList, STARTER_LIST_DATE, STARTER_LIST_SOURCE, STARTER_PROTECTED_PERSONS, starterPublicFigures } from '../../db/seed/protected-persons';
import { compileOverlay, NO_CHANGES, screenWithPolicy } from '../../policies';
import { connectTestContext, type TestContext } from '../support/fixtures';

/** The 193 member states of the United Nations (un.org, "Member States"), in the short names the starter list's roles use. */
const UN_MEMBER_STATES = [
  'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Antigua and Barbuda', 'Argentina', 'Armenia', 'Australia', 'Austria',
  'Azerbaijan', 'Bahamas', 'Bahrain', 'Bangladesh', 'Barbados', 'Belarus', 'Belgium', 'Belize', 'Benin', 'Bhutan',
  'Bolivia', 'Bosnia and Herzegovina', 'Botswana', 'Brazil', 'Brunei', 'Bulgaria', 'Burkina Faso', 'Burundi', 'Cabo Verde', 'Cambodia',
  'Cameroon', 'Canada', 'Central African Republic', 'Chad', 'Chile', 'China', 'Colombia', 'Comoros', 'Republic of the Congo', 'Costa Rica',
  "Côte d'Ivoire", 'Croatia', 'Cuba', 'Cyprus', 'Czechia', 'North Korea', 'Democratic Republic of the Congo', 'Denmark', 'Djibouti', 'Dominica',
  'Dominican Republic', 'Ecuador', 'Egypt', 'El Salvador', 'Equatorial Guinea', 'Eritrea', 'Estonia', 'Eswatini', 'Ethiopia', 'Fiji',
  'Finland', 'France', 'Gabon', 'Gambia', 'Georgia', 'Germany', 'Ghana', 'Greece', 'Grenada', 'Guatemala',
  'Guinea', 'Guinea-Bissau', 'Guyana', 'Haiti', 'Honduras', 'Hungary', 'Iceland', 'India', 'Indonesia', 'Iran',
  'Iraq', 'Ireland', 'Israel', 'Italy', 'Jamaica', 'Japan', 'Jordan', 'Kazakhstan', 'Kenya', 'Kiribati',
  'Kuwait', 'Kyrgyzstan', 'Laos', 'Latvia', 'Lebanon', 'Lesotho', 'Liberia', 'Libya', 'Liechtenstein', 'Lithuania',
  'Luxembourg', 'Madagascar', 'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands', 'Mauritania', 'Mauritius',
  'Mexico', 'Federated States of Micronesia', 'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar', 'Namibia', 'Nauru',
  'Nepal', 'Netherlands', 'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Macedonia', 'Norway', 'Oman', 'Pakistan',
  'Palau', 'Panama', 'Papua New Guinea', 'Paraguay', 'Peru', 'Philippines', 'Poland', 'Portugal', 'Qatar', 'South Korea',
  'Moldova', 'Romania', 'Russia', 'Rwanda', 'Saint Kitts and Nevis', 'Saint Lucia', 'Saint Vincent and the Grenadines', 'Samoa', 'San Marino', 'Sao Tome and Principe',
  'Saudi Arabia', 'Senegal', 'Serbia', 'Seychelles', 'Sierra Leone', 'Singapore', 'Slovakia', 'Slovenia', 'Solomon Islands', 'Somalia',
  'South Africa', 'South Sudan', 'Spain', 'Sri Lanka', 'Sudan', 'Suriname', 'Sweden', 'Switzerland', 'Syria', 'Tajikistan',
  'Thailand', 'Timor-Leste', 'Togo', 'Tonga', 'Trinidad and Tobago', 'Tunisia', 'Türkiye', 'Turkmenistan', 'Tuvalu', 'Uganda',
  'Ukraine', 'United Arab Emirates', 'United Kingdom', 'Tanzania', 'United States', 'Uruguay', 'Uzbekistan', 'Vanuatu', 'Venezuela', 'Vietnam',
  'Yemen', 'Zambia', 'Zimbabwe',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "President of Niger" names Niger, "President of Nigeria" does not; "of the Gambia" names Gambia. */
const namesState = (role: string, state: string) => new RegExp(`\\bof (the )?${escape(state)}(?![\\p{L}-])`, 'u').test(role);

describe('the starter list file', () => {
  it('lists 193 distinct member states in the test itself', () => {
    expect(new Set(UN_MEMBER_STATES).size).toBe(193);
  });

  it('validates, and every UN member state has at least one living entry whose role names it', () => {
    const living = STARTER_PROTECTED_PERSONS.filter((entry) => entry.living);
    const missing = UN_MEMBER_STATES.filter((state) => !living.some((entry) => entry.role && namesState(entry.role, state)));
    expect(missing).toEqual([]);
  });

  it('gives Wikidata ids only as Q-numbers, never twice, and names in several scripts', () => {
    const ids = STARTER_PROTECTED_PERSONS.flatMap((entry) => (entry.externalId ? [entry.externalId] : []));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    const aliases = STARTER_PROTECTED_PERSONS.flatMap((entry) => entry.aliases);
    for (const script of ['Cyrillic', 'Han', 'Arabic', 'Hangul', 'Devanagari', 'Hebrew', 'Greek', 'Thai']) {
      expect(aliases.some((alias) => new RegExp(`\\p{Script=${script}}`, 'u').test(alias)), script).toBe(true);
    }
    expect(STARTER_PROTECTED_PERSONS.find((entry) => entry.name === 'Joko Widodo')?.aliases).toContain('Jokowi');
    expect(STARTER_PROTECTED_PERSONS.find((entry) => entry.name === 'Vladimir Putin')?.aliases).toContain('Владимир Путин');
  });

  it('keeps every estate opt-out on a deceased person, and the README states the list date', () => {
    const estates = STARTER_PROTECTED_PERSONS.filter((entry) => entry.estateOptedOut);
    expect(estates.every((entry) => !entry.living && entry.diedOn)).toBe(true);
    const readme = readFileSync(new URL('../../db/seed/protected-persons/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`Date: ${STARTER_LIST_DATE}`);
  });

  it('blocks real people by name, alias and script with no database, and leaves everyday names and places alone', () => {
    const { policy } = compileOverlay(NO_CHANGES, { publicFigures: starterPublicFigures() });
    expect(screenWithPolicy(policy, 'Donald Trump eating a burger').verdict).toBe('block');
    expect(screenWithPolicy(policy, 'Jokowi riding a motorbike in Solo').verdict).toBe('block');
    expect(screenWithPolicy(policy, 'Владимир Путин на рыбалке').verdict).toBe('block');
    expect(screenWithPolicy(policy, 'Taylor Swift singing in the rain').verdict).toBe('block');
    expect(screenWithPolicy(policy, 'a girl named Lisa walking her dog through Lincoln Park').verdict).toBe('allow');
  });
});

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

class Rollback extends Error {}

it('loads into the registry twice without changes the second time, and keeps an entry staff edited', async () => {
  await expect(
    ctx.db.transaction().execute(async (trx) => {
      const first = await applyStarterList(trx);
      expect(first.refused).toEqual([]);
      expect(first.added + first.unchanged + first.updated + first.kept).toBe(STARTER_PROTECTED_PERSONS.length);
      expect(first.added).toBeGreaterThan(0);

      const second = await applyStarterList(trx);
      expect(second).toEqual({ added: 0, updated: 0, unchanged: first.added + first.updated + first.unchanged, kept: first.kept, refused: [] });

      // Staff edit one entry in the console: the starter list never overwrites it again.
      await trx.updateTable('public_figures').set({ role: 'edited by staff', source: 'console' }).where('name', '=', 'Joko Widodo').execute();
      const third = await applyStarterList(trx);
      expect(third.kept).toBe(first.kept + 1);
      const jokowi = await trx.selectFrom('public_figures').select(['role', 'source', 'living']).where('name', '=', 'Joko Widodo').executeTakeFirstOrThrow();
      expect(jokowi).toEqual({ role: 'edited by staff', source: 'console', living: true });
      const trump = await trx.selectFrom('public_figures').select(['external_id', 'source']).where('name', '=', 'Donald Trump').executeTakeFirstOrThrow();
      expect(trump).toEqual({ external_id: 'Q22686', source: STARTER_LIST_SOURCE });

      const { policy } = compileOverlay(NO_CHANGES, await loadRegistries(trx));
      expect(screenWithPolicy(policy, 'Prabowo giving a speech, news style').verdict).toBe('block');

      // At start-up it runs once per list date: the second start finds the marker.
      const started = await seedStarterList(trx);
      expect(started).toMatchObject({ added: 0, updated: 0, refused: [] });
      expect(await seedStarterList(trx)).toBe('already loaded');
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
});
