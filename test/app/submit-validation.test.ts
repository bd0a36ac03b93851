/**
 * Bad submissions are refused at the boundary with a message a person can act on, and leave
 * nothing behind: no request row, no workflow.
 */
import { TRPCError } from '@trpc/server';
import { callerAs, connectTestContext, createCameo, createCreator, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const countRequests = async () => Number((await ctx.db.selectFrom('generation_requests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const countWorkflows = async () => (await ctx.temporal.workflow.count()).count;

describe('requests.submit refuses bad input cleanly', () => {
  const garbage = String.fromCharCode(...Array.from({ length: 400 }, (_, i) => (i * 37) % 32));
  const cases: [string, (ids: { creatorId: string }) => Record<string, unknown>, RegExp][] = [
    ['an empty prompt', ({ creatorId }) => ({ creatorId, prompt: '   ' }), /prompt is empty/],
    ['an oversized prompt', ({ creatorId }) => ({ creatorId, prompt: 'a'.repeat(2001) }), /2001 characters long; the limit is 2000/],
    ['binary garbage', ({ creatorId }) => ({ creatorId, prompt: garbage }), /binary data or control characters/],
    ['a prompt that is not text', ({ creatorId }) => ({ creatorId, prompt: 42 }), /prompt must be text/],
    ['an unknown cameo', ({ creatorId }) => ({ creatorId, prompt: 'A calm lake', cameoIds: ['00000000-0000-4000-8000-000000000000'] }), /Unknown cameo id\(s\): 00000000-0000-4000-8000-000000000000/],
    ['a malformed cameo id', ({ creatorId }) => ({ creatorId, prompt: 'A calm lake', cameoIds: ['drop table'] }), /cameo id must be a UUID/],
    ['a clip longer than allowed', ({ creatorId }) => ({ creatorId, prompt: 'A calm lake', durationSeconds: 25 }), /at most 10 seconds long; 25 s was requested/],
    ['an unknown creator', () => ({ creatorId: '00000000-0000-4000-8000-000000000001', prompt: 'A calm lake' }), /no creator with id/],
    ['a remix of a video that does not exist', ({ creatorId }) => ({ creatorId, prompt: 'A calm lake', remixOfVideoId: '00000000-0000-4000-8000-000000000002' }), /There is no video with that id to remix/],
  ];

  it.each(cases)('%s', async (_name, build, message) => {
    const admin = await createStaff(ctx.db, 'admin');
    const creator = await createCreator(ctx.db);
    const [requestsBefore, workflowsBefore] = [await countRequests(), await countWorkflows()];
    const attempt = callerAs(ctx, admin).requests.submit(build({ creatorId: creator.id }) as never);
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(message);
    expect(await countRequests()).toBe(requestsBefore);
    expect(await countWorkflows()).toBe(workflowsBefore);
  });

  it('accepts a good submission (so the cases above fail for their own reason)', async () => {
    const admin = await createStaff(ctx.db, 'admin');
    const creator = await createCreator(ctx.db);
    const cameo = await createCameo(ctx.db, creator.id, 'only_me');
    const { requestId } = await callerAs(ctx, admin).requests.submit({ creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, cameoIds: [cameo.id] });
    expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('published');
    // Up to five minutes: the shared worker's two media slots are also taken by other files' copyright
    // rescans, which fingerprint whole catalogues; once in CI this clip waited past two minutes.
  }, 300_000);
});
