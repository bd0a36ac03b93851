/**
 * One protected person as every registry import reads it (CSV, Wikidata-style JSON, the shipped
 * starter list): the zod schema each row passes, and the sentence a bad row gets.
 *
 * The rules, and why:
 * - `externalId` is a Wikidata item id (`Q` and digits). Anything else (a URL is trimmed to its id
 *   by the parsers first) is refused: the id is the key a later refresh matches on.
 * - Dates are calendar dates, `YYYY-MM-DD` (Wikidata's `+1961-08-04T00:00:00Z` is cut to its date
 *   by the parsers). A year-only Wikidata date arrives as the 1st of January: good enough for a
 *   registry whose screening reads only `living`.
 * - A date of death makes the person not living; saying `living: true` with one is a contradiction
 *   the row is refused for, rather than guessing which half is wrong.
 * - An estate opt-out is for deceased people only (the database has the same CHECK).
 * - An opt-in is never imported: it needs the person's own cameo, which staff link in the console.
 */
import { z } from 'zod';
import type { ProtectedPersonEntry } from '../queries/policy-registries';

/** Names and aliases longer than this are not names (the longest official names are well under it). */
const MAX_NAME = 200;
/** More aliases than this in one row is a mistaken column, not a person's names. */
const MAX_ALIASES = 60;

const isCalendarDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
};

const dateField = (what: string) =>
  z.string().refine(isCalendarDate, { error: (issue) => `the ${what} ${JSON.stringify(issue.input)} is not a date (write YYYY-MM-DD)` });

const nameField = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `the ${what} is empty` })
    .max(MAX_NAME, { error: `the ${what} is longer than ${MAX_NAME} characters` })
    // Control characters never belong in a name and would travel into the policy's automaton.
    .refine((value) => !/\p{Cc}/u.test(value), { error: `the ${what} contains control characters` });

/** The zod schema of one row, after a parser has mapped its columns or fields to these names. */
export const protectedPersonRowSchema = z
  .object({
    externalId: z
      .string()
      .regex(/^Q[1-9][0-9]*$/, { error: (issue) => `the id ${JSON.stringify(issue.input)} is not a Wikidata item id (Q followed by digits)` })
      .optional(),
    name: nameField('name'),
    aliases: z.array(nameField('alias'), { error: 'the aliases are not a list of names' }).max(MAX_ALIASES, { error: `there are more than ${MAX_ALIASES} aliases` }).default([]),
    living: z.boolean({ error: (issue) => `living must be true or false, not ${JSON.stringify(issue.input)}` }).optional(),
    bornOn: dateField('date of birth').optional(),
    diedOn: dateField('date of death').optional(),
    role: z.string().trim().max(MAX_NAME, { error: `the role is longer than ${MAX_NAME} characters` }).optional(),
    estateOptedOut: z.boolean({ error: (issue) => `estate_opted_out must be true or false, not ${JSON.stringify(issue.input)}` }).default(false),
    optedIn: z.literal(false, { error: 'an opt-in cannot be imported: it needs the person\'s own cameo, linked in the console' }).optional(),
  })
  .superRefine((row, ctx) => {
    if (row.living === true && row.diedOn) ctx.addIssue({ code: 'custom', message: 'it says living but gives a date of death' });
    if (row.living === undefined && !row.diedOn && !row.bornOn) {
      ctx.addIssue({ code: 'custom', message: 'it says neither whether the person is living nor a date of birth or death' });
    }
    if (row.bornOn && row.diedOn && row.bornOn > row.diedOn) ctx.addIssue({ code: 'custom', message: 'the date of death is before the date of birth' });
    const living = row.living ?? !row.diedOn;
    if (living && row.estateOptedOut) ctx.addIssue({ code: 'custom', message: 'an estate opt-out is only for a deceased person' });
  });

/** A row as its source wrote it, before validation. */
export type ProtectedPersonRowInput = z.input<typeof protectedPersonRowSchema>;

