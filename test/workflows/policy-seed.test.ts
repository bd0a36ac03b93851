/**
 * The demo's registry seed: idempotent, and with it the demo prompts show a blocked living public
 * figure and a character blocked by an approved copyright opt-out. Runs inside a transaction that
 * is rolled back, so the demo names never reach the other tests' registries.
 */
import { compileOverlay, NO_CHANGES, screenWithPolicy } from '../../policies';
import { loadRegistries } from '../../db/queries/policy';
import { demoId, seedDemoPeople } from '../../db/seed/demo-people';
import { seedPolicyRegistries } from '../../db/seed/policy-registries';
import { DEMO_PROMPTS } from '../../scripts/stack/seed-demo';
import { connectTestContext, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

class Rollback extends Error {}

it('seeds registries twice without duplicates, and the demo prompts are blocked for the right reasons', async () => {
  await expect(
    ctx.db.transaction().execute(async (trx) => {
      await seedDemoPeople(trx);
      await seedPolicyRegistries(trx);
      await seedPolicyRegistries(trx);
      const figures = await trx.selectFrom('public_figures').select('name').where('name', 'in', ['Vera Quill', 'Maya Chen', 'Hollis Grant', 'Edna Marlow']).execute();
      expect(figures).toHaveLength(4);
      const optouts = await trx.selectFrom('copyright_optout_requests').select(['name', 'state']).where('id', 'in', [demoId('copyright-optout:captain-comet'), demoId('copyright-optout:blorbo')]).orderBy('name').execute();
      expect(optouts).toEqual([{ name: 'Blorbo the Brave', state: 'pending' }, { name: 'Captain Comet', state: 'approved' }]);

      const { policy } = compileOverlay(NO_CHANGES, await loadRegistries(trx));
      const promptOf = (key: string) => DEMO_PROMPTS.find((d) => d.key === key)!.prompt;
      expect(screenWithPolicy(policy, promptOf('public-figure'))).toMatchObject({ verdict: 'block', categories: ['public_figure'] });
      expect(screenWithPolicy(policy, promptOf('opted-out-character'), { ageBand: 'teen' })).toMatchObject({ verdict: 'block', categories: ['copyright'] });
      expect(screenWithPolicy(policy, 'Maya Chen hosting a cooking show', { cameoIds: [demoId('cameo:maya')] }).verdict).toBe('allow');
      expect(screenWithPolicy(policy, 'Hollis Grant in a western').verdict).toBe('block');
      expect(screenWithPolicy(policy, 'Edna Marlow in a western').verdict).toBe('allow');
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  expect(await ctx.db.selectFrom('public_figures').select('id').where('name', '=', 'Vera Quill').execute()).toEqual([]);
});
