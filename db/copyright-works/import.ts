/**
 * Importing works registry entries from CSV or JSON (issue 13; docs/copyright.md, "Importing").
 *
 * CSV: a header row names the columns, in any order:
 * `name,kind,aliases,owner,territories,rule,conditions,public_domain,enforcement,context,licence,source_date`.
 * `name` and `kind` are required. `aliases` holds several names separated by `|`, each optionally
 * tagged with its language as `tag=name` (`ja=ピカチュウ|de=Glurak`); `territories` and `context`
 * are `|`-separated too. JSON: an array of objects (or `{ "entries": [...] }`) with the same fields
 * in camelCase (`publicDomain`, `sourceDate`, `contextTerms`), aliases as strings or `{ name, lang }`.
 *
 * Every row is validated with zod; a bad row becomes one sentence naming its line (CSV) or item
 * (JSON). A file with any bad row imports nothing: `applyCopyrightWorksImport` writes all rows in
 * one transaction, or none. Entries arrive in shadow unless a row says `live`.
 */
import { parse } from 'csv-parse/sync';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { COPYRIGHT_ENTITY_KINDS, COPYRIGHT_RULES } from '../../policies/copyright/types';
import { upsertCopyrightEntity, type CopyrightEntityEntry } from '../queries/copyright-entities';
import type { Database } from '../schema';

/** The CSV columns, in the documented order. */
export const COPYRIGHT_CSV_COLUMNS = [
  'name', 'kind', 'aliases', 'owner', 'territories', 'rule', 'conditions', 'public_domain', 'enforcement', 'context', 'licence', 'source_date',
] as const;

/** Largest file the console and the script accept (characters). */
export const COPYRIGHT_IMPORT_MAX_CHARS = 5 * 1024 * 1024;
/** Most rows one file may hold. */
export const COPYRIGHT_IMPORT_MAX_ROWS = 50_000;

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

/** An ISO 3166-1 alpha-2 code (two capital letters) or `worldwide`. */
const territory = z.string().trim().transform((t) => (t.toLowerCase() === 'worldwide' ? 'worldwide' : t.toUpperCase()))
  .refine((t) => t === 'worldwide' || /^[A-Z]{2}$/.test(t), { message: 'a territory is an ISO 3166-1 alpha-2 code such as US or ID, or worldwide' });

/** A BCP 47 language tag, loosely: letters, digits and dashes ("en", "zh-Hant", "und"). */
const lang = z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag looks like en, ja or zh-Hant');

const aliasSchema = z.union([
  z.string().trim().min(1).max(200).transform((name) => ({ name, lang: 'und' })),
  z.object({ name: z.string().trim().min(1, 'an alias needs a name').max(200), lang: lang.default('und') }),
]);

/** One row as the import takes it (both formats are brought to this shape before validation). */
export const copyrightImportRowSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200, 'a name is at most 200 characters'),
  kind: z.enum(COPYRIGHT_ENTITY_KINDS, { message: 'kind must be character, work or brand' }),
  aliases: z.array(aliasSchema).max(100, 'at most 100 aliases').default([]),
  owner: z.string().trim().max(300).nullable().default(null).transform((o) => (o === '' ? null : o)),
  territories: z.array(territory).max(250).default(['worldwide']),
  rule: z.enum(COPYRIGHT_RULES, { message: 'rule must be allow, review, block or empty' }).nullable().default(null),
  conditions: z.string().trim().max(2000).nullable().default(null).transform((c) => (c === '' ? null : c)),
  publicDomain: z.boolean({ message: 'public_domain must be true or false' }).default(false),
  enforcement: z.enum(['shadow', 'live'], { message: 'enforcement must be shadow or live' }).default('shadow'),
  contextTerms: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  licence: z.string().trim().min(1).max(300).default('not stated in the import'),
  sourceDate: z.iso.date({ message: 'source_date must be a date written YYYY-MM-DD' }).nullable().default(null),
});
export type CopyrightImportRow = z.infer<typeof copyrightImportRowSchema>;

/** A parsed file: valid rows with their line (CSV) or item number (JSON), and one sentence per problem. */
export interface ParsedCopyrightImport {
  rows: { at: number; row: CopyrightImportRow }[];
  errors: string[];
}

/** Every problem of a failed validation, as one sentence fragment ("kind: kind must be ...; rule: rule must be ..."). */
function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
}

/** Rows naming the same entity twice (case-insensitively) are refused, each after the first. */
function refuseRepeats(parsed: ParsedCopyrightImport, label: string): ParsedCopyrightImport {
  const seen = new Map<string, number>();
  const rows: ParsedCopyrightImport['rows'] = [];
  const errors = [...parsed.errors];
  for (const item of parsed.rows) {
    const key = item.row.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) errors.push(`${label} ${item.at}: ${item.row.name} is already on ${label.toLowerCase()} ${first}.`);
    else {
      seen.set(key, item.at);
      rows.push(item);
    }
  }
  return { rows, errors };
}

const cells = (cell: string | undefined): string[] => (cell ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '');

