/**
 * upsertProtectedPerson on real PostgreSQL: matching by Wikidata id then by name, merged aliases,
 * unchanged rows left alone, staff edits kept from the starter list, refusals before any write.
 */
import { randomUUID } from 'node:crypto';
import { PublicFigureRefused, upsertProtectedPerson } from '../../db/queries/policy-registries';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** A unique invented name and a unique valid Wikidata-style id, so runs never meet each other's rows. */
const invented = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;
const qid = () => `Q${900_000_000 + Math.floor(Math.random() * 99_999_999)}`;

const row = (id: string) =>
  ctx.db
    .selectFrom('public_figures')
    .select(['name', 'aliases', 'living', 'external_id', 'role', 'source', 'estate_opted_out'])
    .select((eb) => [eb.fn<string>('to_char', ['born_on', eb.val('YYYY-MM-DD')]).as('born'), eb.fn<string>('to_char', ['died_on', eb.val('YYYY-MM-DD')]).as('died')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

it('adds, finds unchanged, updates by Wikidata id (a new label), and merges aliases', async () => {
  const id = qid();
  const name = invented('Ada Testperson');
  const added = await upsertProtectedPerson(ctx.db, { externalId: id, name, aliases: ['Ада Тестперсон'], living: true, bornOn: '1961-08-04', role: 'head of state of Testland' }, { label: 'starter list 2025-06', date: '2025-06-01' });
  expect(added.outcome).toBe('added');
  const again = await upsertProtectedPerson(ctx.db, { externalId: id, name, aliases: ['Ада Тестперсон'], living: true, bornOn: '1961-08-04', role: 'head of state of Testland' }, { label: 'starter list 2025-06' });
  expect(again).toEqual({ outcome: 'unchanged', id: added.id });
  const renamed = `${name} Jr`;
  const updated = await upsertProtectedPerson(ctx.db, { externalId: id, name: renamed, aliases: ['A. Testperson', 'ада тестперсон'], living: true }, { label: 'import list.csv by a@loupe.test' });
  expect(updated).toEqual({ outcome: 'updated', id: added.id });
  expect(await row(added.id)).toMatchObject({
    name: renamed, aliases: ['Ада Тестперсон', 'A. Testperson'], living: true, external_id: id, role: 'head of state of Testland',
    source: 'import list.csv by a@loupe.test', born: '1961-08-04', died: null,
  });
});

it('matches by name without an id, records a death with an estate opt-out, and keeps staff edits from the starter list', async () => {
  const name = invented('Bea Testperson');
  const added = await upsertProtectedPerson(ctx.db, { name, aliases: [], living: true }, { label: 'console' });
  const kept = await upsertProtectedPerson(ctx.db, { name, aliases: ['Bea'], living: false }, { label: 'starter list 2025-06' }, { onlyOverwriteSource: 'starter list' });
  expect(kept).toEqual({ outcome: 'kept', id: added.id });
  expect(await row(added.id)).toMatchObject({ living: true, aliases: [] });
  const died = await upsertProtectedPerson(ctx.db, { name, aliases: [], living: true, diedOn: '2024-01-02', estateOptedOut: true }, { label: 'complaint 123' });
  expect(died.outcome).toBe('updated');
  expect(await row(added.id)).toMatchObject({ living: false, died: '2024-01-02', estate_opted_out: true, source: 'complaint 123' });
});

it('refuses a name registered under another Wikidata id, and a death for someone opted in with a cameo, writing nothing', async () => {
  const name = invented('Cy Testperson');
  const first = qid();
  await upsertProtectedPerson(ctx.db, { externalId: first, name, aliases: [], living: true }, { label: 'console' });
  await expect(upsertProtectedPerson(ctx.db, { externalId: qid(), name, aliases: [], living: true }, { label: 'console' })).rejects.toMatchObject({
    reason: 'external_id_conflict',
    message: expect.stringContaining(`already in the registry as ${first}`),
  });

  const creator = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, creator.id, 'everyone');
  const optedInName = invented('Di Testperson');
  const optedIn = await ctx.db.insertInto('public_figures').values({ name: optedInName, living: true, opted_in: true, cameo_id: cameo.id }).returning('id').executeTakeFirstOrThrow();
  const refusal = await upsertProtectedPerson(ctx.db, { name: optedInName, aliases: [], living: false }, { label: 'console' }).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(PublicFigureRefused);
  expect(refusal).toMatchObject({ reason: 'opted_in_not_living' });
  expect(await row(optedIn.id)).toMatchObject({ living: true });
});
