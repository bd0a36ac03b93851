/**
 * Typed refusals from services and queries reach the caller as the tRPC code that fits, with their
 * own sentence: the one mapping in app/trpc/init.server.ts.
 */
import { randomInt } from 'node:crypto';
import { callerAs, connectTestContext, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
const inventedName = (prefix: string) => `${prefix} ${Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join('')}q`;

it('answers an unknown draft with NOT_FOUND and its sentence', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  await expect(callerAs(ctx, manager).policy.draft({ id: MISSING })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'There is no policy draft with that id.' });
});

it('answers a lifecycle refusal with CONFLICT and the lifecycle sentence', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const trpc = callerAs(ctx, manager).policy;
  const { id } = await trpc.saveDraft({ title: 'Refusal mapping draft' });
  await trpc.discardDraft({ id });
  await expect(trpc.discardDraft({ id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'This draft is already discarded.' });
  await expect(trpc.setShadow({ id, shadow: true })).rejects.toMatchObject({ code: 'CONFLICT', message: 'This draft is discarded, so it cannot start a shadow run.' });
});

it('answers a duplicate public figure with CONFLICT and an unknown cameo with BAD_REQUEST', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const trpc = callerAs(ctx, manager).policy;
  const name = inventedName('Refusal');
  await trpc.savePublicFigure({ name, living: false });
  await expect(trpc.savePublicFigure({ name, living: false })).rejects.toMatchObject({ code: 'CONFLICT', message: `${name} is already in the registry.` });
  await expect(trpc.savePublicFigure({ name: inventedName('Cameo'), living: true, cameoId: MISSING })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'That cameo does not exist.' });
});

it('answers a queue cursor that is not one with BAD_REQUEST', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  await expect(callerAs(ctx, reviewer).review.list({ cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({
    code: 'BAD_REQUEST', message: 'This page link is out of date (its cursor is not valid); go back to the first page.',
  });
});

it('answers an unknown invite token with BAD_REQUEST (a staff administration refusal)', async () => {
  await expect(callerAs(ctx, null).staff.acceptInvite({ token: 'no-such-token', displayName: 'Nobody', password: 'long enough password' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});
