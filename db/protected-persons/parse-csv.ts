/**
 * The registry's CSV format (docs/protected-persons.md), parsed without touching the database.
 *
 * A header row names the columns, in any order: `id,name,aliases,living,born,died,role,
 * estate_opted_out,opted_in`. Only `name` is required; a column may be left out or left empty.
 * `aliases` holds several names separated by `|` (a comma would clash with the CSV itself);
 * `living`, `estate_opted_out` and `opted_in` take true/false, yes/no or 1/0; `born`/`died` are
 * `YYYY-MM-DD`. Every row is checked (entry.ts) and a bad row becomes one sentence naming its line;
 * the rest of the file is still read.
 */
import { parse } from 'csv-parse/sync';
import { refuseRepeatedRows, toCalendarDate, toWikidataId, validateProtectedPersonRow, type ParsedProtectedPerson, type ParsedRegistryFile } from './entry';

/** The columns the format defines, in the documented order. */
export const REGISTRY_CSV_COLUMNS = ['id', 'name', 'aliases', 'living', 'born', 'died', 'role', 'estate_opted_out', 'opted_in'] as const;
type Column = (typeof REGISTRY_CSV_COLUMNS)[number];

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** A yes/no cell: undefined when empty, the word itself when it is neither (so the schema refuses it with its value). */
function flag(cell: string | undefined): boolean | string | undefined {
  const word = (cell ?? '').trim().toLowerCase();
  if (word === '') return undefined;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return cell;
}

const optional = (cell: string | undefined): string | undefined => (cell && cell.trim() !== '' ? cell.trim() : undefined);

/**
 * Parses a registry CSV file. Never throws for bad content: a file that is not CSV at all, or
 * whose header lacks `name` or names unknown columns, gives one error and no rows.
 */
export function parseRegistryCsv(text: string): ParsedRegistryFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    return { rowLabel: 'Row', entries: [], errors: [`The file could not be read as CSV: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  const [header, ...rows] = records;
  if (!header) return { rowLabel: 'Row', entries: [], errors: ['The file is empty: it needs a header row (id,name,aliases,living,born,died,role,estate_opted_out,opted_in) and one row per person.'] };
  const columns = header.record.map((cell) => cell.trim().toLowerCase());
  const unknown = columns.filter((column) => !(REGISTRY_CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0 || !columns.includes('name')) {
    return {
      rowLabel: 'Row',
      entries: [],
      errors: [
        `The header row must name the columns ${REGISTRY_CSV_COLUMNS.join(',')} (name is required)` +
          (unknown.length > 0 ? `; it has unknown columns: ${unknown.join(', ')}.` : '; it has no name column.'),
      ],
    };
  }
  const parsed: ParsedProtectedPerson[] = [];
  const errors: string[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length > columns.length) {
      errors.push(`Row ${line}: it has ${record.length} cells but the header names ${columns.length} columns (quote a cell that contains a comma).`);
      continue;
    }
    const cell = (column: Column): string | undefined => {
      const index = columns.indexOf(column);
      return index === -1 ? undefined : record[index];
    };
    const id = optional(cell('id'));
    const born = optional(cell('born'));
    const died = optional(cell('died'));
    const result = validateProtectedPersonRow(
      {
        ...(id ? { externalId: toWikidataId(id) } : {}),
        name: cell('name') ?? '',
        aliases: (cell('aliases') ?? '').split('|').map((alias) => alias.trim()).filter((alias) => alias !== ''),
        living: flag(cell('living')) as boolean | undefined,
        ...(born ? { bornOn: toCalendarDate(born) } : {}),
        ...(died ? { diedOn: toCalendarDate(died) } : {}),
        role: optional(cell('role')),
        estateOptedOut: flag(cell('estate_opted_out')) as boolean | undefined,
        optedIn: flag(cell('opted_in')) as false | undefined,
      },
      line,
      'Row',
    );
    if (typeof result === 'string') errors.push(result);
    else parsed.push(result);
  }
  const unique = refuseRepeatedRows(parsed, 'Row');
  return { rowLabel: 'Row', entries: unique.entries, errors: [...errors, ...unique.errors] };
}
