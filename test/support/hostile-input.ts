/**
 * Generated bad input (fast-check arbitraries) of the kinds people and attackers send: text with
 * NUL bytes, broken percent-encoding, lone surrogates and control characters; numbers too large for
 * any column; dates outside what PostgreSQL stores (it keeps timestamps from 4713 BC to 294276 AD,
 * JavaScript dates reach 271821 BC); ids that look like UUIDs but are not; forged keyset cursors;
 * odd methods, headers and bodies. Shared by the property tests that throw it at every route and
 * tRPC procedure (test/app/property-no-5xx.test.ts).
 *
 * The pieces are lists written out (the cases found by hand in issue 10 and their relatives) mixed
 * with fast-check's own generators, so one fixed seed reproduces a run exactly.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Text that breaks naive handling: NUL and other control bytes, encodings, injections, sizes. */
export const NASTY_TEXT = [
  '', ' ', '\u0000', 'a\u0000b', '%00', '%E0%A4%A', '%', '%%', '%zz', '\uD800', 'x\uDFFFy', '\u202Eevil', '\u200B', '\uFEFF',
  '😀'.repeat(30), 'Ａｄｍｉｎ', '\r\nX-Injected: 1', '\t\v\f', '<script>alert(1)</script>', "' OR 1=1 --", '"; DROP TABLE staff; --',
  '../../../../etc/passwd', '..%2F..%2F..%2Fetc%2Fpasswd', '..\\..\\windows', '/\\evil.example', '//evil.example', 'https://evil.example',
  'javascript:alert(1)', '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'prototype', 'null', 'undefined', 'NaN', 'true', '[]', '{}',
  '{"__proto__":{"admin":true}}', '-1', '0', '1e23', '9'.repeat(40), '-'.repeat(36), 'a'.repeat(5000), 'é'.repeat(70), '\\', '\\u0000',
] as const;

/** Dates and date-like text, most outside PostgreSQL's range or not dates at all. */
export const NASTY_DATES = [
  '-271821-04-20', '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '+275760-09-13', '-004714-11-23T00:00:00Z',
  '-000001-01-01', '0000-01-01', '0001-01-01', '9999-12-31T23:59:59.999Z', '1970-01-01', '2024-02-30', '2024-13-01',
  '2024-01-01T25:61:61Z', '2024-01-01T00:00:00+99:99', '1e23', '8640000000000000', '-8640000000000000', 'now', 'infinity',
  '-infinity', 'epoch', 'allballs', 'today', 'NaN', '', ' ', '2024-01-01\u0000', 'Tue, 01 Jan 2030 00:00:00 GMT',
] as const;

/** Numbers as JSON carries them: boundaries of every integer column type and beyond. */
export const NASTY_NUMBERS = [
  0, -0, -1, 1, 0.5, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 2 ** 64, 1e23, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, 1e-7,
] as const;

/** Numbers as text in a query string. */
export const NASTY_NUMBER_TEXT = ['NaN', 'Infinity', '-Infinity', '1e400', '0x10', '1_000', '١٢', '00000000000000000000001', '-0', '1.', '.5', ' 7 ', '99999999999999999999999'] as const;

/** Ids that look like UUIDs to a loose pattern, and ones that do not. */
export const NASTY_IDS = [
  '-'.repeat(36), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '{00000000-0000-0000-0000-000000000000}', '00000000000000000000000000000000', '00000000-0000-0000-0000-00000000000g',
  '00000000-0000-0000-0000-000000000000\u0000', 'a-b-c-d-e', '0'.repeat(64), 'f'.repeat(64), '1', '-1',
] as const;

