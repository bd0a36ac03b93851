/**
 * The registry's parsers as tables: good rows in every accepted shape (aliases in several scripts),
 * bad rows refused with their row number and a sentence while the rest of the file is still read,
 * and whole files that are not a registry refused with one sentence. No database.
 */
import { parseRegistryCsv } from '../../db/protected-persons/parse-csv';
import { parseRegistryJson } from '../../db/protected-persons/parse-json';
import { registryFormatOf } from '../../db/protected-persons/import';

describe('CSV', () => {
  it.each([
    [
      'every column, aliases in Cyrillic and Han separated by |',
      'id,name,aliases,living,born,died,role,estate_opted_out,opted_in\nQ7747,Vladimir Putin,Владимир Путин|普京,true,1952-10-07,,President of Russia,false,false',
      { externalId: 'Q7747', name: 'Vladimir Putin', aliases: ['Владимир Путин', '普京'], living: true, bornOn: '1952-10-07', role: 'President of Russia' },
    ],
    [
      'columns in another order, a quoted name with a comma, a Wikidata URL as id, yes/no words',
      'name,id,living\n"Marcos, Ferdinand Jr.",http://www.wikidata.org/entity/Q123,yes',
      { externalId: 'Q123', name: 'Marcos, Ferdinand Jr.', aliases: [], living: true },
    ],
    [
      'a date of death without a living column: deceased, with an estate opt-out',
      'name,died,estate_opted_out\nAn Estate Person,2014-08-11,1',
      { name: 'An Estate Person', aliases: [], living: false, diedOn: '2014-08-11', estateOptedOut: true },
    ],
    [
      'Arabic and Devanagari aliases, a byte order mark, a repeated alias and the name as an alias dropped',
      '\uFEFFname,aliases,living\nNarendra Modi,नरेन्द्र मोदी|Narendra Modi|Modi|modi,true',
      { name: 'Narendra Modi', aliases: ['नरेन्द्र मोदी', 'Modi'], living: true },
    ],
    [
      'Wikidata-style dates are cut to the day',
      'name,born\nSomeone Living,+1961-08-04T00:00:00Z',
      { name: 'Someone Living', aliases: [], living: true, bornOn: '1961-08-04' },
    ],
  ])('reads %s', (_label, csv, entry) => {
    expect(parseRegistryCsv(csv)).toEqual({ rowLabel: 'Row', entries: [{ row: 2, entry }], errors: [] });
  });

  it('refuses each bad row with its line and a sentence, and keeps reading', () => {
    const csv = [
      'id,name,aliases,living,born,died,role,estate_opted_out,opted_in',
      'Q1,Good One,,true,,,,,',
      'X99,Bad Id,,true,,,,,',
      ',,,true,,,,,',
      ',Bad Date,,true,1950-02-30,,,,',
      ',Dead And Living,,true,,2001-01-01,,,',
      ',Living Estate,,true,,,,true,',
      ',Opted In,,true,,,,,true',
      ',Maybe Alive,,perhaps,,,,,',
      ',Nothing Said,,,,,,,',
      ',Died Before Born,,,2000-01-01,1999-01-01,,,',
      'Q1,Good One Again,,true,,,,,',
      ',Good Two,,false,,,,,',
      ',Too,Many,Cells,In,This,Row,,,,',
      ',Good One,,true,,,,,',
    ].join('\n');
    const parsed = parseRegistryCsv(csv);
    expect(parsed.entries.map((e) => [e.row, e.entry.name])).toEqual([[2, 'Good One'], [13, 'Good Two']]);
    expect(parsed.errors).toEqual([
      'Row 3: the id "X99" is not a Wikidata item id (Q followed by digits).',
      'Row 4: the name is empty.',
      'Row 5: the date of birth "1950-02-30" is not a date (write YYYY-MM-DD).',
      'Row 6: it says living but gives a date of death.',
      'Row 7: an estate opt-out is only for a deceased person.',
      "Row 8: an opt-in cannot be imported: it needs the person's own cameo, linked in the console.",
      'Row 9: living must be true or false, not "perhaps".',
      'Row 10: it says neither whether the person is living nor a date of birth or death.',
      'Row 11: the date of death is before the date of birth.',
      'Row 14: it has 11 cells but the header names 9 columns (quote a cell that contains a comma).',
      'Row 12: Q1 is already row 2 of this file.',
      'Row 15: Good One is already row 2 of this file.',
    ]);
  });

  it.each([
    ['an empty file', '', /The file is empty/],
    ['a header without a name column', 'id,living\nQ1,true', /no name column/],
    ['unknown columns', 'name,colour\nx,blue', /unknown columns: colour/],
    ['broken quoting', 'name,living\n"unclosed,true', /could not be read as CSV/],
  ])('refuses %s with one sentence', (_label, csv, message) => {
    const parsed = parseRegistryCsv(csv);
    expect(parsed.entries).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatch(message);
  });
});

