/**
 * The demo creator app (/demo): staff only, off when LOUPE_DEMO_APP says so, labelled as a demo, and
 * a real client of the app API: what it submits arrives through /api/v1 as the chosen creator,
 * with the demo's own app client (its key hashed like any other, its rotation audited).
 */
import { openSession } from '../../app/services/sessions.server';
import { ConfigError, demoAppEnabled } from '../../config/env';
import { DEMO_APP_CLIENT_ID } from '../../app/services/app-api/demo-app.server';
import { REQUEST_STATUSES } from '../../db/schema';
import { createCreator, createStaff, waitForStatus, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function sessionCookie(): Promise<string> {
  const staff = await createStaff(ctx.db, 'reviewer');
  return `loupe_session=${await openSession(ctx.db, staff.id)}`;
}

it('sends visitors without a staff session to the login page', async () => {
  const response = await fetch(`${server.url}/demo/requests`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toMatch(/^\/login\?next=/);
});

it('submits through the app API as the chosen creator, and shows the request under My requests', async () => {
  const cookie = await sessionCookie();
  const creator = await createCreator(ctx.db);
  const form = new URLSearchParams({ prompt: 'Origami cranes taking flight from an open book', durationSeconds: '2' });
  const posted = await fetch(`${server.url}/demo/submit?as=${creator.id}`, {
    method: 'POST', body: form, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(posted.status).toBe(200);
  const page = await posted.text();
  expect(page).toContain('Demo creator app');
  const requestId = /data-request-id="([0-9a-f-]{36})"/.exec(page)?.[1];
  expect(requestId).toBeDefined();
  // The workflow's first activity records the request.
  await waitForStatus(ctx.db, requestId!, [...REQUEST_STATUSES]);
  const row = await ctx.db.selectFrom('generation_requests').select('creator_id').where('id', '=', requestId!).executeTakeFirstOrThrow();
  expect(row.creator_id).toBe(creator.id);

  const mine = await (await fetch(`${server.url}/demo/requests?as=${creator.id}`, { headers: { cookie } })).text();
  expect(mine).toContain(`data-request-id="${requestId}"`);
  expect(mine).toContain('Demo creator app');

  // The demo is an app client like any other: a hashed key, created and rotated by the server, audited.
  const client = await ctx.db.selectFrom('app_clients').select(['name', 'key_hash', 'disabled_at']).where('id', '=', DEMO_APP_CLIENT_ID).executeTakeFirstOrThrow();
  expect(client).toMatchObject({ name: 'Demo creator app', disabled_at: null });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', DEMO_APP_CLIENT_ID).where('actor_label', '=', 'demo creator app').execute();
  expect(audit.length).toBeGreaterThanOrEqual(1);
});

it('shows the API\'s refusal as a sentence on the page', async () => {
  const cookie = await sessionCookie();
  const creator = await createCreator(ctx.db);
  const posted = await fetch(`${server.url}/demo/submit?as=${creator.id}`, {
    method: 'POST', body: new URLSearchParams({ prompt: '', durationSeconds: '2' }), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(posted.status).toBe(200);
  expect(await posted.text()).toMatch(/role="alert"[^>]*>[^<]*prompt/i);
});

it('is off when LOUPE_DEMO_APP=false', async () => {
  const cookie = await sessionCookie();
  const before = process.env.LOUPE_DEMO_APP;
  process.env.LOUPE_DEMO_APP = 'false';
  try {
    const response = await fetch(`${server.url}/demo/requests`, { headers: { cookie } });
    expect(response.status).toBe(404);
  } finally {
    if (before === undefined) delete process.env.LOUPE_DEMO_APP;
    else process.env.LOUPE_DEMO_APP = before;
  }
  expect((await fetch(`${server.url}/demo/requests`, { headers: { cookie } })).status).toBe(200);
});

it('sends the old /appeal and /report addresses to the demo app, keeping the chosen creator', async () => {
  for (const old of ['appeal', 'report']) {
    const response = await fetch(`${server.url}/${old}?as=abc`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`/demo/${old}?as=abc`);
  }
});

it('is on by default outside production, off by default in production, and refuses a value that is not yes or no', () => {
  expect(demoAppEnabled({})).toBe(true);
  expect(demoAppEnabled({ NODE_ENV: 'test' })).toBe(true);
  expect(demoAppEnabled({ NODE_ENV: 'production' })).toBe(false);
  expect(demoAppEnabled({ NODE_ENV: 'production', LOUPE_DEMO_APP: 'yes' })).toBe(true);
  expect(demoAppEnabled({ LOUPE_DEMO_APP: '0' })).toBe(false);
  expect(demoAppEnabled({ NODE_ENV: 'production', LOUPE_DEMO_APP: '' })).toBe(false);
  expect(() => demoAppEnabled({ LOUPE_DEMO_APP: 'maybe' })).toThrow(ConfigError);
  expect(() => demoAppEnabled({ LOUPE_DEMO_APP: 'maybe' })).toThrow(/LOUPE_DEMO_APP is not valid/);
});

it('serves the admin page of app clients to admins only', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const adminCookie = `loupe_session=${await openSession(ctx.db, admin.id)}`;
  const page = await fetch(`${server.url}/admin/app-clients`, { headers: { cookie: adminCookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('App clients');
  // The demo's own client is listed like any other (the submission above created it).
  expect(html).toContain(`data-client-id="${DEMO_APP_CLIENT_ID}"`);
  expect((await fetch(`${server.url}/admin/app-clients`, { headers: { cookie: await sessionCookie() } })).status).toBe(403);
});
