/**
 * `npm run registry:import -- <file> [--dry-run] [--source-date YYYY-MM-DD]`: imports a
 * protected-persons list (CSV or Wikidata-style JSON, formats in docs/protected-persons.md) into
 * the registry of the configured database, exactly as the console's upload does.
 *
 * - The format comes from the file's extension (.csv, .json), else from its first character.
 * - Every row is checked; a bad row is refused with a sentence naming its row and the rest go on.
 * - `--dry-run` does the whole import in a transaction and rolls it back: the counts are what
 *   applying would do. Review them (docs/protected-persons.md, "Before applying") and run again
 *   without it.
 * - The database: DATABASE_URL, else APP_DATABASE_URL, else the embedded database of a running
 *   `npm start` in LOUPE_DATA_DIR. An applied import writes one audit entry with its counts.
 *
 * Prints the counts and every refusal on standard output. Exit code 0 when no row was refused, 3
 * when some were (the others were applied, or would be), 2 for a usage error or an unreadable file,
 * 1 when the database failed (nothing was applied).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';
import { createDb } from '../db/connection';
import { embeddedAppConnectionString } from '../db/embedded-postgres';
import { importProtectedPersons, parseRegistryFile, registryFormatOf } from '../db/protected-persons/import';
import { appendAudit } from '../db/queries/audit';

const USAGE = 'usage: npm run registry:import -- <file.csv|file.json> [--dry-run] [--source-date YYYY-MM-DD]';
/** Files larger than this are not a registry list (the full starter list is about 60 kB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

function parseArgs(args: string[]): { file: string; dryRun: boolean; sourceDate: string | null } | string {
  let dryRun = false;
  let sourceDate: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--source-date') {
      sourceDate = args[++i] ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(sourceDate)) return `--source-date takes a date, YYYY-MM-DD. ${USAGE}`;
    } else if (arg.startsWith('-')) return `unknown option ${arg}. ${USAGE}`;
    else files.push(arg);
  }
  if (files.length !== 1) return `give exactly one file. ${USAGE}`;
  return { file: files[0]!, dryRun, sourceDate };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`registry:import: ${args}`);
    return 2;
  }
  let text: string;
  try {
    const bytes = readFileSync(args.file);
    if (bytes.byteLength > MAX_FILE_BYTES) throw new Error(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    text = bytes.toString('utf8');
  } catch (error) {
    console.error(`registry:import: cannot read ${args.file}: ${(error as Error).message}`);
    return 2;
  }

  const config = loadConfig();
  const url =
    config.DATABASE_URL ??
    config.APP_DATABASE_URL ??
    (existsSync(path.join(config.dataDir, 'postgres', 'PG_VERSION')) ? embeddedAppConnectionString(config.EMBEDDED_POSTGRES_PORT) : null);
  if (!url) throw new ConfigError(`no database: set DATABASE_URL (or APP_DATABASE_URL), or run npm start first so ${config.dataDir} has its embedded database.`);

  const format = registryFormatOf(args.file, text);
  const parsed = parseRegistryFile(format, text);
  const who = `${os.userInfo().username} (command line)`;
  const fileName = path.basename(args.file);
  const db = createDb(url, { maxConnections: 2 });
  try {
    const report = await importProtectedPersons(db, parsed, { label: `import ${fileName} by ${who}`, date: args.sourceDate }, {
      dryRun: args.dryRun,
      onApplied: (trx, counts) =>
        appendAudit(trx, {
          actorStaffId: null, actorLabel: who, action: 'policy.public_figure.import', subjectType: 'public_figure_import', subjectId: fileName,
          after: { format, added: counts.added, updated: counts.updated, unchanged: counts.unchanged, refused: counts.refused.length },
        }),
    });
    console.log(
      `${args.dryRun ? 'Dry run (nothing written)' : 'Imported'} ${fileName} (${format}): ${report.added} added, ${report.updated} updated, ` +
        `${report.unchanged} unchanged, ${report.refused.length} refused.`,
    );
    for (const sentence of report.refused) console.log(`  refused: ${sentence}`);
    return report.refused.length > 0 ? 3 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`registry:import: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
