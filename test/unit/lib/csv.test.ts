import { describe, expect, it } from 'vitest';
import { csvCell, csvText, parseCsv, parseCsvLines } from '../../../src/lib/csv.js';

const limits = { maxRows: 100, maxCell: 1000 };

describe('csvCell: one guarded cell for every CSV Jalon writes', () => {
  it('neutralises what a spreadsheet would run as a formula, tab and carriage return included', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('\t=cmd|calc')).toBe("'\t=cmd|calc");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    // An international telephone number is digits only: kept as the open-data schema writes it.
    expect(csvCell('+33380123456')).toBe('+33380123456');
    expect(csvCell('+33 3 80')).toBe("'+33 3 80");
  });

  it('quotes a cell holding either separator, a quote, a line break or outer spaces', () => {
    expect(csvCell('Dole; Jura')).toBe('"Dole; Jura"');
    expect(csvCell('Dole, Jura')).toBe('"Dole, Jura"');
    expect(csvCell('dit « le "Lab" »')).toBe('"dit « le ""Lab"" »"');
    expect(csvCell('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvCell(' espace')).toBe('" espace"');
    expect(csvCell('Médiathèque')).toBe('Médiathèque');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('csvText', () => {
  it('writes lines with the separator asked for, each ended by CRLF', () => {
    expect(csvText([['a', 1, null]])).toBe('a,1,\r\n');
    expect(
      csvText(
        [
          ['Mois', 'Structure'],
          ['2027-03', 'Dole; Jura'],
        ],
        ';',
      ),
    ).toBe('Mois;Structure\r\n2027-03;"Dole; Jura"\r\n');
  });

  it('reads back what it writes, with either separator', () => {
    const rows = [
      ['nom', 'note'],
      ['=HYPERLINK("x")', 'a;b,c'],
      ['deux\r\nlignes', ''],
    ];
    for (const separator of [',', ';'] as const) {
      expect(parseCsv(csvText(rows, separator), limits)).toEqual([
        ['nom', 'note'],
        [`'=HYPERLINK("x")`, 'a;b,c'],
        ['deux\r\nlignes', ''],
      ]);
    }
  });
});

describe('parseCsvLines: the line of the file each row starts on, for messages', () => {
  it('counts blank lines and line breaks inside quoted cells, with LF, CRLF or CR', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['nom;niveau', 'Awa;autonome', '', `"Jean${eol}Martin";avec-guidage`, 'Lucie;autonome'].join(eol);
      expect(parseCsvLines(text, limits).map((r) => [r.line, r.cells[0]])).toEqual([
        [1, 'nom'],
        [2, 'Awa'],
        [4, `Jean${eol}Martin`],
        [6, 'Lucie'],
      ]);
    }
  });
});
