/**
 * `npm run screen`: screens prompts exactly as the pipeline's screenPrompt activity does, without a
 * running stack, so operators can check a list of prompts before a policy change and evaluations
 * can use the real thing.
 *
 *   npm run screen -- prompts.txt            one prompt per line, or JSON lines
 *   some-command | npm run screen            the same from standard input
 *   npm run screen -- --shipped prompts.txt  shipped rules and registries, even with a database
 *
 * A JSON line is `{"text": "...", "ageBand": "teen", "cameoIds": ["..."], "isRemix": false}`
 * (only `text` is required); any other line is a prompt as it stands; blank lines are skipped.
 * Writes one JSON object per input line to standard output: `line`, `verdict`, `categories`,
 * `reasons`, `policyVersion`, `matches` (spans are UTF-16 offsets into `text`), or `line` and
 * `error` for a line that could not be read, and goes on. Says on standard error where the policy
 * came from. Exit code 0, or 2 when the input cannot be read at all.
 *
 * Like the pipeline: the live overlay (latest promotion) and the registries of the configured
 * database (DATABASE_URL / APP_DATABASE_URL, or the embedded database of a running `npm start`),
 * cameo display names and registered characters from it; without a database, the shipped rules
 * and registries. Unlike the pipeline: the optional external classifier is not asked (it can only
 * make a verdict stricter), and nothing is stored.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { ConfigError, loadConfig } from '../config/env.js';
import { loadScreeningNames } from '../db/queries/screening-names.js';
import { compileOverlay, screenWithPolicy, type ScreenContext } from '../policies/index.js';
import { parseScreenLine } from './screen/input-line.js';
import { chooseSource } from './screen/registries.js';

const USAGE = 'usage: npm run screen -- [--shipped] [prompts-file]   (reads standard input without a file)';

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
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--shipped');
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
  const { policy } = compileOverlay(source.changes, source.registries);
  console.error(`screen: policy ${policy.version} from ${source.label}`);

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
      const result = screenWithPolicy(policy, parsed.text, context);
      const { verdict, categories, reasons, policyVersion, matches } = result;
      process.stdout.write(`${JSON.stringify({ line: lineNumber, verdict, categories, reasons, policyVersion, matches })}\n`);
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
