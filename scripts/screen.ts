/**
 * `npm run screen`: screens prompts exactly as the pipeline's screenPrompt activity does, without a
 * running stack, so operators can check a list of prompts before a policy change and evaluations
 * can use the real thing.
 *
 *   npm run screen -- prompts.txt            one prompt per line, or JSON lines
 *   some-command | npm run screen            the same from standard input
 *   npm run screen -- --shipped prompts.txt  shipped rules and registries, even with a database
 *   npm run screen -- --no-semantic ...      the rules alone, without the semantic layer
 *
 * A JSON line is `{"text": "...", "ageBand": "teen", "cameoIds": ["..."], "isRemix": false}`
 * (only `text` is required); any other line is a prompt as it stands; blank lines are skipped.
 * Writes one JSON object per input line to standard output: `line`, `verdict`, `categories`,
 * `reasons`, `policyVersion`, `matches` (spans are UTF-16 offsets into `text`), `semantic` (the
 * semantic layer's outcome: category, score, nearest exemplars; or `unavailable` with the error;
 * null with `--no-semantic`), or `line` and `error` for a line that could not be read, and goes on.
 * Says on standard error where the policy came from and whether the semantic layer runs. Exit code
 * 0, or 2 when the input cannot be read at all.
 *
 * Like the pipeline (issue 14): the rules, then the local semantic classifier under the overlay's
 * exemplars (`ruleSet.semantic`), combined tighten-only (screen/screen-prompt.ts, which evaluations
 * call too); a model that is not built gives `unavailable` on every line and the rules decide
 * (standard error says how to build it). The live overlay (latest promotion) and the registries of
 * the configured database (DATABASE_URL / APP_DATABASE_URL, or the embedded database of a running
 * `npm start`), cameo display names and registered characters from it; without a database, the
 * shipped rules and registries. Unlike the pipeline: the optional external classifier is not asked
 * (it can only make a verdict stricter), and nothing is stored.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { createSemanticClassifier, type SemanticClassifier } from '../activities/classifiers/semantic/classifier';
import { ConfigError, loadConfig } from '../config/env.js';
import { loadScreeningNames } from '../db/queries/screening-names.js';
import { compileOverlay, type ScreenContext } from '../policies/index.js';
import { parseScreenLine } from './screen/input-line.js';
import { chooseSource } from './screen/registries.js';
import { screenOnePrompt } from './screen/screen-prompt.js';

const USAGE = 'usage: npm run screen -- [--shipped] [--no-semantic] [prompts-file]   (reads standard input without a file)';
const OPTIONS = new Set(['--shipped', '--no-semantic']);

/**
 * The semantic classifier, loaded (model and exemplar set) before the first line so that loading
 * does not count against a prompt's time limit; null with --no-semantic. A model that cannot load
 * is said once on standard error; the classifier then answers `unavailable` for every line.
 */
async function semanticLayer(off: boolean, overlay: ReturnType<typeof compileOverlay>, timeoutMs: number): Promise<SemanticClassifier | null> {
  if (off) {
    console.error('screen: --no-semantic: the rules decide alone (no semantic layer)');
    return null;
  }
  const classifier = createSemanticClassifier({ timeoutMs });
  if (!overlay.ruleSet.semantic || overlay.ruleSet.semantic.exemplars.length === 0) {
    console.error('screen: this policy has no semantic exemplars: the rules decide alone on every line');
    return classifier;
  }
  const started = performance.now();
  try {
    await classifier.warm(overlay.ruleSet.semantic);
    console.error(`screen: semantic layer ${classifier.model}, ${overlay.ruleSet.semantic.exemplars.length} exemplars (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`screen: the semantic layer is unavailable, the rules decide alone on every line: ${(error as Error).message}`);
  }
  return classifier;
}

async function openInput(file: string | undefined): Promise<Readable> {
  if (file === undefined) return process.stdin;
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  return createReadStream(file, { encoding: 'utf8' });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && !OPTIONS.has(a));
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length > 1) {
    console.error(`screen: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : 'give at most one file'}. ${USAGE}`);
    return 2;
  }

  let input: Readable;
  try {
    input = await openInput(files[0]);
  } catch (error) {
    console.error(`screen: cannot read ${files[0]}: ${(error as Error).message}`);
    return 2;
  }

  const config = loadConfig();
  const source = await chooseSource(config, { shipped: args.includes('--shipped') });
  const overlay = compileOverlay(source.changes, source.registries);
  console.error(`screen: policy ${overlay.policy.version} from ${source.label}`);
  const semantic = await semanticLayer(args.includes('--no-semantic'), overlay, config.LOUPE_SEMANTIC_TIMEOUT_MS);

  let lineNumber = 0;
  let failed: Error | null = null;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  input.on('error', (error) => {
    failed = error;
    lines.close();
  });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = parseScreenLine(line);
      if ('error' in parsed) {
        process.stdout.write(`${JSON.stringify({ line: lineNumber, error: parsed.error })}\n`);
        continue;
      }
      const names = source.db ? await loadScreeningNames(source.db, parsed.text, parsed.cameoIds) : {};
      const context: ScreenContext = { ageBand: parsed.ageBand, cameoIds: parsed.cameoIds, ...names, isRemix: parsed.isRemix };
      const result = await screenOnePrompt({ overlay, semantic }, parsed.text, context);
      process.stdout.write(`${JSON.stringify({ line: lineNumber, ...result })}\n`);
    }
  } finally {
    await source.db?.destroy();
  }
  if (failed) {
    console.error(`screen: reading the input stopped at line ${lineNumber}: ${(failed as Error).message}`);
    return 2;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `screen: ${error.message}` : error);
    process.exitCode = 1;
  },
);
