/**
 * The app API's gate: an enabled client's key (current, or rotated out within its grace period),
 * an existing acting creator, the client's own rate limit, and no cross-site browser writes. Every
 * refusal is a 4xx JSON error with a code and a sentence, and every answer names the API version.
 */
import { disableClient, rotateAppClient } from '../../app/services/app-api/app-clients.server';
import { createCreator, type TestContext } from '../support/fixtures';
import { callApi, callApiOverHttp, createTestAppClient } from '../support/app-api';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

const system = { actorStaffId: null, actorLabel: 'test' };

it('refuses a call without a key, with a malformed header or with an unknown key (401)', async () => {
  const creator = await createCreator(ctx.db);
  const none = await callApi(ctx, 'GET', '/notifications', { creatorId: creator.id });
  expect(none.status).toBe(401);
  expect(none.json.error).toEqual({ code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
  expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(none.headers.get('loupe-api-version')).toBe('1');

  const malformed = await callApi(ctx, 'GET', '/notifications', { creatorId: creator.id, headers: { authorization: 'Basic abc' } });
  expect(malformed.status).toBe(401);
  const unknown = await callApi(ctx, 'GET', '/notifications', { key: 'loupe_not-a-real-key', creatorId: creator.id });
  expect(unknown.status).toBe(401);
  expect(unknown.json.error?.code).toBe('unauthorized');
});

it('answers a valid key for an existing creator, with the version header', async () => {
  const client = await createTestAppClient(ctx);
  const creator = await createCreator(ctx.db);
  const ok = await callApi(ctx, 'GET', '/notifications', { key: client.key, creatorId: creator.id });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('loupe-api-version')).toBe('1');
  expect(ok.json).toEqual({ notifications: [] });
  // Only the hash is stored.
  const row = await ctx.db.selectFrom('app_clients').selectAll().where('id', '=', client.clientId).executeTakeFirstOrThrow();
  expect(JSON.stringify(row)).not.toContain(client.key);
  expect(client.key.startsWith(row.key_prefix)).toBe(true);
});

it('keeps a rotated-out key working within its grace period and refuses it after', async () => {
  const client = await createTestAppClient(ctx);
  const creator = await createCreator(ctx.db);
  const rotated = await rotateAppClient(ctx.db, system, { clientId: client.clientId, graceHours: 1 });
  expect(rotated.key).not.toBe(client.key);
  expect((await callApi(ctx, 'GET', '/notifications', { key: client.key, creatorId: creator.id })).status).toBe(200);
  expect((await callApi(ctx, 'GET', '/notifications', { key: rotated.key, creatorId: creator.id })).status).toBe(200);

  // The grace period ends.
  await ctx.db.updateTable('app_clients').set({ previous_key_expires_at: new Date(Date.now() - 1000) }).where('id', '=', client.clientId).execute();
  expect((await callApi(ctx, 'GET', '/notifications', { key: client.key, creatorId: creator.id })).status).toBe(401);
  expect((await callApi(ctx, 'GET', '/notifications', { key: rotated.key, creatorId: creator.id })).status).toBe(200);

  // A rotation without grace (a leaked key) ends the old key at once.
  const again = await rotateAppClient(ctx.db, system, { clientId: client.clientId, graceHours: 0 });
  expect((await callApi(ctx, 'GET', '/notifications', { key: rotated.key, creatorId: creator.id })).status).toBe(401);
  expect((await callApi(ctx, 'GET', '/notifications', { key: again.key, creatorId: creator.id })).status).toBe(200);
});

it('refuses both keys of a disabled client at once', async () => {
  const client = await createTestAppClient(ctx);
  const creator = await createCreator(ctx.db);
  const rotated = await rotateAppClient(ctx.db, system, { clientId: client.clientId, graceHours: 24 });
  await disableClient(ctx.db, system, { clientId: client.clientId });
  for (const key of [client.key, rotated.key]) {
    const answer = await callApi(ctx, 'GET', '/notifications', { key, creatorId: creator.id });
    expect(answer.status).toBe(401);
  }
  await expect(rotateAppClient(ctx.db, system, { clientId: client.clientId })).rejects.toThrow(/disabled client cannot be rotated/);
});

it('needs an acting creator who exists', async () => {
  const client = await createTestAppClient(ctx);
  const missing = await callApi(ctx, 'GET', '/notifications', { key: client.key });
  expect(missing.status).toBe(400);
  expect(missing.json.error?.message).toContain('Loupe-Creator');
  const malformed = await callApi(ctx, 'GET', '/notifications', { key: client.key, creatorId: 'maya' });
  expect(malformed.status).toBe(400);
  const unknown = await callApi(ctx, 'GET', '/notifications', { key: client.key, creatorId: '00000000-0000-4000-8000-000000000000' });
  expect(unknown.status).toBe(404);
  expect(unknown.json.error).toEqual({ code: 'creator_not_found', message: expect.stringContaining('no creator') });
});

it('limits each client to its calls per minute, with Retry-After', async () => {
  const limited = await createTestAppClient(ctx, 3);
  const other = await createTestAppClient(ctx, 3);
  const creator = await createCreator(ctx.db);
  for (let i = 0; i < 3; i++) expect((await callApi(ctx, 'GET', '/notifications', { key: limited.key, creatorId: creator.id })).status).toBe(200);
  const refused = await callApi(ctx, 'GET', '/notifications', { key: limited.key, creatorId: creator.id });
  expect(refused.status).toBe(429);
  expect(refused.json.error?.code).toBe('rate_limited');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  // Another client's count is its own.
  expect((await callApi(ctx, 'GET', '/notifications', { key: other.key, creatorId: creator.id })).status).toBe(200);
});

it('refuses a cross-site browser write, but not a server-to-server call without Origin (over HTTP)', async () => {
  const client = await createTestAppClient(ctx);
  const creator = await createCreator(ctx.db);
  const crossSite = await callApiOverHttp(server.url, 'POST', '/notifications/read', {
    key: client.key, creatorId: creator.id, body: {}, headers: { origin: 'https://evil.example' },
  });
  expect(crossSite.status).toBe(403);
  expect(crossSite.json.error?.message).toMatch(/another site/);
  const direct = await callApi(ctx, 'POST', '/notifications/read', { key: client.key, creatorId: creator.id, body: {}, headers: { origin: 'https://evil.example' } });
  expect(direct.status).toBe(403);
  expect(direct.json.error?.code).toBe('forbidden');
  const serverToServer = await callApiOverHttp(server.url, 'POST', '/notifications/read', { key: client.key, creatorId: creator.id, body: {} });
  expect(serverToServer.status).toBe(200);
  expect(serverToServer.json).toEqual({ marked: 0 });
});

it('answers unknown paths 404 and wrong methods 405, as JSON errors', async () => {
  const notFound = await callApiOverHttp(server.url, 'GET', '/nothing-here');
  expect(notFound.status).toBe(404);
  expect(notFound.json.error?.code).toBe('not_found');
  const wrongMethod = await callApiOverHttp(server.url, 'DELETE', '/notifications');
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get('allow')).toBe('GET');
});
