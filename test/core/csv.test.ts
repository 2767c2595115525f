import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv } from '../../src/core/export/csv';

describe('CSV export', () => {
  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
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
});
