/**
 * `npm run screen` with a database (the test stack's, as APP_DATABASE_URL): the registries, the
 * live overlay and the cameo and character names come from it, as in the pipeline, so a figure
 * registered there is blocked and a cameo named in its own request is not held as a real person.
 *
 * The rules alone (`--no-semantic`): the names are invented letters, and the semantic layer reads
 * about one such name in sixteen as close to its sexual exemplars ("Sarah Qdeuojzjv surfing at
 * dawn" held for review), which made this test fail at random; what it checks is the database's
 * part, which the rules decide. test/scripts/screen-cli.test.ts runs the CLI with the layer.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { callerAs, connectTestContext, createCameo, createCreator, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const ROOT = path.resolve(import.meta.dirname, '../..');
const invented = (prefix: string) => `${prefix} Q${Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

function runScreen(stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH, HOME: process.env.HOME, APP_DATABASE_URL: inject('stack').databaseUrl };
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts/screen.ts'), '--no-semantic'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('screens with the database\'s registries and cameo names', async () => {
  const manager = await createStaff(ctx.db, 'policy_manager');
  const figure = invented('Senator');
  await callerAs(ctx, manager).policy.savePublicFigure({ name: figure, living: true });
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const cameoName = invented('Sarah');
  await ctx.db.updateTable('cameos').set({ display_name: cameoName }).where('id', '=', cameo.id).execute();

  const run = await runScreen([
    `${figure} dancing on a rooftop`,
    JSON.stringify({ text: `${cameoName} surfing at dawn`, cameoIds: [cameo.id] }),
    `${cameoName} surfing at dawn`,
  ].join('\n'));

  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/from APP_DATABASE_URL: live policy/);
  const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string; categories: string[] });
  expect(out.map((o) => o.verdict)).toEqual(['block', 'allow', 'review']);
  expect(out[0]!.categories).toEqual(['public_figure']);
  expect(out[2]!.categories).toEqual(['real_person']);
});
