/**
 * Hash lists imported into a bank (issue 13, /copyright/banks), parsed without touching the database.
 *
 * - CSV: a header row naming `hash` (64 hex digits, PDQ's reference order, as Meta's tools and HMA
 *   export them) and optionally `quality` (0..100) and `note`; parsed with csv-parse.
 * - JSON: an array of objects `{ "hash": "...", "quality"?: 0..100, "note"?: "..." }`, or of bare hex strings.
 * Every row is checked with zod; each bad row becomes one sentence naming its line (CSV: the file's
 * line; JSON: the array position, from 1), and the caller imports nothing when there is any.
 * A hash repeated within the file is refused too (a copy-paste mistake). The hex check is the one of
 * activities/fingerprint/pdq.ts `pdqFromHex`, which db/ may not import (dependency-cruiser's layers).
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** One parsed row: the 32 bytes, optional quality and note, and where it was. */
export interface ParsedBankHash {
  line: number;
  hash: Uint8Array;
  quality: number | null;
  note: string | null;
}

export interface ParsedHashList {
  rows: ParsedBankHash[];
  /** One sentence per refused row or file problem. */
  errors: string[];
}

/** Most rows one import may hold: a million hashes are a bulk load, not a console upload. */
export const HASH_LIST_MAX_ROWS = 100_000;

const rowSchema = z.object({
  hash: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'the hash must be 64 hex digits (a PDQ hash)'),
  quality: z.union([z.number(), z.string().trim()]).optional().transform((value, ctx) => {
    if (value === undefined || value === '') return null;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: 'custom', message: 'quality must be a whole number from 0 to 100' });
      return z.NEVER;
    }
    return n;
  }),
  note: z.string().trim().max(500, 'a note is at most 500 characters').optional().transform((v) => (v ? v : null)),
});

function checkRow(raw: unknown, line: number, where: string, rows: ParsedBankHash[], errors: string[], seen: Map<string, number>): void {
  const parsed = rowSchema.safeParse(typeof raw === 'string' ? { hash: raw } : raw);
  if (!parsed.success) {
    errors.push(`${where} ${line}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}.`);
    return;
  }
  const hex = parsed.data.hash.toLowerCase();
  const first = seen.get(hex);
  if (first !== undefined) {
    errors.push(`${where} ${line}: the same hash as ${where.toLowerCase()} ${first}; list each hash once.`);
    return;
  }
  seen.set(hex, line);
  rows.push({ line, hash: new Uint8Array(Buffer.from(hex, 'hex')), quality: parsed.data.quality, note: parsed.data.note });
}

/** Parses a CSV hash list (see the module header). Never throws for bad content. */
export function parseHashListCsv(text: string): ParsedHashList {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    return { rows: [], errors: [`The file is not readable CSV (${(error as Error).message.split('\n')[0]}); save it as CSV with a header row.`] };
  }
  if (records.length === 0) return { rows: [], errors: ['The file is empty: add a header row (hash,quality,note) and one hash per row.'] };
  const header = records[0]!.record.map((cell) => cell.toLowerCase());
  const unknown = header.filter((cell) => !['hash', 'quality', 'note'].includes(cell));
  if (!header.includes('hash') || unknown.length > 0) {
    return { rows: [], errors: [`Line 1 must be the header row naming the columns hash, quality (optional) and note (optional)${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}.`] };
  }
  if (records.length - 1 > HASH_LIST_MAX_ROWS) return { rows: [], errors: [`The file has ${records.length - 1} rows; at most ${HASH_LIST_MAX_ROWS} may be imported at once. Split it.`] };
  const rows: ParsedBankHash[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const raw = Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']));
    if (raw.note === '') delete raw.note;
    checkRow(raw, info.lines, 'Line', rows, errors, seen);
  }
  return { rows, errors };
}

/** Parses a JSON hash list (see the module header). Never throws for bad content. */
export function parseHashListJson(text: string): ParsedHashList {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { rows: [], errors: [`The file is not valid JSON (${(error as Error).message}); it should be an array of { "hash": "..." } objects.`] };
  }
  if (!Array.isArray(data)) return { rows: [], errors: ['The JSON must be an array of { "hash": "...", "quality": 0..100, "note": "..." } objects.'] };
  if (data.length === 0) return { rows: [], errors: ['The JSON array is empty: list at least one hash.'] };
  if (data.length > HASH_LIST_MAX_ROWS) return { rows: [], errors: [`The file has ${data.length} entries; at most ${HASH_LIST_MAX_ROWS} may be imported at once. Split it.`] };
  const rows: ParsedBankHash[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  data.forEach((entry, i) => checkRow(entry, i + 1, 'Entry', rows, errors, seen));
  return { rows, errors };
}

/** CSV or JSON by the file's name (.json) or first character ([). */
export function parseHashList(fileName: string, text: string): ParsedHashList {
  const json = fileName.toLowerCase().endsWith('.json') || text.trimStart().startsWith('[');
  return json ? parseHashListJson(text) : parseHashListCsv(text);
}
