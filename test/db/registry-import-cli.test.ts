/**
 * `npm run registry:import` as operators run it: a separate process on the configured database.
 * A dry run prints the counts and writes nothing; applying writes the rows and one audit entry; a
 * refused row makes the exit code 3; a usage error is 2 with the usage line.
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
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-import-'));
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
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/registry-import.ts'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

it('dry-runs, then applies a JSON list with one audit entry, exiting 3 for the refused row', async () => {
  const s = randomUUID().slice(0, 8);
  const name = `Eustace Testfigure ${s}`;
  const fileName = `people-${s}.json`;
  const file = path.join(dir, fileName);
  await fs.writeFile(file, JSON.stringify([{ name, aliases: [`Юстас ${s}`], living: true, role: 'a test figure' }, { name: `Broken ${s}` }]));

  const dry = await runImport([file, '--dry-run']);
  expect(dry.stdout).toContain(`Dry run (nothing written) ${fileName} (json): 1 added, 0 updated, 0 unchanged, 1 refused.`);
  expect(dry.stdout).toContain('refused: Item 2: it says neither whether the person is living nor a date of birth or death.');
  expect(dry.code).toBe(3);
  expect(await ctx.db.selectFrom('public_figures').select('id').where('name', '=', name).execute()).toEqual([]);

  const applied = await runImport([file, '--source-date', '2026-01-31']);
  expect(applied.code).toBe(3);
  expect(applied.stdout).toContain(`Imported ${fileName} (json): 1 added`);
  const row = await ctx.db
    .selectFrom('public_figures')
    .select(['aliases', 'source'])
    .select((eb) => eb.fn<string>('to_char', ['source_date', eb.val('YYYY-MM-DD')]).as('source_date'))
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ aliases: [`Юстас ${s}`], source: `import ${fileName} by ${os.userInfo().username} (command line)`, source_date: '2026-01-31' });
  const audit = await ctx.db.selectFrom('audit_log').select(['actor_label', 'after']).where('action', '=', 'policy.public_figure.import').where('subject_id', '=', fileName).execute();
  expect(audit).toEqual([{ actor_label: `${os.userInfo().username} (command line)`, after: { format: 'json', added: 1, updated: 0, unchanged: 0, refused: 1 } }]);
});

it('answers a usage error and an unreadable file with exit code 2 and a sentence', async () => {
  const usage = await runImport(['--frobnicate']);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('unknown option --frobnicate. usage: npm run registry:import');
  const missing = await runImport([path.join(dir, 'missing.csv')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('cannot read');
});
