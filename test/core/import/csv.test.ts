import { describe, expect, it } from 'vitest';
import { detectDelimiter, MAX_COLUMNS, MAX_FIELD_CHARS, readCsv } from '../../../src/core/import/table/csv';

const rows = (input: string | string[], delimiter?: ',' | '\t' | ';') => [...readCsv(input, { delimiter })];

describe('CSV tokenizer', () => {
  it('reads quoted fields, doubled quotes, CRLF and LF, and a quoted newline (line = the first line)', () => {
    const text = 'a,"b ""q"" c",d\r\n"multi\r\nline",x,\n\nlast,"",end';
    expect(rows(text)).toEqual([
      { line: 1, cells: ['a', 'b "q" c', 'd'] },
      { line: 2, cells: ['multi\r\nline', 'x', ''] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['last', '', 'end'] },
    ]);
  });

  it('keeps a quote inside an unquoted field and text after a closing quote, trimming TAB padding', () => {
    expect(rows('商户消费,点击底部"多多视频",x\n"4200\t"\t,  123456\t ,"/\t"\n')).toEqual([
      { line: 1, cells: ['商户消费', '点击底部"多多视频"', 'x'] },
      { line: 2, cells: ['4200', '123456', '/'] },
    ]);
  });

  it('gives the same rows whatever the chunking, even a CRLF or a "" split between chunks', () => {
    const text = 'h1,h2\r\n"a""b",c\r\n"x\r\ny",z\r\n';
    const whole = rows(text);
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(rows([text.slice(0, cut), text.slice(cut)], ',')).toEqual(whole);
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('detects comma, TAB and semicolon, not fooled by the TAB after each Alipay ID', () => {
    const alipay = ['title', '交易号,时间,金额,', '123\t,2024-01-01,1.00,', '456\t,2024-01-02,2.00,'].join('\n');
    expect(detectDelimiter(alipay)).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('Datum;Betrag;Text\n01.02.2024;-1,23;Miete\n')).toBe(';');
    expect(rows('Datum;Betrag\n01.02.2024;"-1,23"\n')).toEqual([
      { line: 1, cells: ['Datum', 'Betrag'] },
      { line: 2, cells: ['01.02.2024', '-1,23'] },
    ]);
  });

  it('refuses a row of more than 1,000 columns with E_INPUT at once', () => {
    const wide = ','.repeat(MAX_COLUMNS) + '\n';
    expect(() => rows(wide, ',')).toThrow(/E_INPUT.*more than 1000 columns/);
    expect(rows(','.repeat(MAX_COLUMNS - 1), ',')[0]!.cells).toHaveLength(MAX_COLUMNS);
  });

  it('refuses a field longer than 1 MB, quoted or not, and an unclosed quote', () => {
    const big = 'x'.repeat(MAX_FIELD_CHARS + 1);
    expect(() => rows(big, ',')).toThrow(/E_INPUT.*longer than/);
    const chunks = ['"', ...Array.from({ length: 20 }, () => 'y'.repeat(64 * 1024))];
    expect(() => rows(chunks, ',')).toThrow(/E_INPUT.*longer than/);
    expect(() => rows('a,"never closed\n', ',')).toThrow(/E_INPUT.*never closed/);
  });
});
