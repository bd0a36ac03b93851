/**
 * /copyright/works over HTTP (issue 13): who may see it and change what, the cross-site check on
 * its forms, an edit written with its audit entry, an import with a bad row refused with the
 * line named and nothing written, keyset pages through the registry, and /copyright redirecting.
 */
import { randomUUID } from 'node:crypto';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import type { StaffRole } from '../../db/schema';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function sessionFor(role: StaffRole) {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }), redirect: 'manual' });
  expect(login.status).toBe(302);
  return { staff, cookie: login.headers.get('set-cookie')!.split(';')[0]! };
}

const post = (cookie: string, body: URLSearchParams | FormData, origin = server.url) =>
  fetch(`${server.url}/copyright/works?_data=routes%2Fcopyright.works`, { method: 'POST', headers: { cookie, origin }, body });

async function entity(name: string) {
  return upsertCopyrightEntity(ctx.db, {
    name, kind: 'character', aliases: [], owner: 'Pagetest Studios', territories: ['worldwide'], rule: null, conditions: null, publicDomain: false,
    source: `test page ${name}`, licence: 'test', sourceDate: '2026-01-01', demo: false, enforcement: 'shadow',
  });
}

it.each(['legal', 'admin', 'policy_manager'] as const)('serves the works page to %s, with the Copyright link', async (role) => {
  const { cookie } = await sessionFor(role);
  const response = await fetch(`${server.url}/copyright/works`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain('Copyright: works &amp; stance');
  expect(html).toMatch(/href="\/copyright\/works"[^>]*>Copyright</);
  expect(/Switch to (<!-- -->)?opt-out/.test(html)).toBe(role === 'admin');
});

it.each(['reviewer', 'auditor'] as const)('refuses the works page to %s', async (role) => {
  const { cookie } = await sessionFor(role);
  const response = await fetch(`${server.url}/copyright/works`, { headers: { cookie } });
  expect(response.status).toBe(403);
  expect(await response.text()).toContain(`Your role (${role}) may not do this.`);
});

it('redirects /copyright to the works page', async () => {
  const { cookie } = await sessionFor('legal');
  const response = await fetch(`${server.url}/copyright`, { headers: { cookie }, redirect: 'manual' });
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/copyright/works');
});

it('legal edits an entry (audited); a cross-site post and a policy manager editing are refused; only admins switch the stance', async () => {
  const { cookie, staff } = await sessionFor('legal');
  const name = `Pagetest Owl ${randomUUID().slice(0, 8)}`;
  const id = await entity(name);
  const form = new URLSearchParams({ intent: 'edit', id, rule: 'review', conditions: 'Credit the studio.', aliases: `es=Búho ${name}`, territories: 'US|id', owner: 'Pagetest Studios' });

  const crossSite = await post(cookie, form, 'https://evil.example');
  expect(crossSite.status).toBe(403);
  expect((await ctx.db.selectFrom('copyright_entities').select('rule').where('id', '=', id).executeTakeFirstOrThrow()).rule).toBeNull();

  const edited = await post(cookie, form);
  expect(edited.status).toBe(200);
  expect(await ctx.db.selectFrom('copyright_entities').select(['rule', 'conditions', 'territories', 'aliases', 'source']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
    rule: 'review', conditions: 'Credit the studio.', territories: ['US', 'ID'], aliases: [{ name: `Búho ${name}`, lang: 'es' }], source: `console by ${staff.email}`,
  });
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('subject_id', '=', id).execute();
  expect(audit).toEqual([{ action: 'copyright.work.edit', actor_label: staff.email }]);

  const manager = await sessionFor('policy_manager');
  const refused = await post(manager.cookie, new URLSearchParams({ intent: 'edit', id, rule: 'block' }));
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ ok: false, error: expect.stringContaining('may not') });
  const stance = await post(cookie, new URLSearchParams({ intent: 'stance', stance: 'opt_out' }));
  expect(stance.status).toBe(403);

  const bare = await fetch(`${server.url}/copyright/works?_data=routes%2Fcopyright.works`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'text/plain' }, body: 'intent=edit' });
  expect(bare.status).toBe(415);
  const reviewerUpload = new FormData();
  reviewerUpload.set('intent', 'preview');
  reviewerUpload.set('file', new Blob(['name,kind\nX,work\n'], { type: 'text/csv' }), 'x.csv');
  expect((await post((await sessionFor('auditor')).cookie, reviewerUpload)).status).toBe(403);

  const badTerritory = await post(cookie, new URLSearchParams({ intent: 'edit', id, territories: 'Narnia' }));
  expect(badTerritory.status).toBe(400);
  expect((await badTerritory.json()).error).toContain('ISO 3166-1 alpha-2');
});

it('an upload with a bad row is refused with its line, and nothing of it is written', async () => {
  const { cookie } = await sessionFor('legal');
  const good = `Pagetest Heron ${randomUUID().slice(0, 8)}`;
  const body = new FormData();
  body.set('intent', 'apply');
  body.set('file', new Blob([`name,kind\n${good},character\nPagetest Rock,mineral\n`], { type: 'text/csv' }), 'herons.csv');
  const response = await post(cookie, body);
  expect(response.status).toBe(400);
  expect((await response.json()).error).toMatch(/herons\.csv: 1 row has a problem; nothing was imported\..*Line 3: kind: kind must be character, work or brand\./);
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('name', '=', good).execute()).toEqual([]);
});

it('pages through the registry by name with a filter in the URL, and refuses a forged page link', async () => {
  const { cookie } = await sessionFor('legal');
  const tag = randomUUID().slice(0, 8);
  for (let i = 0; i < 55; i++) await entity(`Pagetest Moth ${tag} ${String(i).padStart(2, '0')}`);
  const first = await (await fetch(`${server.url}/copyright/works?q=${encodeURIComponent(`moth ${tag}`)}`, { headers: { cookie } })).text();
  expect(first).toContain(`Pagetest Moth ${tag} 00`);
  expect(first).toContain(`Pagetest Moth ${tag} 49`);
  expect(first).not.toContain(`Pagetest Moth ${tag} 50`);
  const anchor = /<a [^>]*rel="next"[^>]*>/.exec(first)?.[0] ?? '';
  const next = /href="[^"?]*\?([^"]*)"/.exec(anchor)?.[1]?.replace(/&amp;/g, '&');
  expect(next).toBeTruthy();
  const second = await (await fetch(`${server.url}/copyright/works?${next}`, { headers: { cookie } })).text();
  expect(second).toContain(`Pagetest Moth ${tag} 54`);
  expect(second).not.toContain(`Pagetest Moth ${tag} 49`);
  const forged = await fetch(`${server.url}/copyright/works?after=bm90LWEtY3Vyc29y`, { headers: { cookie } });
  expect(forged.status).toBe(400);
});
