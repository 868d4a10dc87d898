import { CsvCell, csvField, toCsv } from './csv';

describe('csvField', () => {
  it.each<[CsvCell, string]>([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['""', '""""""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    [' padded ', ' padded '],
    ['semi;colon\ttab', 'semi;colon\ttab'],
    ["it's", "it's"],
    ['Zürich – 5 % ≥ 3', 'Zürich – 5 % ≥ 3'],
    ['=1+1', '=1+1'],
    [0, '0'],
    [-1.5, '-1.5'],
    [66.7, '66.7'],
    [1e21, '1e+21'],
    [true, 'true'],
    [false, 'false'],
  ])('%p → %p', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %p', (n) => {
    expect(() => csvField(n)).toThrow('a CSV number must be finite');
  });
});

describe('toCsv', () => {
  it.each<[string, CsvCell[][], string]>([
    ['no rows', [], ''],
    ['one field', [['a']], 'a\r\n'],
    [
      'header and rows, every record ended by CRLF',
      [
        ['name', 'count'],
        ['x', 1],
        ['y', 2],
      ],
      'name,count\r\nx,1\r\ny,2\r\n',
    ],
    ['empty fields between commas', [['', null, 'z']], ',,z\r\n'],
    ['all fields empty', [[null, null]], ',\r\n'],
    [
      'a single empty field is quoted, not a blank line',
      [['a'], [''], [null]],
      'a\r\n""\r\n""\r\n',
    ],
    [
      'quoting applied per field',
      [["Brigham & Women's, Boston", 'said "no"', 'ok', 'two\nlines']],
      '"Brigham & Women\'s, Boston","said ""no""",ok,"two\nlines"\r\n',
    ],
  ])('%s', (_name, rows, csv) => {
    expect(toCsv(rows)).toBe(csv);
  });

  it.each<[string, CsvCell[][], string]>([
    ['rows of unequal length', [['a', 'b'], ['c']], 'CSV row 1 has 1 fields, the first row 2'],
    ['a longer row', [['a'], ['b', 'c']], 'CSV row 1 has 2 fields, the first row 1'],
    ['an empty row', [[]], 'at least one field'],
    ['a number that is not finite', [['a', Number.NaN]], 'finite'],
  ])('refuses %s', (_name, rows, message) => {
    expect(() => toCsv(rows)).toThrow(message);
  });

  describe('reads back with an RFC 4180 reader', () => {
    /** A strict RFC 4180 reader, written for this test only. */
    function parse(csv: string): string[][] {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let i = 0;
      while (i < csv.length) {
        if (csv[i] === '"' && field === '') {
          const end = closingQuote(csv, i + 1);
          field = csv.slice(i + 1, end).replace(/""/g, '"');
          i = end + 1;
        } else if (csv[i] === ',') {
          row.push(field);
          field = '';
          i += 1;
        } else if (csv.startsWith('\r\n', i)) {
          rows.push([...row, field]);
          row = [];
          field = '';
          i += 2;
        } else {
          field += csv[i];
          i += 1;
        }
      }
      return rows;
    }

    function closingQuote(csv: string, from: number): number {
      let i = from;
      while (!(csv[i] === '"' && csv[i + 1] !== '"')) i += csv[i] === '"' ? 2 : 1;
      return i;
    }

    /** mulberry32: seeded, so a failure always reproduces. */
    function random(seed: number): () => number {
      let state = seed;
      return () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    it('round-trips 500 seeded random tables of awkward text', () => {
      const next = random(4180);
      const alphabet = ['a', 'Z', ' ', ',', '"', '\r', '\n', '\r\n', 'é', ';', "'"];
      const text = (): string =>
        Array.from(
          { length: Math.floor(next() * 6) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join('');
      for (let run = 0; run < 500; run++) {
        const width = 1 + Math.floor(next() * 4);
        const rows = Array.from({ length: Math.floor(next() * 5) }, () =>
          Array.from({ length: width }, text),
        );
        expect(parse(toCsv(rows))).toEqual(rows);
      }
    });
  });
});
