/**
 * App clients as admins manage them (appClients.* procedures): the key is answered once and never
 * listed, rotation and disabling take effect on the API at once, and every change is in the audit
 * log under the admin's name. Other roles are refused (the access matrix checks every role).
 */
import { callApi } from '../support/app-api';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

it('creates, rotates and disables a client, audited, with the key shown only once', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const creator = await createCreator(ctx.db);
  const trpc = callerAs(ctx, admin);

  await expect(trpc.appClients.create({ name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  const created = await trpc.appClients.create({ name: 'Loupe Android app', rateLimitPerMinute: 120 });
  expect(created.key).toMatch(/^loupe_[A-Za-z0-9_-]{43}$/);
  const listed = (await trpc.appClients.list()).find((c) => c.id === created.clientId);
  expect(listed).toMatchObject({ name: 'Loupe Android app', keyPrefix: created.keyPrefix, rateLimitPerMinute: 120, createdBy: admin.email, disabledAt: null });
  expect(JSON.stringify(await trpc.appClients.list())).not.toContain(created.key);

  const rotated = await trpc.appClients.rotate({ clientId: created.clientId, graceHours: 24 });
  expect((await trpc.appClients.list()).find((c) => c.id === created.clientId)?.previousKeyExpiresAt).not.toBeNull();
  expect((await callApi(ctx, 'GET', '/notifications', { key: created.key, creatorId: creator.id })).status).toBe(200);
  await expect(trpc.appClients.rotate({ clientId: created.clientId, graceHours: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

  await trpc.appClients.disable({ clientId: created.clientId });
  expect((await callApi(ctx, 'GET', '/notifications', { key: rotated.key, creatorId: creator.id })).status).toBe(401);
  await expect(trpc.appClients.disable({ clientId: created.clientId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_label', 'after']).where('subject_type', '=', 'app_client')
    .where('subject_id', '=', created.clientId).orderBy('id').execute();
  expect(audit.map((entry) => entry.action)).toEqual(['app_client.create', 'app_client.rotate', 'app_client.disable']);
  expect(audit.every((entry) => entry.actor_label === admin.email)).toBe(true);
  expect(JSON.stringify(audit)).not.toContain(created.key);
  expect(JSON.stringify(audit)).not.toContain(rotated.key);

  await expect(callerAs(ctx, await createStaff(ctx.db, 'reviewer')).appClients.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
});
