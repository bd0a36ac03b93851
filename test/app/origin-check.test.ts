/**
 * Cross-site request forgery is refused for every state-changing request on every route, by one
 * check in the HTTP server: Origin first, then Sec-Fetch-Site, then Referer; a request with none of
 * them is a script's, not a browser's, and goes through (so `POST /api/verify` works as documented).
 * `Origin: null` is refused with a sentence, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CROSS_SITE_REFUSAL, crossSiteRefusal, NULL_ORIGIN_REFUSAL } from '../../app/services/origin-check.server';
import { openSession, staffForRequest } from '../../app/services/sessions.server';
import { createCreator, createStaff, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

describe('the decision', () => {
  const HOST = 'console.loupe.test:3000';
  const decide = (method: string, headers: Record<string, string>, trustForwardedHost = false) =>
    crossSiteRefusal({ method, headers: { host: HOST, ...headers } }, { trustForwardedHost });

  const cases: [why: string, method: string, headers: Record<string, string>, expected: string | null, trustForwardedHost?: boolean][] = [
    ['a GET from anywhere', 'GET', { origin: 'https://evil.example' }, null],
    ['a HEAD from anywhere', 'HEAD', { origin: 'https://evil.example' }, null],
    ['an OPTIONS from anywhere', 'OPTIONS', { origin: 'https://evil.example' }, null],
    ['a POST from the console itself', 'POST', { origin: 'http://console.loupe.test:3000' }, null],
    ['a POST whose Origin differs only in case', 'POST', { origin: 'http://CONSOLE.loupe.test:3000' }, null],
    ['a POST from another site', 'POST', { origin: 'https://evil.example' }, CROSS_SITE_REFUSAL],
    ['a POST from the same host on another port', 'POST', { origin: 'http://console.loupe.test:3001' }, CROSS_SITE_REFUSAL],
    ['a POST from a sibling subdomain', 'POST', { origin: 'http://evil.loupe.test:3000' }, CROSS_SITE_REFUSAL],
    ['a POST from a host that merely starts like ours', 'POST', { origin: 'http://console.loupe.test:3000.evil.example' }, CROSS_SITE_REFUSAL],
    ['a POST with Origin: null', 'POST', { origin: 'null' }, NULL_ORIGIN_REFUSAL],
    ['a DELETE with Origin: null', 'DELETE', { origin: 'null' }, NULL_ORIGIN_REFUSAL],
    ['a POST with an Origin that is not a URL', 'POST', { origin: 'not a url' }, CROSS_SITE_REFUSAL],
    ['a POST with an empty Origin', 'POST', { origin: '' }, CROSS_SITE_REFUSAL],
    ['a POST with a file: Origin', 'POST', { origin: 'file://console.loupe.test:3000' }, CROSS_SITE_REFUSAL],
    ['a POST with two origins in one header', 'POST', { origin: 'http://console.loupe.test:3000 https://evil.example' }, CROSS_SITE_REFUSAL],
    ['a PUT from another site', 'PUT', { origin: 'https://evil.example' }, CROSS_SITE_REFUSAL],
    ['a PATCH from another site', 'PATCH', { origin: 'https://evil.example' }, CROSS_SITE_REFUSAL],
    ['a TRACE from another site', 'TRACE', { origin: 'https://evil.example' }, CROSS_SITE_REFUSAL],
    ['a lower-case post from another site', 'post', { origin: 'https://evil.example' }, CROSS_SITE_REFUSAL],
    // No Origin: Fetch Metadata decides.
    ['no Origin, Sec-Fetch-Site same-origin', 'POST', { 'sec-fetch-site': 'same-origin' }, null],
    ['no Origin, Sec-Fetch-Site none (the user’s own action)', 'POST', { 'sec-fetch-site': 'none' }, null],
    ['no Origin, Sec-Fetch-Site cross-site', 'POST', { 'sec-fetch-site': 'cross-site' }, CROSS_SITE_REFUSAL],
    ['no Origin, Sec-Fetch-Site same-site', 'POST', { 'sec-fetch-site': 'same-site' }, CROSS_SITE_REFUSAL],
    ['no Origin, an unknown Sec-Fetch-Site', 'POST', { 'sec-fetch-site': 'sideways' }, CROSS_SITE_REFUSAL],
    ['a foreign Origin wins over a same-origin Sec-Fetch-Site', 'POST', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, CROSS_SITE_REFUSAL],
    // Neither: the Referer decides.
    ['only a Referer from the console', 'POST', { referer: 'http://console.loupe.test:3000/queues' }, null],
    ['only a Referer from another site', 'POST', { referer: 'https://evil.example/page' }, CROSS_SITE_REFUSAL],
    ['only a Referer that is not a URL', 'POST', { referer: '%%%' }, CROSS_SITE_REFUSAL],
    // None of the three: not a browser acting for someone.
    ['a script with no Origin, Sec-Fetch-Site or Referer', 'POST', {}, null],
    // Behind a declared proxy, the host the proxy was asked for counts too; otherwise it is ignored.
    ['the forwarded host, behind a declared proxy', 'POST', { origin: 'https://loupe.example.org', 'x-forwarded-host': 'loupe.example.org' }, null, true],
    ['the forwarded host, with no proxy declared', 'POST', { origin: 'https://loupe.example.org', 'x-forwarded-host': 'loupe.example.org' }, CROSS_SITE_REFUSAL, false],
    ['the default port written out in the forwarded host', 'POST', { origin: 'https://loupe.example.org', 'x-forwarded-host': 'loupe.example.org:443' }, null, true],
  ];

  it.each(cases)('%s', (_why, method, headers, expected, trustForwardedHost = false) => {
    expect(decide(method, headers, trustForwardedHost)).toBe(expected);
  });

  it('answers without throwing when the Host header is missing', () => {
    expect(crossSiteRefusal({ method: 'POST', headers: { origin: 'https://evil.example' } }, { trustForwardedHost: false })).toBe(CROSS_SITE_REFUSAL);
  });
});

describe('the HTTP server', () => {
  let ctx: TestContext;
  let server: TestServer;
  // Behind a declared proxy, so each test's address is its own (the login and verify limits count per address).
  useConsoleHarness((harness) => ({ ctx, server } = harness), { trustedProxies: 1 });

  const address = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
  const send = (pathAndQuery: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit }) =>
    fetch(`${server.url}${pathAndQuery}`, { redirect: 'manual', ...init, headers: { 'x-forwarded-for': address(), ...init.headers } });

  /** A session cookie for a new staff member in `role`, made directly (the login page is tested elsewhere). */
  async function sessionFor(role: 'admin' | 'reviewer') {
    const staff = await createStaff(ctx.db, role);
    return { staff, cookie: `loupe_session=${await openSession(ctx.db, staff.id)}` };
  }

  it('refuses a Remix action posted from another site, and nothing is submitted', async () => {
    const { cookie } = await sessionFor('admin');
    const creator = await createCreator(ctx.db);
    const prompt = `Cross-site submission ${randomUUID()}`;
    const form = new URLSearchParams({ creatorId: creator.id, prompt, durationSeconds: '2' });
    const forged = await send('/requests?_data=routes%2Frequests', { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, body: form });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toBe(CROSS_SITE_REFUSAL);
    expect(await ctx.db.selectFrom('generation_requests').select('id').where('prompt', '=', prompt).execute()).toEqual([]);
    // The console's own page gets through to the action (which refuses the empty prompt in its own words).
    const own = await send('/requests?_data=routes%2Frequests', {
      method: 'POST', headers: { cookie, origin: server.url }, body: new URLSearchParams({ creatorId: creator.id, prompt: '', durationSeconds: '2' }),
    });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ ok: false });
  });

  it('refuses a logout from another site or from a hidden origin, and the session stays', async () => {
    const { staff, cookie } = await sessionFor('reviewer');
    for (const origin of ['https://evil.example', 'null']) {
      const response = await send('/logout', { method: 'POST', headers: { cookie, origin } });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
      expect(await response.text()).toBe(origin === 'null' ? NULL_ORIGIN_REFUSAL : CROSS_SITE_REFUSAL);
    }
    expect(await staffForRequest(ctx.db, new Request('http://x/', { headers: { cookie } }))).toMatchObject({ id: staff.id });
    const own = await send('/logout', { method: 'POST', headers: { cookie, origin: server.url } });
    expect(own.status).toBe(302);
    expect(await staffForRequest(ctx.db, new Request('http://x/', { headers: { cookie } }))).toBeNull();
  });

  it('refuses a tRPC mutation with Origin: null as JSON with a sentence, not a 500', async () => {
    const { cookie } = await sessionFor('admin');
    const response = await send('/api/trpc/staff.createInvite', {
      method: 'POST', headers: { cookie, origin: 'null', 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@loupe.test', role: 'reviewer' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { message: NULL_ORIGIN_REFUSAL } });
  });

  it('refuses a cross-site request that a browser marked with Sec-Fetch-Site or Referer only', async () => {
    const { cookie } = await sessionFor('reviewer');
    expect((await send('/logout', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await send('/logout', { method: 'POST', headers: { cookie, referer: 'https://evil.example/' } })).status).toBe(403);
  });

  it('checks every route, whatever the method, before any handler runs', async () => {
    // One URL per route module (parameters filled in), plus one that matches no route.
    const routes = readdirSync(path.join(import.meta.dirname, '../../app/routes')).filter((file) => file.endsWith('.tsx'));
    expect(routes.length).toBeGreaterThan(20);
    const paths = [...routes.map(routePath), '/no/such/page'];
    for (const [i, pathname] of paths.entries()) {
      const method = ['POST', 'PUT', 'PATCH', 'DELETE'][i % 4]!;
      const response = await send(pathname, { method, headers: { origin: 'https://evil.example' }, body: 'x=1' });
      expect({ pathname, method, status: response.status }).toEqual({ pathname, method, status: 403 });
    }
  });

  it('keeps POST /api/verify working for a script that sends no Origin, and refuses it from another site', async () => {
    const script = await send('/api/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ videoId: randomUUID() }) });
    expect(script.status).toBe(404);
    expect(await script.json()).toMatchObject({ error: { message: expect.any(String) } });
    const forged = await send('/api/verify', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ videoId: randomUUID() }) });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: { message: CROSS_SITE_REFUSAL } });
  });

  it('lets the console behind a proxy accept its public origin (X-Forwarded-Host)', async () => {
    const { cookie } = await sessionFor('reviewer');
    const response = await send('/logout', { method: 'POST', headers: { cookie, origin: 'https://loupe.example.org', 'x-forwarded-host': 'loupe.example.org' } });
    expect(response.status).toBe(302);
  });
});

/** A URL that reaches the route module `file` (Remix flat routes: `.` is `/`, `$x` a parameter, `[.]` a dot, `_` pathless). */
function routePath(file: string): string {
  const segments = file.replace(/\.tsx$/, '').replace(/\[\.\]/g, '~').split('.');
  const parts = segments
    .map((segment) => segment.replace(/~/g, '.'))
    .filter((segment) => segment !== '_index')
    .map((segment) => (segment.startsWith('$') ? (segment === '$' ? 'anything' : 'x') : segment.replace(/_$/, '')));
  return `/${parts.join('/')}`;
}
