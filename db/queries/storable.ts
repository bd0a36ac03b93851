/**
 * Values that go into SQL, limited to what PostgreSQL accepts, so that bad input is refused where
 * it enters (a route, a procedure, a cursor) with a sentence, instead of failing inside a query as
 * a 500. Each rule names the PostgreSQL limit it keeps (PostgreSQL 17 documentation, chapter 8):
 *
 * - Dates: `timestamptz` runs from 4713 BC to 294276 AD, JavaScript's `Date` from 271821 BC to
 *   275760 AD, so a date JavaScript reads may still be one PostgreSQL refuses. Loupe accepts the
 *   years 1 to 9999: every date a person means, the range ISO 8601 writes with four digits, and
 *   what a browser's date input offers.
 * - Timestamps as PostgreSQL's own text (keyset cursors keep them that way for their microseconds):
 *   `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` (DateStyle ISO, PostgreSQL's default), a real
 *   calendar day, years 1 to 9999.
 * - Ids: UUIDs in their 8-4-4-4-12 hexadecimal form (a looser "36 characters of hex and dashes"
 *   lets 36 dashes through, which `uuid` refuses).
 * - Whole numbers: `integer` is 32-bit and `bigint` 64-bit (at most 9223372036854775807).
 * - Text: `text` cannot hold the NUL character U+0000 (error 22021, "invalid byte sequence").
 */
import { z } from 'zod';

/** The years Loupe accepts in a date (see the header for why). */
export const STORABLE_YEARS = { first: 1, last: 9999 } as const;

/** The sentence for a date outside STORABLE_YEARS or no date at all. */
export const DATE_RANGE_SENTENCE = `a date between the years ${STORABLE_YEARS.first} and ${STORABLE_YEARS.last} (YYYY-MM-DD)`;

/** Whether `date` is a real date within STORABLE_YEARS (UTC). */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= STORABLE_YEARS.first && year <= STORABLE_YEARS.last;
}

/**
 * A date from text or a Date (query strings, JSON), refused with DATE_RANGE_SENTENCE when it is
 * not one or lies outside STORABLE_YEARS.
 */
export const storableDate = z.coerce.date({ error: DATE_RANGE_SENTENCE }).refine(isStorableDate, DATE_RANGE_SENTENCE);

/** ISO 8601 date-time text (what `Date.toISOString()` writes) of a storable date, kept as text. */
export const storableIsoDateTime = z.iso.datetime({ offset: true, error: DATE_RANGE_SENTENCE }).refine((text) => isStorableDate(new Date(text)), DATE_RANGE_SENTENCE);

// The zone offset may carry minutes and even seconds (historical local mean times, e.g. +05:53:28).
const PG_TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::\d{2})?$/;

/** Whether `text` is a `timestamptz` as PostgreSQL writes it, on a real calendar day within STORABLE_YEARS. */
export function isPgTimestampText(text: string): boolean {
  const match = PG_TIMESTAMP_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    year! >= STORABLE_YEARS.first && year! <= STORABLE_YEARS.last &&
    calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day &&
    hour! < 24 && minute! < 60 && second! < 60 && offsetHours! <= 15 && offsetMinutes! < 60
  );
}

/** PostgreSQL's `integer` range (32-bit signed). */
export const PG_INTEGER = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** Whether `value` (a number or its decimal text) is a whole number PostgreSQL's `integer` holds. */
export function isPgInteger(value: unknown): boolean {
  const number = typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= PG_INTEGER.min && number <= PG_INTEGER.max;
}

/** The largest `bigint` (and so the largest `bigserial` id). */
const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A positive `bigint` id as decimal text (audit entries are numbered this way). */
export const bigintId = z
  .string()
  .regex(/^\d{1,19}$/, 'an entry number (digits only)')
  .refine((text) => BigInt(text) <= PG_BIGINT_MAX, 'an entry number no larger than 9223372036854775807');

/** The sentence for text that holds a NUL character. */
export const NUL_TEXT_SENTENCE = 'Text may not contain binary data or control characters such as NUL (U+0000); remove them and send again.';

/** Whether `value` is, or holds anywhere inside its arrays and objects (keys included), a string with a NUL character. */
export function holdsNulText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  // Deeper than any input Loupe takes; a value nested this far is refused by its schema anyway.
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => holdsNulText(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNulText(item, depth + 1));
}

/** Text PostgreSQL can store: refused with NUL_TEXT_SENTENCE when it holds a NUL character. */
export const storableText = z.string().refine((text) => !text.includes('\u0000'), NUL_TEXT_SENTENCE);

/** An id in the 8-4-4-4-12 hexadecimal form (any version: PostgreSQL's `uuid` checks none). */
export const storableUuid = z.guid({ error: 'an id (a UUID such as 3f2b8c1e-0d4a-4f6b-9a7e-2c5d8e1f0a9b)' });
