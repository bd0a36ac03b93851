/**
 * `npm run copyright:import` as operators run it: a separate process on the configured database. A
 * file with a bad row prints every bad line, exits 3 and writes nothing; a dry run writes nothing;
 * applying writes the entries (in shadow unless a row says live) and one audit entry.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { connectTestContext, type TestContext } from '../support/fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'copyright-import-'));
});
afterAll(async () => {
  await ctx.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs the command with the test stack's database (the app's role, as a standalone tool would use). */
function runImport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, APP_DATABASE_URL: inject('stack').databaseUrl };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/copyright-import.ts'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

it('refuses a file with bad rows whole, dry-runs a good one, then applies it with one audit entry', { timeout: 60_000 }, async () => {
  const s = randomUUID().slice(0, 8);
  const names = [`Cli Lynx ${s}`, `Cli Otter ${s}`];
  const bad = path.join(dir, `bad-${s}.csv`);
  await fs.writeFile(bad, `name,kind,aliases,rule,enforcement\n${names[0]},character,ja=リンクス,block,live\n${names[1]},animal,,,\n,work,,,\n`);
  const refused = await runImport([bad]);
  expect(refused.code).toBe(3);
  expect(refused.stdout).toContain('2 bad rows; nothing was imported');
  expect(refused.stdout).toContain('Line 3: kind: kind must be character, work or brand.');
  expect(refused.stdout).toContain('Line 4: name: name is required.');
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('name', 'in', names).execute()).toEqual([]);

  const good = path.join(dir, `good-${s}.csv`);
  await fs.writeFile(good, `name,kind,aliases,rule,enforcement\n${names[0]},character,ja=リンクス,block,live\n${names[1]},character,,,\n`);
  const dry = await runImport([good, '--dry-run']);
  expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining('2 entries, 1 live and 1 in shadow') });
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('name', 'in', names).execute()).toEqual([]);

  const applied = await runImport([good]);
  expect(applied.code, applied.stderr).toBe(0);
  const rows = await ctx.db.selectFrom('copyright_entities').select(['name', 'enforcement', 'rule', 'aliases', 'source']).where('name', 'in', names).orderBy('name').execute();
  expect(rows).toEqual([
    { name: names[0], enforcement: 'live', rule: 'block', aliases: [{ name: 'リンクス', lang: 'ja' }], source: expect.stringMatching(new RegExp(`^import good-${s}\\.csv by .* \\(command line\\)$`)) },
    { name: names[1], enforcement: 'shadow', rule: null, aliases: [], source: expect.stringContaining('(command line)') },
  ]);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_id', '=', `good-${s}.csv`).execute();
  expect(audit).toEqual([{ action: 'copyright.works.import', actor_staff_id: null }]);

  expect((await runImport([])).code).toBe(2);
});
