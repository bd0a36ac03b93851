/**
 * CSV exports streamed in keyset batches: the audit log and the transparency report. A response
 * body pulls one batch at a time from the database, so an export of any size is sent with no row
 * cap and in constant memory, and stops reading when the client goes away.
 *
 * Cells follow RFC 4180 (quoted when they hold a comma, quote or line break; quotes doubled).
 * Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
 * are prefixed with a single quote, as OWASP's "CSV Injection" guidance recommends.
 */

/** One value as a CSV cell: null is empty, dates are ISO 8601, objects are JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Cells starting with = + - @ are prefixed so spreadsheets never run them as formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** What a keyset CSV export needs: its columns, and how to read the batch after a position. */
export interface KeysetCsvExport<Row, Position> {
  /** Header names, which are also the row properties written, in order. */
  columns: readonly (keyof Row & string)[];
  /** The position before the first row (e.g. id 0, or null for "from the start"). */
  start: Position;
  /** The next rows after `after`, in export order; an empty batch ends the export. */
  nextBatch: (after: Position) => Promise<Row[]>;
  /** The position of a row, from which the next batch continues. */
  positionOf: (row: Row) => Position;
}

/** The export as a UTF-8 CSV byte stream: the header line first, then one line per row. */
export function keysetCsvStream<Row, Position>(source: KeysetCsvExport<Row, Position>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = source.start;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${source.columns.join(',')}\n`));
        return;
      }
      const rows = await source.nextBatch(after);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = source.positionOf(rows[rows.length - 1]!);
      controller.enqueue(encoder.encode(rows.map((row) => source.columns.map((column) => csvCell(row[column])).join(',')).join('\n') + '\n'));
    },
  });
}

/** The headers of a CSV download: no caching (exports hold staff-only data), saved under `filename`. */
export function csvDownloadHeaders(filename: string): HeadersInit {
  return { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' };
}
