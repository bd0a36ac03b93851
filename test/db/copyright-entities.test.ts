/**
 * The works registry on real PostgreSQL (migration 019, db/queries/copyright-entities.ts): upsert by
 * name case-insensitively with merged aliases, shipped lists never overwriting a holder's entry,
 * keyset pages with filters, promotion of shadow entries, and the stance setting.
 */
import { randomUUID } from 'node:crypto';
import {
  getCopyrightEntity,
  listCopyrightEntities,
  promoteCopyrightEntities,
  readCopyrightStance,
  saveCopyrightStance,
  upsertCopyrightEntity,
  type CopyrightEntityEntry,
} from '../../db/queries/copyright-entities';
import { connectTestContext, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const invented = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

const entry = (name: string, over: Partial<CopyrightEntityEntry> = {}): CopyrightEntityEntry => ({
  name, kind: 'character', aliases: [], owner: 'Testworks Ltd', territories: ['worldwide'], rule: null, conditions: null,
  publicDomain: false, source: 'npm testlist@1.0.0', licence: 'MIT', sourceDate: '2024-05-01', demo: false, enforcement: 'shadow', ...over,
});

it('adds an entity, then updates the same name in another case with merged aliases in two languages', async () => {
  const name = invented('Captain Testcase');
  const id = await upsertCopyrightEntity(ctx.db, entry(name, { aliases: [{ name: 'Capitán Testcase', lang: 'es' }] }));
  const again = await upsertCopyrightEntity(
    ctx.db,
    entry(name.toUpperCase(), { aliases: [{ name: 'キャプテン・テストケース', lang: 'ja' }, { name: 'capitán testcase', lang: 'es' }], rule: 'block', enforcement: 'live', source: 'claim x', licence: 'rights holder request' }),
  );
  expect(again).toBe(id);
  const row = await getCopyrightEntity(ctx.db, id);
  expect(row).toMatchObject({
    rule: 'block', enforcement: 'live', source: 'claim x', source_date: '2024-05-01', territories: ['worldwide'],
    aliases: [{ name: 'Capitán Testcase', lang: 'es' }, { name: 'キャプテン・テストケース', lang: 'ja' }],
  });
  expect(await getCopyrightEntity(ctx.db, randomUUID())).toBeUndefined();
  expect(await getCopyrightEntity(ctx.db, 'not-a-uuid')).toBeUndefined();
});

it('a shipped list does not overwrite an entry a claim or staff wrote', async () => {
  const name = invented('Holder Owned');
  const id = await upsertCopyrightEntity(ctx.db, entry(name, { rule: 'allow', source: 'claim 1', enforcement: 'live' }));
  await upsertCopyrightEntity(ctx.db, entry(name, { rule: null, source: 'npm testlist@1.0.0' }), { onlyOverwriteSource: 'npm ' });
  expect(await getCopyrightEntity(ctx.db, id)).toMatchObject({ rule: 'allow', source: 'claim 1', enforcement: 'live' });
});

it('pages by name with search over aliases and filters, and promotes shadow entries', async () => {
  const tag = randomUUID().slice(0, 8);
  const ids: string[] = [];
  for (const n of ['Alpha', 'Bravo', 'Charlie']) ids.push(await upsertCopyrightEntity(ctx.db, entry(`Pager ${n} ${tag}`, { source: `import ${tag}.csv` })));
  await upsertCopyrightEntity(ctx.db, entry(`Other ${tag}`, { aliases: [{ name: `Pager Delta ${tag}`, lang: 'en' }], kind: 'brand', source: `import ${tag}.csv` }));
  const first = await listCopyrightEntities(ctx.db, { search: `pager`, source: `import ${tag}` }, { after: null, limit: 2 });
  expect(first.rows.map((r) => r.name)).toEqual([`Other ${tag}`, `Pager Alpha ${tag}`]);
  const second = await listCopyrightEntities(ctx.db, { search: 'pager', source: `import ${tag}` }, { after: first.next, limit: 2 });
  expect(second.rows.map((r) => r.name)).toEqual([`Pager Bravo ${tag}`, `Pager Charlie ${tag}`]);
  expect(second.next).toBeNull();
  const brands = await listCopyrightEntities(ctx.db, { kind: 'brand', source: `import ${tag}` }, { after: null, limit: 50 });
  expect(brands.rows.map((r) => r.name)).toEqual([`Other ${tag}`]);

  expect(await promoteCopyrightEntities(ctx.db, { ids: [ids[0]!] })).toEqual([ids[0]]);
  const live = await listCopyrightEntities(ctx.db, { enforcement: 'live', source: `import ${tag}` }, { after: null, limit: 50 });
  expect(live.rows.map((r) => r.id)).toEqual([ids[0]]);
  expect((await promoteCopyrightEntities(ctx.db, { source: `import ${tag}` })).length).toBe(3);
});

it('the stance is opt_in until an admin stores another, and an unreadable value reads as opt_in', async () => {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('app_meta').where('key', '=', 'copyright_stance').execute();
    expect(await readCopyrightStance(trx)).toBe('opt_in');
    await saveCopyrightStance(trx, 'opt_out');
    expect(await readCopyrightStance(trx)).toBe('opt_out');
    await trx.updateTable('app_meta').set({ value: JSON.stringify('whatever') }).where('key', '=', 'copyright_stance').execute();
    expect(await readCopyrightStance(trx)).toBe('opt_in');
    // Leave the shared database as other files expect it (the default).
    await trx.deleteFrom('app_meta').where('key', '=', 'copyright_stance').execute();
  });
});
