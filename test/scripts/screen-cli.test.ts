/**
 * `npm run screen` as an operator runs it: a file argument or standard input, plain and JSON
 * lines, one JSON verdict per line, bad lines answered and skipped, exit code 2 only when the
 * input cannot be read. No database here (LOUPE_DATA_DIR is an empty folder, no DATABASE_URL), so
 * the shipped registries decide (the starter list and the demo registry), and the verdicts equal
 * screenWithPolicy's with them, tightened by the semantic layer (issue 14) on the model setup builds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileOverlay, NO_CHANGES, screenWithPolicy } from '../../policies/index.js';
import { shippedRegistries } from '../../scripts/screen/registries.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'loupe-screen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScreen(args: string[], stdin?: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  // No DATABASE_URL and an empty data folder: the shipped registries decide, whatever the machine has.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PATH: process.env.PATH, HOME: process.env.HOME, LOUPE_DATA_DIR: path.join(dir, 'data'),
    ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}),
    ...(process.env.LOUPE_SEMANTIC_MODEL_DIR ? { LOUPE_SEMANTIC_MODEL_DIR: process.env.LOUPE_SEMANTIC_MODEL_DIR } : {}),
    ...extraEnv,
  };
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts/screen.ts'), ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const INPUT = [
  'Vera Quill giving a speech in the rain',
  '{"text": "Jonathan Pemberton on Mars", "ageBand": "teen"}',
  'Donald Trump eating a burger',
  '',
  '{"text": 42}',
  '{not json',
  '{"text": "Maya Chen surfing", "cameoIds": ["cameo-x"], "isRemix": false, "extra": "kept out"}',
  'a dog named Max chasing a ball in Lincoln Park',
].join('\n');

describe('npm run screen', () => {
  it('screens a file: one JSON line per input line, errors for bad lines, the same verdicts as screenWithPolicy', async () => {
    const file = path.join(dir, 'prompts.txt');
    writeFileSync(file, `${INPUT}\r\n`);
    const run = await runScreen([file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/shipped rules and registries/);
    const out = lines(run.stdout);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(out.map((o) => o.verdict ?? 'error')).toEqual(['block', 'review', 'block', 'error', 'error', 'review', 'allow']);
    expect(out[0]!.categories).toEqual(['public_figure']); // the demo registry
    expect(out[1]!.categories).toEqual(['real_person']); // a person in no registry
    expect(out[2]!.categories).toEqual(['public_figure']); // the shipped starter list
    expect(String(out[3]!.error)).toMatch(/"text" field/);
    expect(String(out[4]!.error)).toMatch(/not valid JSON/);

    const { policy } = compileOverlay(NO_CHANGES, shippedRegistries());
    const expected = screenWithPolicy(policy, 'Jonathan Pemberton on Mars', { ageBand: 'teen', cameoIds: [], isRemix: false });
    const { semantic, ...second } = out[1]!;
    expect(second).toEqual({ line: 2, verdict: expected.verdict, categories: expected.categories, reasons: expected.reasons, policyVersion: policy.version, matches: expected.matches });
    expect(semantic).toMatchObject({ status: 'ok', verdict: 'allow' });
    expect(run.stderr).toMatch(/semantic layer multilingual-e5-small .*1320 exemplars/);
  });

  it('holds a prompt the rules allow through the semantic layer, as the pipeline does, and --no-semantic leaves the rules alone', async () => {
    const input = 'two men kick a homeless man until he stops moving\nketchup on fries\n';
    const run = await runScreen([], input);
    expect(run.code).toBe(0);
    const [held, fries] = lines(run.stdout);
    expect(held).toMatchObject({ verdict: 'review', categories: ['violence_graphic'], semantic: { status: 'ok', verdict: 'review', category: 'violence_graphic' } });
    expect((held!.semantic as { nearest: unknown[] }).nearest).toHaveLength(5);
    expect((held!.reasons as string[]).some((r) => /semantic classifier places the prompt .* closer to violence_graphic exemplars/.test(r))).toBe(true);
    expect(fries).toMatchObject({ verdict: 'allow', semantic: { status: 'ok', verdict: 'allow' } });

    const rulesOnly = await runScreen(['--no-semantic'], input);
    expect(rulesOnly.code).toBe(0);
    expect(rulesOnly.stderr).toMatch(/--no-semantic: the rules decide alone/);
    expect(lines(rulesOnly.stdout).map((o) => [o.verdict, o.semantic])).toEqual([['allow', null], ['allow', null]]);
  });

  it('without a built model, every line says the semantic layer is unavailable, the rules decide, and standard error says how to build it', async () => {
    const run = await runScreen([], 'two men kick a homeless man until he stops moving\n', { LOUPE_SEMANTIC_MODEL_DIR: path.join(dir, 'no-model') });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/semantic layer is unavailable.*npm run setup/);
    const [only] = lines(run.stdout);
    expect(only).toMatchObject({ verdict: 'allow', semantic: { status: 'unavailable' } });
    expect((only!.reasons as string[]).at(-1)).toMatch(/could not run .*the rules decided alone/);
  });

  it('reads standard input without a file', async () => {
    const run = await runScreen([], 'Donlad Trump\nVera Qiull at a rally\n');
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(2);
    expect(out[1]!.verdict).toBe('block'); // a misspelt registry name
    expect(out[1]!.categories).toEqual(['public_figure']);
  });

  it('exits with 2 when the input cannot be read, and says why', async () => {
    const run = await runScreen([path.join(dir, 'missing.txt')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cannot read .*missing\.txt/);
    const twoFiles = await runScreen(['a.txt', 'b.txt']);
    expect(twoFiles.code).toBe(2);
  });
});