/** Parses a CSV file. Never throws: a file that is not CSV, or a header without name and kind, is one error. */
export function parseCopyrightCsv(text: string): ParsedCopyrightImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    return { rows: [], errors: [`The file could not be read as CSV: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [`The file is empty: it needs a header row (${COPYRIGHT_CSV_COLUMNS.join(',')}) and one row per entity.`] };
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const unknown = columns.filter((c) => !(COPYRIGHT_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0 || !columns.includes('name') || !columns.includes('kind')) {
    return {
      rows: [],
      errors: [
        `The header row must name the columns ${COPYRIGHT_CSV_COLUMNS.join(',')} (name and kind are required)` +
          (unknown.length > 0 ? `; it has unknown columns: ${unknown.join(', ')}.` : '; it lacks name or kind.'),
      ],
    };
  }
  if (body.length > COPYRIGHT_IMPORT_MAX_ROWS) return { rows: [], errors: [`The file has ${body.length} rows; import at most ${COPYRIGHT_IMPORT_MAX_ROWS} at a time.`] };
  const out: ParsedCopyrightImport = { rows: [], errors: [] };
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length > columns.length) {
      out.errors.push(`Line ${line}: it has ${record.length} cells but the header names ${columns.length} columns (quote a cell that contains a comma).`);
      continue;
    }
    const cell = (column: (typeof COPYRIGHT_CSV_COLUMNS)[number]) => {
      const index = columns.indexOf(column);
      return index === -1 ? undefined : record[index];
    };
    const present = (column: (typeof COPYRIGHT_CSV_COLUMNS)[number]) => {
      const value = cell(column);
      return value === undefined || value.trim() === '' ? undefined : value.trim();
    };
    const pd = (cell('public_domain') ?? '').trim().toLowerCase();
    const candidate = {
      name: cell('name') ?? '',
      kind: (cell('kind') ?? '').trim().toLowerCase(),
      aliases: cells(cell('aliases')).map((alias) => {
        const m = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)=(.+)$/.exec(alias);
        return m ? { lang: m[1]!, name: m[2]! } : { name: alias, lang: 'und' };
      }),
      owner: present('owner') ?? null,
      territories: cells(cell('territories')).length > 0 ? cells(cell('territories')) : undefined,
      rule: present('rule')?.toLowerCase() ?? null,
      conditions: present('conditions') ?? null,
      publicDomain: TRUE_WORDS.has(pd) ? true : FALSE_WORDS.has(pd) ? false : pd,
      enforcement: present('enforcement')?.toLowerCase(),
      contextTerms: cells(cell('context')),
      licence: present('licence'),
      sourceDate: present('source_date') ?? null,
    };
    const result = copyrightImportRowSchema.safeParse(candidate);
    if (result.success) out.rows.push({ at: line, row: result.data });
    else out.errors.push(`Line ${line}: ${issuesOf(result.error)}.`);
  }
  return refuseRepeats(out, 'Line');
}

/** Parses a JSON file: an array of entries or `{ "entries": [...] }`. Never throws. */
export function parseCopyrightJson(text: string): ParsedCopyrightImport {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { rows: [], errors: [`The file could not be read as JSON: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  const list = Array.isArray(document) ? document : (document as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return { rows: [], errors: ['The JSON must be an array of entries, or an object with an "entries" array.'] };
  if (list.length > COPYRIGHT_IMPORT_MAX_ROWS) return { rows: [], errors: [`The file has ${list.length} entries; import at most ${COPYRIGHT_IMPORT_MAX_ROWS} at a time.`] };
  const out: ParsedCopyrightImport = { rows: [], errors: [] };
  list.forEach((item, index) => {
    const result = copyrightImportRowSchema.safeParse(item);
    if (result.success) out.rows.push({ at: index + 1, row: result.data });
    else out.errors.push(`Entry ${index + 1}: ${issuesOf(result.error)}.`);
  });
  return refuseRepeats(out, 'Entry');
}

/** The format of a file: by its extension, else by its first character (`[` or `{` is JSON). */
export function copyrightImportFormatOf(fileName: string, text: string): 'csv' | 'json' {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'json') return extension;
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Parses a file in its format. */
export function parseCopyrightImport(fileName: string, text: string): ParsedCopyrightImport & { format: 'csv' | 'json' } {
  const format = copyrightImportFormatOf(fileName, text);
  return { format, ...(format === 'csv' ? parseCopyrightCsv(text) : parseCopyrightJson(text)) };
}

/** The registry entry a row becomes; `source` names the import ("import works.csv by a@b.example"). */
export function entryOfImportRow(row: CopyrightImportRow, source: string, today: string): CopyrightEntityEntry {
  return {
    name: row.name, kind: row.kind, aliases: row.aliases, owner: row.owner, territories: row.territories, rule: row.rule, conditions: row.conditions,
    publicDomain: row.publicDomain, source, licence: row.licence, sourceDate: row.sourceDate ?? today, demo: false, enforcement: row.enforcement,
    ambiguous: row.contextTerms.length > 0, contextTerms: row.contextTerms,
  };
}

/**
 * Writes every row of a clean file in one transaction and runs `onApplied` (the audit entry) in the
 * same transaction; returns the entity ids. Throws when the file has errors (the caller refuses
 * such a file before calling).
 */
export async function applyCopyrightWorksImport(
  db: Kysely<Database>,
  parsed: ParsedCopyrightImport,
  source: string,
  onApplied: (trx: Transaction<Database>, ids: string[]) => Promise<void>,
): Promise<string[]> {
  if (parsed.errors.length > 0) throw new Error('applyCopyrightWorksImport: the file has errors; nothing is imported from it.');
  const today = new Date().toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const { row } of parsed.rows) ids.push(await upsertCopyrightEntity(trx, entryOfImportRow(row, source, today)));
    await onApplied(trx, ids);
    return ids;
  });
}
