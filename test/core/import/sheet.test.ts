import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../src/core/import/table/sheet';
import { numberText } from '../../../src/core/import/table/sheet-cells';

/** One BIFF8 record. */
function rec(type: number, ...parts: number[][]): number[] {
  const data = parts.flat();
  return [type & 0xff, type >> 8, data.length & 0xff, data.length >> 8, ...data];
}
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
const f64 = (n: number) => [...new Uint8Array(new Float64Array([n]).buffer)];
const utf16 = (s: string) => [...s].flatMap((c) => u16(c.charCodeAt(0)));

/** A BIFF8 workbook stream with one sheet: shared strings split over a CONTINUE, numbers, RK, a date. */
function workbookStream(): Uint8Array {
  const bof = rec(0x809, u16(0x600), u16(0x5), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // SST: "交易时间" (UTF-16) whose last 2 characters are in a CONTINUE that restarts with a flag byte, then "abc".
  const sst = rec(0xfc, u32(2), u32(2), u16(4), [1], utf16('交易'));
  const cont = rec(0x3c, [1], utf16('时间'), u16(3), [0], [0x61, 0x62, 0x63]);
  const format = rec(
    0x41e,
    u16(164),
    u16(10),
    [0],
    [...'yyyy-mm-dd'].map((c) => c.charCodeAt(0)),
  );
  const xf0 = rec(0xe0, u16(0), u16(0), new Array(16).fill(0));
  const xf1 = rec(0xe0, u16(0), u16(164), new Array(16).fill(0));
  const sheetName = [...'明细'];
  const globalsWithout = (offset: number) =>
    [
      bof,
      sst,
      cont,
      format,
      xf0,
      xf1,
      rec(0x85, u32(offset), [0, 0], [sheetName.length, 1], utf16('明细')),
      rec(0x0a),
    ].flat();
  const offset = globalsWithout(0).length;
  const rk = (12345 << 2) | 0x03; // the integer 12345, divided by 100
  const sheet = [
    bof,
    rec(0xfd, u16(0), u16(0), u16(0), u32(0)),
    rec(0xfd, u16(0), u16(1), u16(0), u32(1)),
    rec(0x203, u16(1), u16(0), u16(0), f64(0.1 + 0.2)),
    rec(0x27e, u16(1), u16(1), u16(0), u32(rk)),
    rec(0x203, u16(1), u16(2), u16(1), f64(45000.5)),
    rec(0x204, u16(2), u16(0), u16(0), u16(3), [1], utf16('人民币')),
    rec(0x0a),
  ].flat();
  const stream = [...globalsWithout(offset), ...sheet];
  while (stream.length < 4096) stream.push(0); // a regular stream, not the mini stream
  return new Uint8Array(stream);
}

/** An OLE compound file holding one stream named Workbook: header, FAT, directory, data sectors. */
function compoundFile(stream: Uint8Array): Uint8Array {
  const sectors = Math.ceil(stream.length / 512);
  const out = new Uint8Array(512 * (3 + sectors));
  const dv = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  dv.setUint16(0x1a, 3, true);
  dv.setUint16(0x1c, 0xfffe, true);
  dv.setUint16(0x1e, 9, true);
  dv.setUint16(0x20, 6, true);
  dv.setUint32(0x2c, 1, true);
  dv.setUint32(0x30, 1, true); // directory in sector 1
  dv.setUint32(0x38, 4096, true);
  dv.setUint32(0x3c, 0xfffffffe, true);
  dv.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0; i < 109; i += 1) dv.setUint32(0x4c + i * 4, i === 0 ? 0 : 0xffffffff, true);
  const fat = 512; // sector 0
  for (let i = 0; i < 128; i += 1) dv.setUint32(fat + i * 4, 0xffffffff, true);
  dv.setUint32(fat, 0xfffffffd, true);
  dv.setUint32(fat + 4, 0xfffffffe, true);
  for (let s = 0; s < sectors; s += 1) dv.setUint32(fat + (2 + s) * 4, s === sectors - 1 ? 0xfffffffe : 3 + s, true);
  const dir = 1024; // sector 1
  const entry = (at: number, name: string, type: number, start: number, size: number) => {
    [...name].forEach((c, i) => dv.setUint16(at + i * 2, c.charCodeAt(0), true));
    dv.setUint16(at + 0x40, (name.length + 1) * 2, true);
    out[at + 0x42] = type;
    dv.setUint32(at + 0x74, start, true);
    dv.setUint32(at + 0x78, size, true);
  };
  entry(dir, 'Root Entry', 5, 0xfffffffe, 0);
  entry(dir + 128, 'Workbook', 2, 2, stream.length);
  out.set(stream, 512 * 3);
  return out;
}

describe('spreadsheet cells as text', () => {
  it('reads a BIFF8 .xls: shared strings across a CONTINUE, float noise removed, RK, a date cell, a LABEL', async () => {
    const [sheet, ...more] = await readWorkbook(compoundFile(workbookStream()));
    expect(more).toEqual([]);
    expect(sheet).toMatchObject({ name: '明细', active: true });
    expect(sheet!.rows).toEqual([
      { line: 1, cells: ['交易时间', 'abc'] },
      { line: 2, cells: ['0.3', '123.45', '2023-03-15 12:00:00'] },
      { line: 3, cells: ['人民币'] },
    ]);
  });

  it('refuses a broken .xls and an .xls sector chain that loops, with E_INPUT', async () => {
    const file = compoundFile(workbookStream());
    const looped = file.slice();
    new DataView(looped.buffer).setUint32(512 + 3 * 4, 2, true); // sector 3 points back to 2
    await expect(readWorkbook(looped)).rejects.toThrow(/E_INPUT.*loop/);
    await expect(readWorkbook(file.slice(0, 700))).rejects.toThrow(/E_INPUT/);
  });

  it('reads .xlsx cells: text kept as text, numbers without noise, dates, formulas by their cached result, merged cells once', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['标题']);
    ws.mergeCells('A1:C1');
    ws.addRow(['0012.50', 0.1 + 0.2, new Date(Date.UTC(2024, 0, 31, 8, 5, 9))]);
    ws.addRow([{ formula: 'A9*2', result: 42 }, new Date(Date.UTC(2024, 1, 1)), Number('6222020200112345678')]);
    const [sheet] = await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(sheet!.rows).toEqual([
      { line: 1, cells: ['标题', '', ''] },
      { line: 2, cells: ['0012.50', '0.3', '2024-01-31 08:05:09'] },
      { line: 3, cells: ['42', '2024-02-01', '6222020200112350000'] },
    ]);
  });

  it('writes numbers as the shortest exact text, never in E notation', () => {
    expect([numberText(1e21), numberText(1e-7), numberText(-2.5), numberText(100)]).toEqual([
      '1000000000000000000000',
      '0.0000001',
      '-2.5',
      '100',
    ]);
  });
});