/** Text of every nasty kind, plus fast-check's own strings over all of Unicode (lone surrogates included). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT, ...NASTY_DATES, ...NASTY_IDS, ...NASTY_NUMBER_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '%', 'a', '-', '.', '/', '\\', '\uD83D', '\uDE00', '0'), maxLength: 60 }) },
);

/** A cursor as a client could forge it: base64url of a keyset position with nasty parts, or junk. */
export function hostileCursor(ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const when = fc.oneof(fc.constantFrom(...NASTY_DATES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  const sortValue = fc.oneof(when, fc.constantFrom(...NASTY_NUMBERS), hostileText);
  const position = fc.oneof(
    fc.record({ publishedAt: when, id: ids }),
    fc.tuple(sortValue, ids),
    fc.tuple(sortValue, ids, sortValue),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.oneof(
    { weight: 4, arbitrary: position.map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')) },
    { weight: 1, arbitrary: hostileText },
  );
}

/** The pieces a generator for one field needs: ids that exist in this run's data, and cursors. */
export interface HostileVocabulary {
  /** Ids of rows the test created (a published video, a review item...) mixed with random and nasty ones. */
  ids: fc.Arbitrary<string>;
}

/** Ids from the vocabulary, random UUIDs, and nasty id-like text. */
export function hostileId(vocabulary: HostileVocabulary): fc.Arbitrary<string> {
  return fc.oneof(vocabulary.ids, fc.uuid(), fc.constantFrom(...NASTY_IDS), hostileText);
}

/** Any JSON value with nasty leaves (what a client may put where an object is expected). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.constantFrom(...NASTY_NUMBERS),
    fc.constantFrom(null, true, false),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'id', 'cursor')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** zod 4 keeps a schema's kind in `_zod.def`; this reads it without depending on zod's classes. */
interface SchemaDef {
  type: string;
  format?: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodType[];
  element?: z.ZodType;
  items?: z.ZodType[];
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/**
 * Input shaped like `schema` but with hostile values in its fields: an object gets the schema's own
 * keys (so the bad value reaches the code behind the validation when it happens to pass) plus
 * stray ones; an id field gets real and nasty ids; a date field nasty dates; and any field may get
 * any hostile JSON instead. Valid input comes out too, by chance, as it would from a client.
 */
export function inputLike(schema: z.ZodType | undefined, vocabulary: HostileVocabulary, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileJson;
  const def = defOf(schema);
  const stray = { weight: 1, arbitrary: hostileJson };
  const shaped = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary }, stray);
  switch (def.type) {
    case 'object': {
      const fields = Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, field]) => [key, inputLike(field, vocabulary, depth + 1)]));
      const record = fc.record(fields, { requiredKeys: [] });
      const extra = fc.dictionary(hostileText, hostileJson, { maxKeys: 2 });
      return shaped(fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known })));
    }
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(inputLike(def.innerType, vocabulary, depth + 1), fc.constant(undefined), fc.constant(null));
    case 'pipe':
      return inputLike(def.in, vocabulary, depth + 1);
    case 'string': {
      if (def.format === 'uuid' || def.format === 'guid') return shaped(hostileId(vocabulary));
      return shaped(fc.oneof(hostileText, hostileCursor(hostileId(vocabulary)), fc.constantFrom(...NASTY_DATES)));
    }
    case 'date':
      return shaped(fc.oneof(fc.constantFrom(...NASTY_DATES), fc.constantFrom(...NASTY_NUMBERS)));
    case 'number':
    case 'bigint':
      return shaped(fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer({ min: -5, max: 600 }), fc.double()));
    case 'boolean':
      return shaped(fc.constantFrom(true, false, 'true', 0, 1));
    case 'enum':
      return shaped(fc.oneof(fc.constantFrom(...Object.values(def.entries ?? { none: 'none' })), hostileText));
    case 'literal':
      return shaped(fc.oneof(fc.constantFrom(...(def.values ?? [null])), hostileText));
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => inputLike(option, vocabulary, depth + 1)), hostileJson);
    case 'array':
      return shaped(fc.array(inputLike(def.element, vocabulary, depth + 1), { maxLength: 5 }));
    case 'tuple':
      return shaped(fc.tuple(...(def.items ?? []).map((item) => inputLike(item, vocabulary, depth + 1))));
    default:
      return hostileJson;
  }
}

/** Methods a client may send: the usual, the unusual and made-up tokens (CONNECT needs a tunnel, so not here). */
export const hostileMethod = fc.oneof(
  { weight: 6, arbitrary: fc.constant('GET') },
  { weight: 3, arbitrary: fc.constant('POST') },
  { weight: 2, arbitrary: fc.constantFrom('HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'TRACK', 'PROPFIND', 'MKCOL', 'LOCK', 'PURGE', 'FOO', 'get', 'M-SEARCH', 'QUERY') },
);

/**
 * A header value Node's HTTP client will send (Latin-1 printable, no CR/LF: the client itself
 * refuses the rest, and so would any server's parser).
 */
export const hostileHeaderValue = fc.oneof(
  fc.constantFrom('', ' ', '%E0%A4%A', 'null', '*', '\u00ff\u00fe', 'a'.repeat(4000), '../../', '(){ :; }; echo vulnerable', 'bytes=0-', '"quoted"'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 80 }).filter((text) => text.trim() === text),
);
