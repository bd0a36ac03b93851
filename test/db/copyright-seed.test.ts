/**
 * The works registry's shipped lists (db/seed/copyright-works.ts) loaded into real PostgreSQL from
 * the installed npm packages: well-known works and the Pokémon and Star Wars lists live, the comics
 * lists in shadow, everyday-word names waiting for a context word, aliases in several languages,
 * source/licence/date on every row, a holder's entry kept, and the screening that follows under
 * opt_in. Everything runs in a transaction that is rolled back.
 */
import { sql } from 'kysely';
import { loadRegistries } from '../../db/queries/policy';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { applyShippedCopyrightEntries, CURATED_SOURCE, seedCopyrightWorks } from '../../db/seed/copyright-works';
import { compileOverlay, NO_CHANGES, screenWithPolicy } from '../../policies/index.js';
import { connectTestContext, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

class Rollback extends Error {}

it('seeds the shipped lists with their sources, keeps a holder entry, and screens with them under opt_in', { timeout: 120_000 }, async () => {
  await expect(
    ctx.db.transaction().execute(async (trx) => {
      // A rights holder's claim registered Pikachu as allowed before the lists loaded: it stays theirs.
      await upsertCopyrightEntity(trx, {
        name: 'Pikachu', kind: 'character', aliases: [], owner: 'The Pokémon Company', territories: ['worldwide'], rule: 'allow', conditions: null,
        publicDomain: false, source: 'claim test', licence: 'rights holder request', sourceDate: '2026-11-01', demo: false, enforcement: 'live',
      });
      await trx.deleteFrom('app_meta').where('key', 'like', 'copyright_works_seed_%').execute();
      const report = await seedCopyrightWorks(trx);
      expect(report).not.toBe('already loaded');
      expect(await seedCopyrightWorks(trx)).toBe('already loaded');

      const bySource = await trx
        .selectFrom('copyright_entities')
        .select(['source', 'enforcement', sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE ambiguous)`.as('ambiguous')])
        .where((eb) => eb.or([eb('source', 'like', 'npm %'), eb('source', '=', CURATED_SOURCE)]))
        .groupBy(['source', 'enforcement'])
        .orderBy('source')
        .execute();
      const counts = Object.fromEntries(bySource.map((r) => [`${r.source}:${r.enforcement}`, Number(r.n)]));
      expect(counts[`${CURATED_SOURCE}:live`]).toBeGreaterThan(100);
      expect(counts['npm pokemon@3.3.1:live']).toBeGreaterThan(1000);
      expect(counts['npm starwars-names@1.6.0:live']).toBeGreaterThan(80);
      expect(counts['npm superheroes@4.0.0:shadow']).toBeGreaterThan(1500);
      expect(counts['npm supervillains@4.0.0:shadow']).toBeGreaterThan(400);

      const one = (name: string) =>
        trx.selectFrom('copyright_entities').select(['name', 'source', 'licence', 'rule', 'ambiguous', 'context_terms', 'aliases', 'enforcement', sql<string>`to_char(source_date, 'YYYY-MM-DD')`.as('date')])
          .where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirstOrThrow();
      expect(await one('Pikachu')).toMatchObject({ source: 'claim test', rule: 'allow' });
      expect(await one('Charizard')).toMatchObject({
        source: 'npm pokemon@3.3.1', licence: 'MIT (package licence file)', date: '2026-07-22', ambiguous: false, enforcement: 'live',
        aliases: expect.arrayContaining([{ name: 'リザードン', lang: 'ja' }, { name: 'Glurak', lang: 'de' }]),
      });
      expect(await one('Abra')).toMatchObject({ ambiguous: true, context_terms: expect.arrayContaining(['pokemon']) });
      expect(await one('Storm')).toMatchObject({ ambiguous: true, enforcement: 'shadow' });

      const { policy } = compileOverlay(NO_CHANGES, await loadRegistries(trx));
      expect(screenWithPolicy(policy, 'Charizard breathing fire over a volcano').verdict).toBe('block');
      expect(screenWithPolicy(policy, 'Glurak über einem Vulkan').verdict).toBe('block');
      expect(screenWithPolicy(policy, 'Pikachu eating noodles').verdict).toBe('allow');
      expect(screenWithPolicy(policy, 'Darth Vader dancing in a nightclub').verdict).toBe('block');
      expect(screenWithPolicy(policy, 'an abra cadabra magic trick at a birthday party').verdict).toBe('allow');
      expect(screenWithPolicy(policy, 'a pokemon trainer throwing a ball at an Abra').verdict).toBe('block');
      expect(screenWithPolicy(policy, 'a storm over the sea').verdict).toBe('allow');

      // Loading again changes nothing and keeps the holder's row.
      await applyShippedCopyrightEntries(trx);
      expect(await one('Pikachu')).toMatchObject({ source: 'claim test' });
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
});
