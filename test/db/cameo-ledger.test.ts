/**
 * db/queries/cameo-ledger.ts against PostgreSQL: the projection stays the fold of the events (for
 * the demo seed too), cameos made before their ledger are adopted on their first change, and a
 * change based on a stale version is refused.
 */
import type { Kysely } from 'kysely';
import { appendCameoLedgerChange, CameoLedgerConflict, listCameoLedgerEvents } from '../../db/queries/cameo-ledger';
import type { Database } from '../../db/schema';
import { DEMO_CAMEOS, DEMO_FOLLOWS, demoId, seedDemoPeople } from '../../db/seed/demo-people';
import { foldCameoLedger, InvalidCameoLedger, type CameoLedgerEvent } from '../../policies/consent';
import { connectOwnerDb, connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

class Rollback extends Error {}

/** The cameo's ledger folded, next to what its projection holds. */
async function foldAndProjection(db: Kysely<Database>, cameoId: string) {
  const events = (await listCameoLedgerEvents(db, cameoId)) as unknown as CameoLedgerEvent[];
  const folded = foldCameoLedger(events);
  const cameo = await db.selectFrom('cameos').selectAll().where('id', '=', cameoId).executeTakeFirstOrThrow();
  const grants = (await db.selectFrom('cameo_grants').select('grantee_id').where('cameo_id', '=', cameoId).execute()).map((g) => g.grantee_id).sort();
  const blocks = (await db.selectFrom('cameo_blocks').select('blocked_id').where('cameo_id', '=', cameoId).execute()).map((b) => b.blocked_id).sort();
  return {
    folded: { version: folded.version, accessLevel: folded.accessLevel, kind: folded.kind, restrictions: folded.restrictions, note: folded.restrictionsNote, grants: folded.grants, blocks: folded.blocks, deleted: folded.deleted },
    projection: { version: cameo.ledger_version, accessLevel: cameo.access_level, kind: cameo.kind, restrictions: cameo.restrictions, note: cameo.restrictions_note, grants, blocks, deleted: cameo.deleted_at !== null },
  };
}

it('seeds every demo cameo with a ledger whose fold is its projection, and the follows', async () => {
  await expect(
    ctx.db.transaction().execute(async (trx) => {
      await seedDemoPeople(trx);
      await seedDemoPeople(trx);
      for (const key of Object.keys(DEMO_CAMEOS)) {
        const { folded, projection } = await foldAndProjection(trx, demoId(`cameo:${key}`));
        expect(projection).toEqual(folded);
      }
      const biscuit = await foldAndProjection(trx, demoId('cameo:biscuit'));
      expect(biscuit.folded).toMatchObject({ kind: 'character', accessLevel: 'everyone' });
      expect((await foldAndProjection(trx, demoId('cameo:theo'))).folded.grants).toEqual([demoId('creator:ravi')]);
      expect((await foldAndProjection(trx, demoId('cameo:lenaStage'))).folded.restrictions).toHaveLength(3);
      const follows = await trx.selectFrom('creator_follows').select(['follower_id', 'followee_id'])
        .where('follower_id', 'in', Object.keys({ maya: 1, ravi: 1, theo: 1, lena: 1 }).map((h) => demoId(`creator:${h}`))).execute();
      expect(follows).toHaveLength(DEMO_FOLLOWS.length);
      throw new Rollback();
    }),
  ).rejects.toThrow(Rollback);
});

it('adopts a cameo made before its ledger on its first change, grants included', async () => {
  const owner = await createCreator(ctx.db);
  const grantee = await createCreator(ctx.db);
  const blocked = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'approved', [grantee.id]);
  const state = await appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'person_blocked', payload: { creatorId: blocked.id } }, actorId: owner.id });
  expect(state).toMatchObject({ version: 3, grants: [grantee.id], blocks: [blocked.id] });
  const events = await listCameoLedgerEvents(ctx.db, cameo.id);
  expect(events.map((e) => e.kind)).toEqual(['created', 'grant_added', 'person_blocked']);
  const { folded, projection } = await foldAndProjection(ctx.db, cameo.id);
  expect(projection).toEqual(folded);
});

it('refuses a change based on a stale version, and any change after deletion', async () => {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  await appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'access_level_set', payload: { accessLevel: 'only_me' } }, actorId: owner.id });
  await expect(
    appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'access_level_set', payload: { accessLevel: 'everyone' } }, actorId: owner.id, expectedVersion: 1 }),
  ).rejects.toThrow(CameoLedgerConflict);
  await appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'deleted', payload: {} }, actorId: owner.id, expectedVersion: 2 });
  await expect(
    appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'access_level_set', payload: { accessLevel: 'everyone' } }, actorId: owner.id }),
  ).rejects.toThrow(InvalidCameoLedger);
  const row = await ctx.db.selectFrom('cameos').select(['deleted_at', 'revoked_at', 'ledger_version', 'access_level']).where('id', '=', cameo.id).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ ledger_version: 3, access_level: 'only_me' });
  expect(row.deleted_at).not.toBeNull();
  expect(row.revoked_at).not.toBeNull();
});

it('keeps the ledger append-only: a trigger refuses to change or delete events, for the app and even for the owner', async () => {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  await appendCameoLedgerChange(ctx.db, { cameoId: cameo.id, change: { kind: 'access_level_set', payload: { accessLevel: 'only_me' } }, actorId: owner.id });
  await expect(ctx.db.updateTable('cameo_ledger_events').set({ kind: 'deleted' }).where('cameo_id', '=', cameo.id).execute()).rejects.toThrow(/append-only/);
  await expect(ctx.db.deleteFrom('cameo_ledger_events').where('cameo_id', '=', cameo.id).execute()).rejects.toThrow(/append-only/);
  const tableOwner = connectOwnerDb();
  try {
    await expect(tableOwner.updateTable('cameo_ledger_events').set({ kind: 'deleted' }).where('cameo_id', '=', cameo.id).execute()).rejects.toThrow(/append-only/);
    await expect(tableOwner.deleteFrom('cameo_ledger_events').where('cameo_id', '=', cameo.id).execute()).rejects.toThrow(/append-only/);
  } finally {
    await tableOwner.destroy();
  }
  expect(await listCameoLedgerEvents(ctx.db, cameo.id)).toHaveLength(2);
});
