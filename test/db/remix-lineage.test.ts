/**
 * The remix lineage walk (db/queries/remix-lineage.ts) on seeded chains of draft videos (kept out
 * of the feed): parent first to the original, stopped at the cap with `end: 'cap'`, and stopped at
 * the first repeated video with `end: 'cycle'`, each video listed once.
 */
import { LINEAGE_MAX_DEPTH, remixLineage } from '../../db/queries/remix-lineage';
import { seedUse, type SeededUse } from '../support/likeness-uses';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** A chain of `length` drafts, the original first; each a remix of the one before. */
async function seedChain(length: number): Promise<SeededUse[]> {
  const creator = await createCreator(ctx.db);
  const chain: SeededUse[] = [];
  for (let i = 0; i < length; i += 1) {
    chain.push(await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'draft', ...(i > 0 ? { remixOf: chain[i - 1]! } : {}) }));
  }
  return chain;
}

it('walks from the parent to the original, with each step\u2019s creator, prompt, status and remix switch', async () => {
  const [original, child, grandchild, remix] = await seedChain(4);
  await ctx.db.updateTable('videos').set({ remix_allowed: false }).where('id', '=', child!.videoId).execute();
  const handle = (await ctx.db.selectFrom('creators').select('handle').where('id', '=', original!.creatorId).executeTakeFirstOrThrow()).handle;

  const lineage = await remixLineage(ctx.db, grandchild!.videoId, remix!.videoId);
  expect(lineage.end).toBe('original');
  expect(lineage.ancestors).toEqual([
    { id: grandchild!.videoId, requestId: grandchild!.requestId, depth: 1, handle, prompt: 'seeded use', status: 'draft', remixAllowed: true },
    { id: child!.videoId, requestId: child!.requestId, depth: 2, handle, prompt: 'seeded use', status: 'draft', remixAllowed: false },
    { id: original!.videoId, requestId: original!.requestId, depth: 3, handle, prompt: 'seeded use', status: 'draft', remixAllowed: true },
  ]);
  expect(await remixLineage(ctx.db, null)).toEqual({ ancestors: [], end: 'original' });
});

it('stops at the cap, and a chain exactly as long as the cap still ends at its original', async () => {
  const chain = await seedChain(LINEAGE_MAX_DEPTH + 3);
  const long = await remixLineage(ctx.db, chain.at(-2)!.videoId, chain.at(-1)!.videoId);
  expect(long.end).toBe('cap');
  expect(long.ancestors).toHaveLength(LINEAGE_MAX_DEPTH);
  expect(long.ancestors[0]!.id).toBe(chain.at(-2)!.videoId);

  const exact = await remixLineage(ctx.db, chain[LINEAGE_MAX_DEPTH - 1]!.videoId, chain[LINEAGE_MAX_DEPTH]!.videoId);
  expect(exact).toMatchObject({ end: 'original' });
  expect(exact.ancestors.map((step) => step.id)).toEqual(chain.slice(0, LINEAGE_MAX_DEPTH).map((use) => use.videoId).reverse());
});

it('stops at a loop in bad data, listing every video once', async () => {
  const [a, b, c] = await seedChain(3);
  // a remixes c: c -> b -> a -> c ... (the foreign key cannot refuse this).
  await ctx.db.updateTable('videos').set({ remix_of_video_id: c!.videoId }).where('id', '=', a!.videoId).execute();
  const fromC = await remixLineage(ctx.db, b!.videoId, c!.videoId);
  expect(fromC).toMatchObject({ end: 'cycle' });
  expect(fromC.ancestors.map((step) => step.id)).toEqual([b!.videoId, a!.videoId]);

  // Entering the loop from outside (no video of its own yet, as a request in prompt review).
  const outside = await remixLineage(ctx.db, c!.videoId);
  expect(outside.end).toBe('cycle');
  expect(outside.ancestors.map((step) => step.id)).toEqual([c!.videoId, b!.videoId, a!.videoId]);

  // A video that names itself as its parent.
  const [self] = await seedChain(1);
  await ctx.db.updateTable('videos').set({ remix_of_video_id: self!.videoId }).where('id', '=', self!.videoId).execute();
  expect(await remixLineage(ctx.db, self!.videoId)).toMatchObject({ end: 'cycle', ancestors: [{ id: self!.videoId }] });
});
