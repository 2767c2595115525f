import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv } from '../../src/core/export/csv';

/** The body of a one-column CSV (after the BOM, without the final CRLF). */
const cell = (value: unknown) =>
  toCsv(['h'], [[value]])
    .subarray(3)
    .toString('utf8')
    .slice('h\r\n'.length, -2);

describe('CSV export', () => {
  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)']) {
      expect(neutralizeCell(evil)).toBe(`'${evil}`);
    }
    expect(neutralizeCell('张三')).toBe('张三');
    expect(neutralizeCell(-12)).toBe("'-12"); // numbers are written as text too: never a formula
  });

  it('starts with a UTF-8 BOM, quotes commas and quotes, ends lines with CRLF', () => {
    const csv = toCsv(['名称', '备注'], [['甲,乙', 'say "hi"']]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe('名称,备注\r\n"甲,乙","say ""hi"""\r\n');
  });

  it('quotes a cell holding a semicolon, tab, CR or LF, so no list separator splits it', () => {
    expect(cell('甲;乙')).toBe('"甲;乙"');
    expect(cell('甲\t乙')).toBe('"甲\t乙"');
    expect(cell('甲\r乙')).toBe('"甲\r乙"');
    expect(cell('甲\n乙')).toBe('"甲\n乙"');
    expect(cell('甲 乙')).toBe('甲 乙');
  });

  it('neutralises a formula that starts after a separator inside the cell (Excel with a ";" list separator)', () => {
    expect(cell(';=1+1')).toBe(`";'=1+1"`);
    expect(cell('房租;=HYPERLINK("http://x")')).toBe(`"房租;'=HYPERLINK(""http://x"")"`);
    expect(cell('a,+1')).toBe(`"a,'+1"`);
    expect(cell('a\t-1')).toBe(`"a\t'-1"`);
    expect(cell('a\n@SUM(A1)')).toBe(`"a\n'@SUM(A1)"`);
    expect(cell('a\r\n=1')).toBe(`"a\r\n'=1"`);
    // At the start, a tab or CR is itself neutralised, and so is what follows it.
    expect(cell('\t=1')).toBe(`"'\t'=1"`);
    expect(cell('\r=1')).toBe(`"'\r'=1"`);
  });

  it('leaves ordinary text with dashes and signs alone', () => {
    expect(cell('2024-05-01')).toBe('2024-05-01');
    expect(cell('a, -1')).toBe('"a, -1"');
    expect(cell('¥1,234.56')).toBe('"¥1,234.56"');
  });
});
