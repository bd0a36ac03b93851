/**
 * The owner-side services of the consent ledger, as the app API calls them: refusals a person can
 * act on (someone else's cameo is not found, no self-grants or self-blocks, a deleted cameo stays
 * deleted), restrictions validated at the boundary, follows, and revocation: deleting a cameo ends
 * every use through a likeness takedown.
 */
import { z } from 'zod';
import {
  addGrant, blockPerson, createCameo, createCameoInput, deleteCameo, getCameoLedger, listOwnCameos, setRestrictions, unblockPerson, withdrawGrant,
} from '../../app/services/cameos.server';
import { follow, listFollows, unfollow } from '../../app/services/follows.server';
import { listLikenessUses } from '../../app/services/likeness-uses.server';
import { ServiceRefusal } from '../../app/services/refusal';
import { likenessTakedownWorkflowId } from '../../contracts';
import { InvalidCursor } from '../../db/queries/keyset-cursor';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';
import { seedUse } from '../support/likeness-uses';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** The refusal's code and sentence, or a failure when the call did not refuse. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServiceRefusal) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

it('refuses with sentences a person can act on', async () => {
  const [owner, other] = [await createCreator(ctx.db), await createCreator(ctx.db)];
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Kai', accessLevel: 'approved' });

  expect(await refusal(addGrant(ctx, other.id, { cameoId: cameo.cameoId, granteeId: other.id }))).toEqual({ code: 'NOT_FOUND', message: 'You have no cameo with that id.' });
  expect(await refusal(getCameoLedger(ctx, other.id, { cameoId: cameo.cameoId }))).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refusal(addGrant(ctx, owner.id, { cameoId: cameo.cameoId, granteeId: owner.id }))).toMatchObject({ code: 'BAD_REQUEST', message: /need no grant/ });
  expect(await refusal(blockPerson(ctx, owner.id, { cameoId: cameo.cameoId, personId: owner.id }))).toMatchObject({ code: 'BAD_REQUEST' });
  expect(await refusal(withdrawGrant(ctx, owner.id, { cameoId: cameo.cameoId, granteeId: other.id }))).toMatchObject({ code: 'NOT_FOUND', message: /no grant/ });
  expect(await refusal(unblockPerson(ctx, owner.id, { cameoId: cameo.cameoId, personId: other.id }))).toMatchObject({ code: 'NOT_FOUND', message: /not blocked/ });
  expect(await refusal(createCameo(ctx, '00000000-0000-4000-a000-000000000000', { displayName: 'Nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refusal(follow(ctx, owner.id, { followeeId: owner.id }))).toMatchObject({ code: 'BAD_REQUEST' });
  expect(await refusal(unfollow(ctx, owner.id, { followeeId: other.id }))).toMatchObject({ code: 'NOT_FOUND' });
  await expect(listLikenessUses(ctx, owner.id, { cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursor);
});

it('validates restrictions at the boundary and keeps the owner\u2019s note apart from the rules', async () => {
  expect(() => createCameoInput.parse({ displayName: 'X', restrictions: [{ kind: 'no_topic', topic: 'knitting' }] })).toThrow(z.ZodError);
  expect(() => createCameoInput.parse({ displayName: 'X', restrictions: [{ kind: 'banned_words', words: [] }] })).toThrow(z.ZodError);
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Lu', kind: 'character', accessLevel: 'everyone' });
  const changed = await setRestrictions(ctx, owner.id, {
    cameoId: cameo.cameoId, restrictions: [{ kind: 'no_topic', topic: 'weapons' }, { kind: 'banned_words', words: ['sad'] }], restrictionsNote: 'Lu is a happy cat.', expectedVersion: 1,
  });
  expect(changed).toMatchObject({ version: 2, kind: 'character', restrictionSentences: ['No weapons.', 'Banned words: sad.'], restrictionsNote: 'Lu is a happy cat.' });
});

it('deletes a cameo: every use is taken down, the ledger ends in deleted, and nothing changes it afterwards', async () => {
  const [owner, fan] = [await createCreator(ctx.db), await createCreator(ctx.db)];
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Mo', accessLevel: 'everyone' });
  await follow(ctx, owner.id, { followeeId: fan.id });
  await follow(ctx, fan.id, { followeeId: owner.id });
  expect((await listFollows(ctx, owner.id)).mutualIds).toEqual([fan.id]);
  const use = await seedUse(ctx.db, { creatorId: fan.id, cameoId: cameo.cameoId, status: 'published' });

  const { takedownId } = await deleteCameo(ctx, owner.id, { cameoId: cameo.cameoId });
  await ctx.temporal.workflow.getHandle(likenessTakedownWorkflowId(takedownId)).result();
  const video = await ctx.db.selectFrom('videos').select('status').where('id', '=', use.videoId).executeTakeFirstOrThrow();
  expect(video.status).toBe('removed');

  const ledger = await getCameoLedger(ctx, owner.id, { cameoId: cameo.cameoId });
  expect(ledger.events.map((e) => e.kind)).toEqual(['created', 'deleted']);
  expect(ledger.cameo.deleted).toBe(true);
  expect((await listOwnCameos(ctx, owner.id)).map((c) => c.cameoId)).not.toContain(cameo.cameoId);
  expect(await refusal(addGrant(ctx, owner.id, { cameoId: cameo.cameoId, granteeId: fan.id }))).toMatchObject({ code: 'BAD_REQUEST', message: /deleted/ });
  expect(await refusal(deleteCameo(ctx, owner.id, { cameoId: cameo.cameoId }))).toMatchObject({ code: 'BAD_REQUEST' });
});
