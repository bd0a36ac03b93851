/**
 * `npm run copyright:import -- <file> [--dry-run]`: imports works registry entries (CSV or JSON,
 * formats in docs/copyright.md, "Importing") into the configured database, exactly as the upload on
 * /copyright/works does: every row validated, a file with any bad row imports nothing (each bad
 * line is printed), entries in shadow unless a row says live, one audit entry for the file.
 *
 * The database: DATABASE_URL, else APP_DATABASE_URL, else the embedded database of a running
 * `npm start` in LOUPE_DATA_DIR. Exit code 0 when imported (or, with --dry-run, importable), 3 when
 * the file has bad rows (nothing written), 2 for a usage error or an unreadable file, 1 when the
 * database failed (nothing written).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';
import { createDb } from '../db/connection';
import { applyCopyrightWorksImport, COPYRIGHT_IMPORT_MAX_CHARS, parseCopyrightImport } from '../db/copyright-works/import';
import { embeddedAppConnectionString } from '../db/embedded-postgres';
import { appendAudit } from '../db/queries/audit';

const USAGE = 'usage: npm run copyright:import -- <file.csv|file.json> [--dry-run]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--dry-run');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length !== 1) {
    console.error(`copyright:import: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : 'give exactly one file'}. ${USAGE}`);
    return 2;
  }
  const file = files[0]!;
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.byteLength > COPYRIGHT_IMPORT_MAX_CHARS) throw new Error(`it is larger than ${COPYRIGHT_IMPORT_MAX_CHARS / 1024 / 1024} MB; split it`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    console.error(`copyright:import: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const fileName = path.basename(file);
  const parsed = parseCopyrightImport(fileName, text);
  if (parsed.errors.length > 0) {
    console.log(`${fileName} (${parsed.format}): ${parsed.errors.length} bad rows; nothing was imported. Fix them and run again:`);
    for (const sentence of parsed.errors) console.log(`  ${sentence}`);
    return 3;
  }
  const live = parsed.rows.filter((r) => r.row.enforcement === 'live').length;
  if (dryRun) {
    console.log(`Dry run (nothing written): ${fileName} (${parsed.format}) has ${parsed.rows.length} entries, ${live} live and ${parsed.rows.length - live} in shadow.`);
    return 0;
  }

  const config = loadConfig();
  const url =
    config.DATABASE_URL ??
    config.APP_DATABASE_URL ??
    (existsSync(path.join(config.dataDir, 'postgres', 'PG_VERSION')) ? embeddedAppConnectionString(config.EMBEDDED_POSTGRES_PORT) : null);
  if (!url) throw new ConfigError(`no database: set DATABASE_URL (or APP_DATABASE_URL), or run npm start first so ${config.dataDir} has its embedded database.`);
  const who = `${os.userInfo().username} (command line)`;
  const source = `import ${fileName} by ${who}`;
  const db = createDb(url, { maxConnections: 2 });
  try {
    const ids = await applyCopyrightWorksImport(db, parsed, source, (trx) =>
      appendAudit(trx, {
        actorStaffId: null, actorLabel: who, action: 'copyright.works.import', subjectType: 'copyright_works_import', subjectId: fileName,
        after: { format: parsed.format, rows: parsed.rows.length, live, shadow: parsed.rows.length - live, source },
      }),
    );
    console.log(`Imported ${fileName} (${parsed.format}): ${ids.length} entries, ${live} live and ${ids.length - live} in shadow (backtest and promote them on /copyright/works).`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`copyright:import: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
