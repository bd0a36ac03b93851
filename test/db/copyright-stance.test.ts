/**
 * Switching the copyright stance (app/services/copyright-works.server.ts `setStance`): stored, audited
 * with before and after, a no-op when unchanged, and a new policy version for the same registry. Run
 * inside a transaction that is rolled back, so other test files sharing the database keep the
 * default stance (opt_in).
 */
import type { Kysely } from 'kysely';
import { readCopyrightStance } from '../../db/queries/copyright-entities';
import { loadRegistries } from '../../db/queries/policy';
import type { Database } from '../../db/schema';
import { compileOverlay, NO_CHANGES } from '../../policies/index.js';
import { setStance } from '../../app/services/copyright-works.server';
import { connectTestContext, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

class Rollback extends Error {}

it('an admin switches to opt_out and back: stored, audited each time, a new policy version; the same stance again is a no-op', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  await expect(
    ctx.db.transaction().execute(async (trx) => {
      // The service opens its own transaction; here it joins this one, which is rolled back at the end.
      const joined = { transaction: () => ({ execute: <T>(work: (t: typeof trx) => Promise<T>) => work(trx) }) } as unknown as Kysely<Database>;
      const before = compileOverlay(NO_CHANGES, await loadRegistries(trx)).policy.version;
      expect(await setStance(joined, admin, 'opt_out')).toEqual({ stance: 'opt_out', changed: true });
      expect(await readCopyrightStance(trx)).toBe('opt_out');
      expect(compileOverlay(NO_CHANGES, await loadRegistries(trx)).policy.version).not.toBe(before);
      expect(await setStance(joined, admin, 'opt_out')).toEqual({ stance: 'opt_out', changed: false });
      expect(await setStance(joined, admin, 'opt_in')).toEqual({ stance: 'opt_in', changed: true });
      const audit = await trx.selectFrom('audit_log').select(['action', 'actor_label', 'before', 'after']).where('action', '=', 'copyright.stance.set').where('actor_label', '=', admin.email).orderBy('id').execute();
      expect(audit).toEqual([
        { action: 'copyright.stance.set', actor_label: admin.email, before: { stance: 'opt_in' }, after: { stance: 'opt_out' } },
        { action: 'copyright.stance.set', actor_label: admin.email, before: { stance: 'opt_out' }, after: { stance: 'opt_in' } },
      ]);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
});
