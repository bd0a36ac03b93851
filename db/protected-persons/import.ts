/**
 * Applies a parsed registry file to `public_figures`: every valid row through
 * `upsertProtectedPerson` (by Wikidata id, else by name), counted as added, updated, unchanged or
 * refused with its sentence. One transaction for the whole file, so a file is applied entirely or
 * not at all when the database fails; a dry run does the same work in the same transaction and
 * rolls it back, so its counts are exactly what applying would do (at that moment).
 */
import type { Kysely, Transaction } from 'kysely';
import { PublicFigureRefused, upsertProtectedPerson, type RegistrySource } from '../queries/policy-registries';
import type { Database } from '../schema';
import type { ParsedRegistryFile } from './entry';
import { parseRegistryCsv } from './parse-csv';
import { parseRegistryJson } from './parse-json';

/** The formats an import reads. */
export const REGISTRY_FORMATS = ['csv', 'json'] as const;
export type RegistryFormat = (typeof REGISTRY_FORMATS)[number];

/** What an import did (or, for a dry run, would do). `refused` holds one sentence per refused row, parse errors first. */
export interface RegistryImportReport {
  dryRun: boolean;
  added: number;
  updated: number;
  unchanged: number;
  refused: string[];
}

/** The format of a file: by its name's extension, else by its first character (`[` or `{` is JSON). */
export function registryFormatOf(fileName: string, text: string): RegistryFormat {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'json') return extension;
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Parses a file in the given format (see parse-csv.ts and parse-json.ts). */
export function parseRegistryFile(format: RegistryFormat, text: string): ParsedRegistryFile {
  return format === 'csv' ? parseRegistryCsv(text) : parseRegistryJson(text);
}

/** Thrown inside the transaction to roll a dry run back; never leaves this module. */
class DryRunRollback extends Error {}

/**
 * Writes a parsed file's rows into the registry (or, with `dryRun`, only counts what it would do).
 * A row `upsertProtectedPerson` refuses is counted in `refused` with its row number; other database
 * errors propagate (and roll the whole file back, `onApplied`'s writes included).
 */
export async function importProtectedPersons(
  db: Kysely<Database>,
  parsed: ParsedRegistryFile,
  source: RegistrySource,
  options: {
    dryRun: boolean;
    /** Runs in the import's transaction after the rows, unless a dry run: the audit entry commits with the rows or not at all. */
    onApplied?: (trx: Transaction<Database>, report: RegistryImportReport) => Promise<void>;
  },
): Promise<RegistryImportReport> {
  const report: RegistryImportReport = { dryRun: options.dryRun, added: 0, updated: 0, unchanged: 0, refused: [...parsed.errors] };
  try {
    await db.transaction().execute(async (trx) => {
      for (const { row, entry } of parsed.entries) {
        try {
          const { outcome } = await upsertProtectedPerson(trx, entry, source);
          if (outcome === 'kept') throw new Error('unreachable: an import overwrites every source');
          report[outcome] += 1;
        } catch (error) {
          if (!(error instanceof PublicFigureRefused)) throw error;
          report.refused.push(`${parsed.rowLabel} ${row}: ${error.message}`);
        }
      }
      if (options.dryRun) throw new DryRunRollback();
      await options.onApplied?.(trx, report);
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return report;
}
