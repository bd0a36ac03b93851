/**
 * The console's protected-persons upload (/policy/registries): a dry run shows the counts and the
 * refused rows and writes nothing; applying writes the rows and one audit entry with the counts;
 * roles outside policy_manager/legal/admin, cross-site posts and oversized files are refused with a
 * sentence. Every name is invented (with a random suffix), so no other test meets these rows.
 */
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../db/schema';
import { REGISTRY_FILE_MAX_BYTES } from '../../policies/registry-import';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function sessionFor(role: StaffRole): Promise<{ cookie: string; email: string }> {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }),
    redirect: 'manual',
  });
  return { cookie: login.headers.get('set-cookie')!.split(';')[0]!, email: staff.email };
}

/** Posts the upload form as the page does (Remix's `_data` asks for the action's JSON instead of the page). */
async function upload(cookie: string, file: { name: string; text: string; type: string }, intent: 'preview' | 'apply', origin = server.url) {
  const form = new FormData();
  form.set('file', new Blob([file.text], { type: file.type }), file.name);
  form.set('intent', intent);
  const response = await fetch(`${server.url}/policy/registries?_data=routes%2Fpolicy.registries`, { method: 'POST', headers: { cookie, origin }, body: form });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

const suffix = () => randomUUID().slice(0, 8);
const namesIn = (names: string[]) => ctx.db.selectFrom('public_figures').select(['name', 'aliases', 'living', 'role', 'source']).where('name', 'in', names).orderBy('name').execute();

it('previews a CSV without writing, applies it with an audit entry, and finds it unchanged the second time', async () => {
  const { cookie, email } = await sessionFor('policy_manager');
  const s = suffix();
  const [first, second] = [`Anneliese Testfigure ${s}`, `Bartholomew Testfigure ${s}`];
  const fileName = `heads-${s}.csv`;
  const csv = [
    'name,aliases,living,born,died,role',
    `${first},Аннелизе ${s}|安娜 ${s},true,1970-02-03,,head of state of Testland`,
    `"${second}",,no,1901-01-01,1980-12-31,former head of government of Testland`,
    `Broken Row ${s},,true,1970-02-30,,`,
  ].join('\n');

  const preview = await upload(cookie, { name: fileName, text: csv, type: 'text/csv' }, 'preview');
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({ ok: true, report: { dryRun: true, fileName, format: 'csv', added: 2, updated: 0, unchanged: 0 } });
  expect(preview.body.report.refused).toEqual(['Row 4: the date of birth "1970-02-30" is not a date (write YYYY-MM-DD).']);
  expect(await namesIn([first, second])).toEqual([]);

  const applied = await upload(cookie, { name: fileName, text: csv, type: 'text/csv' }, 'apply');
  expect(applied.body).toMatchObject({ ok: true, report: { dryRun: false, added: 2, updated: 0, unchanged: 0 } });
  expect(await namesIn([first, second])).toEqual([
    { name: first, aliases: [`Аннелизе ${s}`, `安娜 ${s}`], living: true, role: 'head of state of Testland', source: `import ${fileName} by ${email}` },
    { name: second, aliases: [], living: false, role: 'former head of government of Testland', source: `import ${fileName} by ${email}` },
  ]);
  const audit = await ctx.db.selectFrom('audit_log').select(['actor_label', 'after']).where('action', '=', 'policy.public_figure.import').where('subject_id', '=', fileName).execute();
  expect(audit).toEqual([{ actor_label: email, after: { format: 'csv', added: 2, updated: 0, unchanged: 0, refused: 1 } }]);

  const again = await upload(cookie, { name: fileName, text: csv, type: 'text/csv' }, 'apply');
  expect(again.body).toMatchObject({ ok: true, report: { added: 0, updated: 0, unchanged: 2 } });

  // The page shows the upload form and the imported entry with its role and source.
  const page = await (await fetch(`${server.url}/policy/registries`, { headers: { cookie } })).text();
  expect(page).toContain('Import protected persons');
  expect(page).toContain(first);
  expect(page).toContain(`from import ${fileName} by ${email}`);
});

it('takes a Wikidata SPARQL result from legal, merging one person\'s bindings', async () => {
  const { cookie } = await sessionFor('legal');
  const s = suffix();
  const id = `Q${8_000_000_000 + Math.floor(Math.random() * 999_999_999)}`;
  const name = `Cornelia Testfigure ${s}`;
  const binding = (role: string, aliases: string) => ({
    item: { type: 'uri', value: `http://www.wikidata.org/entity/${id}` },
    itemLabel: { type: 'literal', value: name, 'xml:lang': 'en' },
    aliases: { type: 'literal', value: aliases },
    born: { type: 'literal', value: '1965-04-05T00:00:00Z' },
    role: { type: 'literal', value: role },
  });
  const result = { head: { vars: ['item', 'itemLabel', 'aliases', 'born', 'role'] }, results: { bindings: [binding('President of Testland', `Корнелия ${s}`), binding('Prime Minister of Testland', `كورنيليا ${s}`)] } };
  const applied = await upload(cookie, { name: `sparql-${s}.json`, text: JSON.stringify(result), type: 'application/json' }, 'apply');
  expect(applied.body).toMatchObject({ ok: true, report: { format: 'json', added: 1, refused: [] } });
  const row = await ctx.db.selectFrom('public_figures').select(['name', 'aliases', 'role']).where('external_id', '=', id).executeTakeFirstOrThrow();
  expect(row).toEqual({ name, aliases: [`Корнелия ${s}`, `كورنيليا ${s}`], role: 'President of Testland; Prime Minister of Testland' });
});

it('refuses other roles, a cross-site post, a file with no usable row and an oversized file, writing nothing', async () => {
  const s = suffix();
  const name = `Dorothea Testfigure ${s}`;
  const csv = `name,living\n${name},true\n`;
  for (const role of ['reviewer', 'senior_reviewer', 'auditor'] as const) {
    const { cookie } = await sessionFor(role);
    const refused = await upload(cookie, { name: 'x.csv', text: csv, type: 'text/csv' }, 'apply');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: expect.stringContaining('may not import') });
  }
  const { cookie } = await sessionFor('admin');
  const crossSite = await upload(cookie, { name: 'x.csv', text: csv, type: 'text/csv' }, 'apply', 'https://evil.example');
  expect(crossSite.status).toBe(403);

  const useless = await upload(cookie, { name: 'bad.csv', text: 'name,colour\nx,blue\n', type: 'text/csv' }, 'preview');
  expect(useless.status).toBe(400);
  expect(useless.body).toMatchObject({ ok: false, error: expect.stringContaining('unknown columns: colour') });

  const huge = await upload(cookie, { name: 'huge.csv', text: csv + 'x'.repeat(REGISTRY_FILE_MAX_BYTES), type: 'text/csv' }, 'apply');
  expect(huge.status).toBe(413);
  expect(JSON.stringify(huge.body)).toContain('split it into smaller files');
  expect(await namesIn([name])).toEqual([]);
});
