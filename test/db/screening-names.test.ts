/**
 * The names prompt screening reads from the cameo tables: the request's cameos by display name,
 * the characters whose names the prompt contains (case-insensitive, deleted ones left out), and
 * the batch version the backtest uses giving exactly the single version's answer per prompt.
 */
import { randomInt } from 'node:crypto';
import { loadScreeningNames, loadScreeningNamesForMany } from '../../db/queries/screening-names';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const invented = (prefix: string) => `${prefix} ${Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

it('finds the request\'s cameos and the characters a prompt names, in one query or in a batch', async () => {
  const owner = await createCreator(ctx.db);
  const person = await createCameo(ctx.db, owner.id, 'everyone');
  const personName = invented('Sarah');
  await ctx.db.updateTable('cameos').set({ display_name: personName }).where('id', '=', person.id).execute();
  const characterName = invented('Sir Wobbles');
  const deletedName = invented('Lady Gone');
  // A short name inside other words ("Lu" in "blue") is not the character: names match as words.
  const shortName = `Q${Array.from({ length: 2 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;
  for (const [name, deleted] of [[characterName, false], [deletedName, true], [shortName, false]] as const) {
    const c = await createCameo(ctx.db, owner.id, 'everyone');
    await ctx.db.updateTable('cameos').set({ display_name: name, kind: 'character', deleted_at: deleted ? new Date() : null }).where('id', '=', c.id).execute();
  }

  const items = [
    { prompt: `${personName} and ${characterName.toUpperCase()} in the garden, with ${deletedName}`, cameoIds: [person.id] },
    { prompt: `a quiet lake at dawn, ${shortName.toLowerCase()}zz and zz${shortName.toLowerCase()}`, cameoIds: [] },
    { prompt: `just ${characterName}`, cameoIds: [] },
    { prompt: `${shortName}, waving!`, cameoIds: [] },
  ];
  const single = await Promise.all(items.map((item) => loadScreeningNames(ctx.db, item.prompt, item.cameoIds)));
  expect(single[0]).toEqual({ cameoNames: [personName], characterNames: [characterName] });
  expect(single[1]).toEqual({ cameoNames: [], characterNames: [] });
  expect(single[2]).toEqual({ cameoNames: [], characterNames: [characterName] });
  expect(single[3]).toEqual({ cameoNames: [], characterNames: [shortName] });
  expect(await loadScreeningNamesForMany(ctx.db, items)).toEqual(single);
  expect(await loadScreeningNamesForMany(ctx.db, [])).toEqual([]);
});
