/** The one CSV writer of the exports: RFC 4180 quoting, formula cells neutralised, keyset batches until an empty one. */
import { csvCell, keysetCsvStream } from '../../app/services/csv-export.server';

it.each([
  [null, ''],
  [undefined, ''],
  ['plain', 'plain'],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
  ['-1+1', "'-1+1"],
  ['@cmd', "'@cmd"],
  [42, '42'],
  [true, 'true'],
  [new Date('2026-01-02T03:04:05.678Z'), '2026-01-02T03:04:05.678Z'],
  [{ a: 1, b: 'x' }, '"{""a"":1,""b"":""x""}"'],
])('writes %j as the cell %j', (value, cell) => {
  expect(csvCell(value)).toBe(cell);
});

it('streams the header, then each batch after the last row of the one before, until a batch is empty', async () => {
  const rows = [{ id: 1, name: 'a' }, { id: 2, name: 'b,c' }, { id: 3, name: 'd' }];
  const asked: number[] = [];
  const stream = keysetCsvStream({
    columns: ['id', 'name'] as const,
    start: 0,
    nextBatch: async (after: number) => {
      asked.push(after);
      return rows.filter((row) => row.id > after).slice(0, 2);
    },
    positionOf: (row) => row.id,
  });
  const text = await new Response(stream).text();
  expect(text).toBe('id,name\n1,a\n2,"b,c"\n3,d\n');
  expect(asked).toEqual([0, 2, 3]);
});
