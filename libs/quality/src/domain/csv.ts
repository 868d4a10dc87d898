/** A CSV field: null is an empty field, booleans are `true`/`false`, numbers are finite. */
export type CsvCell = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Rows as RFC 4180 CSV: fields separated by commas, every record ended by CRLF (the last one
 * too). A field is quoted only if it contains a comma, a double quote, a CR or an LF, and its
 * quotes are doubled (`say "hi"` → `"say ""hi"""`); spaces are kept as they are. A record of a
 * single empty field is written `""` so that it is not read as a blank line. No rows give the
 * empty string. Rows of unequal length, an empty row or a number that is not finite throw.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  assertRectangular(rows);
  return rows.map((row) => `${csvRecord(row)}\r\n`).join('');
}

/** One field as it appears in CSV (see `toCsv`). */
export function csvField(cell: CsvCell): string {
  const text = cellText(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRecord(row: readonly CsvCell[]): string {
  const record = row.map(csvField).join(',');
  return record === '' ? '""' : record;
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number' && !Number.isFinite(cell))
    throw new Error(`a CSV number must be finite, got ${cell}`);
  return String(cell);
}

function assertRectangular(rows: readonly (readonly CsvCell[])[]): void {
  const width = rows[0]?.length;
  if (width === 0) throw new Error('a CSV record has at least one field');
  rows.forEach((row, index) => {
    if (row.length !== width)
      throw new Error(`CSV row ${index} has ${row.length} fields, the first row ${width}`);
  });
}
