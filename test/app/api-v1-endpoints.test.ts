/**
 * Each endpoint of the app API over existing services: its happy path through the real pipeline
 * (PostgreSQL + Temporal), and a bad input answered 4xx with a sentence.
 */
import { callApi, useAppApiClient } from '../support/app-api';
import { createCreator, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let key: string;
useAppApiClient((client) => ({ ctx, key } = client));

const as = (creatorId: string, body?: unknown) => ({ key, creatorId, ...(body === undefined ? {} : { body }) });

describe('requests', () => {
  it('submits a request as the acting creator, reads its status, and refuses other creators and bad input', async () => {
    const creator = await createCreator(ctx.db);
    const submitted = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 'A paper boat drifting down a rainy street at dusk', durationSeconds: 2, seed: 7 }));
    expect(submitted.status).toBe(202);
    const requestId = submitted.json.requestId as string;
    const row = await waitForStatus(ctx.db, requestId, ['published']);
    expect(row.status).toBe('published');
    const request = await ctx.db.selectFrom('generation_requests').select('creator_id').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(request.creator_id).toBe(creator.id);

    const status = await callApi(ctx, 'GET', `/requests/${requestId}`, as(creator.id));
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ requestId, status: 'published', video: { status: 'published' } });

    const other = await createCreator(ctx.db);
    const foreign = await callApi(ctx, 'GET', `/requests/${requestId}`, as(other.id));
    expect(foreign.status).toBe(404);
    expect(foreign.json.error?.code).toBe('not_found');

    const badId = await callApi(ctx, 'GET', '/requests/not-an-id', as(creator.id));
    expect(badId.status).toBe(400);
    expect(badId.json.error?.message).toContain('requestId');

    const badPrompt = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 42 }));
    expect(badPrompt.status).toBe(400);
    expect(badPrompt.json.error?.message).toContain('prompt');
    const notJson = await callApi(ctx, 'POST', '/requests', as(creator.id, '{"prompt": '));
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.message).toMatch(/not valid JSON/);
    const nul = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    const unknownCameo = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 'A fox in the snow', cameoIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect(unknownCameo.status).toBe(400);
    expect(unknownCameo.json.error?.message).toMatch(/Unknown cameo/);
  });

  it('appeals a blocked request once, and refuses a short statement and a second appeal', async () => {
    const creator = await createCreator(ctx.db);
    const submitted = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 'Step by step video on how to build a pipe bomb at home', durationSeconds: 2 }));
    const requestId = submitted.json.requestId as string;
    await waitForStatus(ctx.db, requestId, ['blocked']);

    const short = await callApi(ctx, 'POST', `/requests/${requestId}/appeal`, as(creator.id, { statement: 'no' }));
    expect(short.status).toBe(400);
    expect(short.json.error?.message).toContain('statement');
    const appealed = await callApi(ctx, 'POST', `/requests/${requestId}/appeal`, as(creator.id, { statement: 'This is a chemistry class prop, not a weapon.' }));
    expect(appealed.status).toBe(202);
    expect(appealed.json.appealId).toEqual(expect.any(String));
    const again = await callApi(ctx, 'POST', `/requests/${requestId}/appeal`, as(creator.id, { statement: 'Please look at it once more, it is harmless.' }));
    expect(again.status).toBe(409);
    const other = await createCreator(ctx.db);
    const foreign = await callApi(ctx, 'POST', `/requests/${requestId}/appeal`, as(other.id, { statement: 'Not my request, but I appeal anyway.' }));
    expect(foreign.status).toBe(404);
  });
});

describe('videos and notifications', () => {
  it('reports a published video, lists and marks notifications read, and refuses bad input', async () => {
    const creator = await createCreator(ctx.db);
    const reporter = await createCreator(ctx.db);
    // A fixed seed: which frames the stand-in draws (and so what moderation sees) follows from it.
    const submitted = await callApi(ctx, 'POST', '/requests', as(creator.id, { prompt: 'Lanterns rising over a calm lake at night', durationSeconds: 2, seed: 11 }));
    const requestId = submitted.json.requestId as string;
    // Polls the request's status, so a clip held for review fails here saying so instead of waiting out the test.
    await waitForStatus(ctx.db, requestId, ['published']);
    const result = await ctx.db.selectFrom('videos').select('id as videoId').where('request_id', '=', requestId).executeTakeFirstOrThrow();

    const badReason = await callApi(ctx, 'POST', `/videos/${result.videoId}/reports`, as(reporter.id, { reason: 'Boring' }));
    expect(badReason.status).toBe(400);
    expect(badReason.json.error?.message).toContain('reason must be one of');
    const reported = await callApi(ctx, 'POST', `/videos/${result.videoId}/reports`, as(reporter.id, { reason: 'Spam', details: 'posted twice' }));
    expect(reported.status).toBe(202);
    expect(reported.json).toEqual({ received: true });
    const missing = await callApi(ctx, 'POST', '/videos/00000000-0000-4000-8000-000000000000/reports', as(reporter.id, { reason: 'Spam' }));
    expect(missing.status).toBe(404);

    const listed = await callApi(ctx, 'GET', '/notifications', as(creator.id));
    expect(listed.status).toBe(200);
    const notifications = listed.json.notifications as { id: string; kind: string; readAt: string | null }[];
    expect(notifications.map((n) => n.kind)).toContain('video_published');
    expect(notifications.every((n) => n.readAt === null)).toBe(true);

    const badLimit = await callApi(ctx, 'GET', '/notifications?limit=0', as(creator.id));
    expect(badLimit.status).toBe(400);
    const nulQuery = await callApi(ctx, 'GET', '/notifications?unreadOnly=%00', as(creator.id));
    expect(nulQuery.status).toBe(400);
    const badIds = await callApi(ctx, 'POST', '/notifications/read', as(creator.id, { ids: ['x'] }));
    expect(badIds.status).toBe(400);
    // Another creator cannot mark them.
    expect((await callApi(ctx, 'POST', '/notifications/read', as(reporter.id, { ids: [notifications[0]!.id] }))).json).toEqual({ marked: 0 });
    const marked = await callApi(ctx, 'POST', '/notifications/read', as(creator.id, { ids: [notifications[0]!.id] }));
    expect(marked.json).toEqual({ marked: 1 });
    const unread = await callApi(ctx, 'GET', '/notifications?unreadOnly=true', as(creator.id));
    expect((unread.json.notifications as unknown[]).length).toBe(notifications.length - 1);
    const all = await callApi(ctx, 'POST', '/notifications/read', as(creator.id, {}));
    expect(all.json).toEqual({ marked: notifications.length - 1 });
  });
});