/** A row that passed validation, with where it was in its file. */
export interface ParsedProtectedPerson {
  /** 1-based: the CSV line, or the position in the JSON array / SPARQL bindings. */
  row: number;
  entry: ProtectedPersonEntry;
}

/** What a parser found: valid rows, and one sentence per refused row (never stops at the first). */
export interface ParsedRegistryFile {
  entries: ParsedProtectedPerson[];
  errors: string[];
  /** How the file's rows are named in sentences: "Row" (CSV lines) or "Item" (JSON positions). */
  rowLabel: 'Row' | 'Item';
}

/**
 * Validates one row; returns the entry, or the sentence saying why it was refused (`Row 4: the date
 * of death "2024-13-01" is not a date (write YYYY-MM-DD); the name is empty.`). `rowLabel` is "Row"
 * for CSV and "Item" for JSON.
 */
export function validateProtectedPersonRow(input: ProtectedPersonRowInput, row: number, rowLabel: 'Row' | 'Item'): ParsedProtectedPerson | string {
  const result = protectedPersonRowSchema.safeParse(input);
  if (!result.success) {
    const reasons = [...new Set(result.error.issues.map((issue) => issue.message))];
    return `${rowLabel} ${row}: ${reasons.join('; ')}.`;
  }
  const value = result.data;
  const living = value.living ?? !value.diedOn;
  return {
    row,
    entry: {
      ...(value.externalId ? { externalId: value.externalId } : {}),
      name: value.name,
      aliases: dedupeAliases(value.name, value.aliases),
      living,
      ...(value.bornOn ? { bornOn: value.bornOn } : {}),
      ...(value.diedOn ? { diedOn: value.diedOn } : {}),
      ...(value.role ? { role: value.role } : {}),
      ...(value.estateOptedOut ? { estateOptedOut: true } : {}),
    },
  };
}

/** Aliases without repeats and without the name itself (compared case-insensitively), in their first order. */
function dedupeAliases(name: string, aliases: string[]): string[] {
  const seen = new Set([name.toLocaleLowerCase()]);
  return aliases.filter((alias) => {
    const key = alias.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Refuses later rows that repeat an earlier row's id or name (a file names each person once), so
 * one import never writes the same entry twice with different data. Returns the rows kept and the
 * sentences for those refused.
 */
export function refuseRepeatedRows(parsed: ParsedProtectedPerson[], rowLabel: 'Row' | 'Item'): Omit<ParsedRegistryFile, 'rowLabel'> {
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  const entries: ParsedProtectedPerson[] = [];
  const errors: string[] = [];
  for (const item of parsed) {
    const { externalId, name } = item.entry;
    const earlier = (externalId ? byId.get(externalId) : undefined) ?? byName.get(name);
    if (earlier !== undefined) {
      errors.push(`${rowLabel} ${item.row}: ${externalId && byId.has(externalId) ? externalId : name} is already ${rowLabel.toLowerCase()} ${earlier} of this file.`);
      continue;
    }
    if (externalId) byId.set(externalId, item.row);
    byName.set(name, item.row);
    entries.push(item);
  }
  return { entries, errors };
}

/** `+1961-08-04T00:00:00Z`, `1961-08-04T00:00:00Z` or `1961-08-04` → `1961-08-04`; anything else unchanged (and refused by the schema). */
export function toCalendarDate(value: string): string {
  const match = /^\+?(\d{4}-\d{2}-\d{2})(T[\d:.]+Z?)?$/.exec(value.trim());
  return match?.[1] ?? value.trim();
}

/** `http://www.wikidata.org/entity/Q22686` or `wd:Q22686` → `Q22686`; anything else trimmed and unchanged. */
export function toWikidataId(value: string): string {
  const match = /(?:^|[/:])(Q[1-9][0-9]*)$/.exec(value.trim());
  return match?.[1] ?? value.trim();
}