describe('Wikidata-style JSON', () => {
  it.each([
    [
      'plain alias strings and a living flag',
      [{ id: 'Q22686', name: 'Donald Trump', aliases: ['Trump', 'Дональд Трамп'], living: true, role: 'President of the United States' }],
      { externalId: 'Q22686', name: 'Donald Trump', aliases: ['Trump', 'Дональд Трамп'], living: true, role: 'President of the United States' },
    ],
    [
      '{lang, value} and {language, value} aliases, dates instead of living',
      [{ name: 'Kim Jong Un', aliases: [{ lang: 'ko', value: '김정은' }, { language: 'zh', value: '金正恩' }], born: '1984-01-08' }],
      { name: 'Kim Jong Un', aliases: ['김정은', '金正恩'], living: true, bornOn: '1984-01-08' },
    ],
    [
      'an entity with labels and per-language aliases',
      [{ id: 'Q1', labels: { ru: { language: 'ru', value: 'Владимир' }, en: { language: 'en', value: 'Vladimir' } }, aliases: { ar: [{ language: 'ar', value: 'فلاديمير' }] }, died: '+2000-01-02T00:00:00Z' }],
      { externalId: 'Q1', name: 'Vladimir', aliases: ['Владимир', 'فلاديمير'], living: false, diedOn: '2000-01-02' },
    ],
    [
      'the query service\'s plain JSON download (flat rows named by the query\'s variables)',
      [{ item: 'http://www.wikidata.org/entity/Q42', itemLabel: 'Flat Row', aliases: 'Плоский|平', born: '1952-03-11T00:00:00Z', role: 'President of Testland' }],
      { externalId: 'Q42', name: 'Flat Row', aliases: ['Плоский', '平'], living: true, bornOn: '1952-03-11', role: 'President of Testland' },
    ],
  ])('reads %s', (_label, document, entry) => {
    expect(parseRegistryJson(JSON.stringify(document))).toEqual({ rowLabel: 'Item', entries: [{ row: 1, entry }], errors: [] });
  });

  it('reads a SPARQL result, merging the bindings of one item and numbering by first appearance', () => {
    const uri = (q: string) => ({ type: 'uri', value: `http://www.wikidata.org/entity/${q}` });
    const text = (value: string) => ({ type: 'literal', value });
    const result = {
      head: { vars: ['item', 'itemLabel', 'aliases', 'itemAltLabel', 'born', 'died', 'role'] },
      results: {
        bindings: [
          { item: uri('Q10'), itemLabel: text('Head Of Both'), aliases: text('Хед|首脑'), born: text('1960-01-01T00:00:00Z'), role: text('President of Testland') },
          { item: uri('Q20'), itemLabel: text('Q20') },
          { item: uri('Q10'), itemLabel: text('Head Of Both'), itemAltLabel: text('HOB, The Head'), role: text('Prime Minister of Testland') },
          { itemLabel: text('No Item') },
          { item: uri('Q30'), itemLabel: text('Late Leader'), died: text('2020-05-05T00:00:00Z') },
        ],
      },
    };
    const parsed = parseRegistryJson(JSON.stringify(result));
    expect(parsed.entries).toEqual([
      { row: 1, entry: { externalId: 'Q10', name: 'Head Of Both', aliases: ['Хед', '首脑', 'HOB', 'The Head'], living: true, bornOn: '1960-01-01', role: 'President of Testland; Prime Minister of Testland' } },
      { row: 5, entry: { externalId: 'Q30', name: 'Late Leader', aliases: [], living: false, diedOn: '2020-05-05' } },
    ]);
    // Q20 has only its id as a label (the label service's fallback): no name to register.
    expect(parsed.errors).toEqual(['Item 2: the name is empty.', "Item 4: it has no ?item (select the person's Wikidata item as ?item)."]);
  });

  it('refuses bad items with their position and keeps reading', () => {
    const parsed = parseRegistryJson(JSON.stringify([
      { name: 'Fine Person', living: true },
      'just a string',
      { name: 'Bad Aliases', living: true, aliases: 'not a list' },
      { name: 'Bad Living', living: 'yes' },
      { id: 'P31', name: 'Property Id', living: true },
      { name: 'x'.repeat(201), living: true },
      { name: 'Control\u0007Char', living: true },
    ]));
    expect(parsed.entries.map((e) => e.entry.name)).toEqual(['Fine Person']);
    expect(parsed.errors).toEqual([
      'Item 2: it is not an object with a name.',
      'Item 3: the aliases are not a list of names.',
      'Item 4: living must be true or false, not "yes".',
      'Item 5: the id "P31" is not a Wikidata item id (Q followed by digits).',
      'Item 6: the name is longer than 200 characters.',
      'Item 7: the name contains control characters.',
    ]);
  });

  it.each([
    ['text that is not JSON', '{"a": ', /not valid JSON/],
    ['JSON of neither shape', '{"people": []}', /neither an array of people nor a SPARQL query result/],
  ])('refuses %s with one sentence', (_label, text, message) => {
    const parsed = parseRegistryJson(text);
    expect(parsed.entries).toEqual([]);
    expect(parsed.errors).toEqual([expect.stringMatching(message)]);
  });
});

it.each([
  ['list.csv', '[{}]', 'csv'],
  ['list.JSON', 'name\nx', 'json'],
  ['upload', '  [{"name": "x"}]', 'json'],
  ['upload', '{"results": {}}', 'json'],
  ['upload', 'name,living\nx,true', 'csv'],
])('takes the format of %s from its extension, else its first character', (fileName, text, format) => {
  expect(registryFormatOf(fileName, text)).toBe(format);
});
