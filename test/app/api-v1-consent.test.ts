/**
 * The app API's consent endpoints over the consent ledger's services, through real PostgreSQL and
 * Temporal: cameos and their ledger, grants, blocks, restrictions, deletion (with the takedowns they
 * start), approval requests, videos with my likeness (list, remove, report, takedown progress) and
 * follows. Each endpoint's happy path and a bad input answered 4xx with a sentence.
 */
import { callApi, useAppApiClient } from '../support/app-api';
import { callerAs, createCreator, createStaff, openItemFor, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let key: string;
useAppApiClient((client) => ({ ctx, key } = client));

const as = (creatorId: string, body?: unknown) => ({ key, creatorId, ...(body === undefined ? {} : { body }) });
type Json = Record<string, unknown>;

async function until<T>(read: () => Promise<T | undefined | null>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

it('creates a cameo, changes it through its ledger, and refuses bad input and others\' cameos', async () => {
  const owner = await createCreator(ctx.db);
  const friend = await createCreator(ctx.db);
  const stranger = await createCreator(ctx.db);

  const bad = await callApi(ctx, 'POST', '/cameos', as(owner.id, { displayName: '', accessLevel: 'anyone' }));
  expect(bad.status).toBe(400);
  expect(bad.json.error?.message).toMatch(/displayName|accessLevel/);

  const created = await callApi(ctx, 'POST', '/cameos', as(owner.id, { displayName: 'Me at the beach', accessLevel: 'approved' }));
  expect(created.status).toBe(201);
  const cameoId = created.json.cameoId as string;
  expect(created.json).toMatchObject({ version: 1, kind: 'person', accessLevel: 'approved', grants: [], deleted: false });

  const listed = await callApi(ctx, 'GET', '/cameos', as(owner.id));
  expect((listed.json.cameos as Json[]).map((c) => c.cameoId)).toEqual([cameoId]);
  expect((await callApi(ctx, 'GET', '/cameos', as(stranger.id))).json).toEqual({ cameos: [] });

  const access = await callApi(ctx, 'PUT', `/cameos/${cameoId}/access-level`, as(owner.id, { accessLevel: 'mutuals', expectedVersion: 1 }));
  expect(access.status).toBe(200);
  expect(access.json).toMatchObject({ accessLevel: 'mutuals', version: 2 });
  const stale = await callApi(ctx, 'PUT', `/cameos/${cameoId}/access-level`, as(owner.id, { accessLevel: 'everyone', expectedVersion: 1 }));
  expect(stale.status).toBe(409);
  const badLevel = await callApi(ctx, 'PUT', `/cameos/${cameoId}/access-level`, as(owner.id, { accessLevel: 'friends' }));
  expect(badLevel.status).toBe(400);

  const restricted = await callApi(ctx, 'PUT', `/cameos/${cameoId}/restrictions`, as(owner.id, {
    restrictions: [{ kind: 'no_topic', topic: 'political' }, { kind: 'banned_words', words: ['bikini'] }], restrictionsNote: 'No politics, please.',
  }));
  expect(restricted.status).toBe(200);
  expect((restricted.json.restrictionSentences as string[]).length).toBe(2);
  const badRestriction = await callApi(ctx, 'PUT', `/cameos/${cameoId}/restrictions`, as(owner.id, { restrictions: [{ kind: 'no_topic', topic: 'everything' }] }));
  expect(badRestriction.status).toBe(400);

  const granted = await callApi(ctx, 'PUT', `/cameos/${cameoId}/grants/${friend.id}`, as(owner.id));
  expect(granted.status).toBe(200);
  expect(granted.json.grants).toEqual([{ creatorId: friend.id, handle: friend.handle }]);
  expect((await callApi(ctx, 'PUT', `/cameos/${cameoId}/grants/${owner.id}`, as(owner.id))).status).toBe(400);
  // Someone else's cameo does not exist for this caller.
  expect((await callApi(ctx, 'PUT', `/cameos/${cameoId}/grants/${stranger.id}`, as(stranger.id))).status).toBe(404);

  const withdrawn = await callApi(ctx, 'DELETE', `/cameos/${cameoId}/grants/${friend.id}`, as(owner.id));
  expect(withdrawn.status).toBe(202);
  expect(withdrawn.json.takedownId).toEqual(expect.any(String));
  expect((await callApi(ctx, 'DELETE', `/cameos/${cameoId}/grants/${friend.id}`, as(owner.id))).status).toBe(404);

  const blocked = await callApi(ctx, 'PUT', `/cameos/${cameoId}/blocks/${stranger.id}`, as(owner.id));
  expect(blocked.status).toBe(202);
  expect((blocked.json.cameo as Json).blocks).toEqual([{ creatorId: stranger.id, handle: stranger.handle }]);
  const unblocked = await callApi(ctx, 'DELETE', `/cameos/${cameoId}/blocks/${stranger.id}`, as(owner.id));
  expect(unblocked.status).toBe(200);
  expect(unblocked.json.blocks).toEqual([]);
  expect((await callApi(ctx, 'DELETE', `/cameos/${cameoId}/blocks/not-a-uuid`, as(owner.id))).status).toBe(400);

  const ledger = await callApi(ctx, 'GET', `/cameos/${cameoId}/ledger`, as(owner.id));
  expect(ledger.status).toBe(200);
  expect((ledger.json.events as Json[]).map((e) => e.kind)).toEqual([
    'created', 'access_level_set', 'restrictions_set', 'grant_added', 'grant_withdrawn', 'person_blocked', 'person_unblocked',
  ]);
  expect((await callApi(ctx, 'GET', `/cameos/${cameoId}/ledger`, as(stranger.id))).status).toBe(404);

  const deleted = await callApi(ctx, 'DELETE', `/cameos/${cameoId}`, as(owner.id));
  expect(deleted.status).toBe(202);
  expect((deleted.json.cameo as Json).deleted).toBe(true);
  expect((await callApi(ctx, 'DELETE', `/cameos/${cameoId}`, as(owner.id))).status).toBe(400);
  expect((await callApi(ctx, 'GET', '/cameos', as(owner.id))).json).toEqual({ cameos: [] });
});

it('lists an approval request for my cameo and answers it, refusing a foreign or repeated answer', async () => {
  const owner = await createCreator(ctx.db);
  const requester = await createCreator(ctx.db);
  const cameo = await callApi(ctx, 'POST', '/cameos', as(owner.id, { displayName: 'Owner', accessLevel: 'approved' }));
  const cameoId = cameo.json.cameoId as string;
  const submitted = await callApi(ctx, 'POST', '/requests', as(requester.id, { prompt: 'A paper boat drifting down a rainy street at dusk', durationSeconds: 2, cameoIds: [cameoId] }));
  const requestId = submitted.json.requestId as string;

  const approval = await until(async () => {
    const listed = await callApi(ctx, 'GET', '/approval-requests', as(owner.id));
    return (listed.json.approvals as Json[]).find((a) => a.requestId === requestId);
  }, 'the approval request');
  expect(approval).toMatchObject({ cameoId, requesterId: requester.id, state: 'pending' });
  expect((await callApi(ctx, 'GET', '/approval-requests?limit=0', as(owner.id))).status).toBe(400);
  expect((await callApi(ctx, 'GET', `/requests/${requestId}`, as(requester.id))).json).toMatchObject({ status: 'consent_check', pendingApprovals: 1 });

  const foreign = await callApi(ctx, 'POST', `/approval-requests/${approval.approvalId as string}/answer`, as(requester.id, { decision: 'approve' }));
  expect(foreign.status).toBe(404);
  const badDecision = await callApi(ctx, 'POST', `/approval-requests/${approval.approvalId as string}/answer`, as(owner.id, { decision: 'maybe' }));
  expect(badDecision.status).toBe(400);
  const answered = await callApi(ctx, 'POST', `/approval-requests/${approval.approvalId as string}/answer`, as(owner.id, { decision: 'approve' }));
  expect(answered.status).toBe(200);
  expect(answered.json).toEqual({ approvalId: approval.approvalId, state: 'approved' });
  const again = await callApi(ctx, 'POST', `/approval-requests/${approval.approvalId as string}/answer`, as(owner.id, { decision: 'deny' }));
  expect(again.status).toBe(409);
  // The pipeline went on past consent.
  await waitForStatus(ctx.db, requestId, ['clip_review', 'published']);
  expect((await callApi(ctx, 'GET', `/requests/${requestId}`, as(requester.id))).json).toMatchObject({ pendingApprovals: 0 });
});

it('lists the videos with my likeness, removes one (takedown progress to done) and reports a published one', async () => {
  const owner = await createCreator(ctx.db);
  const maker = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const cameo = await callApi(ctx, 'POST', '/cameos', as(owner.id, { displayName: 'Everyone may', accessLevel: 'everyone' }));
  const cameoId = cameo.json.cameoId as string;

  const publish = async (prompt: string) => {
    const submitted = await callApi(ctx, 'POST', '/requests', as(maker.id, { prompt, durationSeconds: 2, cameoIds: [cameoId] }));
    const requestId = submitted.json.requestId as string;
    const row = await waitForStatus(ctx.db, requestId, ['clip_review', 'published']);
    if (row.status === 'clip_review') {
      const item = await openItemFor(ctx.db, requestId, 'clip');
      await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
    }
    await waitForStatus(ctx.db, requestId, ['published']);
    return (await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow()).id;
  };
  const [first, second] = [await publish('A cartoon duck surfing a giant wave'), await publish('Origami cranes taking flight from an open book')];

  const uses = await callApi(ctx, 'GET', '/likeness/videos?limit=10', as(owner.id));
  expect(uses.status).toBe(200);
  expect((uses.json.uses as Json[]).map((u) => (u.video as Json | null)?.videoId).sort()).toEqual([first, second].sort());
  expect((await callApi(ctx, 'GET', '/likeness/videos?cursor=nonsense', as(owner.id))).status).toBe(400);
  // The maker has no cameo in them.
  expect((await callApi(ctx, 'POST', `/likeness/videos/${first}/removal`, as(maker.id, {}))).status).toBe(404);

  const reported = await callApi(ctx, 'POST', `/likeness/videos/${second}/reports`, as(owner.id, { details: 'I never agreed to this.' }));
  expect(reported.status).toBe(202);
  expect((await callApi(ctx, 'POST', `/likeness/videos/${second}/reports`, as(owner.id, { reason: 'Meh' }))).status).toBe(400);

  const removed = await callApi(ctx, 'POST', `/likeness/videos/${first}/removal`, as(owner.id, { reason: 'Not me at my best.' }));
  expect(removed.status).toBe(202);
  const takedownId = removed.json.takedownId as string;
  const done = await until(async () => {
    const progress = await callApi(ctx, 'GET', `/takedowns/${takedownId}`, as(owner.id));
    return progress.status === 200 && progress.json.state === 'done' ? progress.json : null;
  }, 'the takedown to finish');
  expect(done).toMatchObject({ trigger: 'owner_removed_video', videoId: first, takenDown: 1 });
  const video = await ctx.db.selectFrom('videos').select('status').where('id', '=', first).executeTakeFirstOrThrow();
  expect(video.status).toBe('removed');
  expect((await callApi(ctx, 'POST', `/likeness/videos/${first}/removal`, as(owner.id, {}))).status).toBe(409);
  // Only the owner (or who asked) sees a takedown; a bad id is a 400.
  expect((await callApi(ctx, 'GET', `/takedowns/${takedownId}`, as(maker.id))).status).toBe(404);
  expect((await callApi(ctx, 'GET', '/takedowns/123', as(owner.id))).status).toBe(400);
});

it('follows and unfollows, showing mutuals, and refuses following oneself', async () => {
  const a = await createCreator(ctx.db);
  const b = await createCreator(ctx.db);
  expect((await callApi(ctx, 'PUT', `/follows/${b.id}`, as(a.id))).json).toEqual({ following: true, added: true });
  expect((await callApi(ctx, 'PUT', `/follows/${b.id}`, as(a.id))).json).toEqual({ following: true, added: false });
  await callApi(ctx, 'PUT', `/follows/${a.id}`, as(b.id));
  const listed = await callApi(ctx, 'GET', '/follows', as(a.id));
  expect(listed.status).toBe(200);
  expect(listed.json.mutualIds).toEqual([b.id]);
  expect((await callApi(ctx, 'PUT', `/follows/${a.id}`, as(a.id))).status).toBe(400);
  expect((await callApi(ctx, 'PUT', '/follows/00000000-0000-4000-8000-000000000000', as(a.id))).status).toBe(404);
  expect((await callApi(ctx, 'DELETE', `/follows/${b.id}`, as(a.id))).json).toEqual({ following: false });
  expect((await callApi(ctx, 'DELETE', `/follows/${b.id}`, as(a.id))).status).toBe(404);
});
