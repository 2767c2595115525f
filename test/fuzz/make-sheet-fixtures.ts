/**
 * Writes the spreadsheet seeds of the import fuzz campaign (test/fixtures/fuzz/*.xlsx, *.xls) from
 * the committed CSV fixtures: `npx tsx test/fuzz/make-sheet-fixtures.ts`. The committed files are the
 * seeds (a case replays from them); an .xlsx made again differs in its zip timestamps only. The .xlsx holds numbers as numbers where the text
 * is a plain amount (as WeChat's own export does); the .xls is a BIFF8 workbook of text cells
 * (LABEL records) in an OLE compound file, the container Chinese banks' .xls statements use.
 */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeBytes } from '../../src/core/import/encoding';
import { readCsv } from '../../src/core/import/table/csv';

const ROOT = path.resolve(import.meta.dirname, '../fixtures');
const OUT = path.join(ROOT, 'fuzz');

function rowsOf(file: string): string[][] {
  const text = decodeBytes(new Uint8Array(readFileSync(path.join(ROOT, file)))).text;
  return [...readCsv(text)].map((r) => r.cells);
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date('2024-06-01T00:00:00Z');
  const sheet = wb.addWorksheet('Sheet1');
  for (const cells of rows) sheet.addRow(cells.map((c) => (/^\d+\.\d\d$/.test(c) ? Number(c) : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
const utf16 = (s: string) => [...s].flatMap((c) => u16(c.charCodeAt(0)));
function rec(type: number, ...parts: number[][]): number[] {
  const data = parts.flat();
  return [type & 0xff, type >> 8, data.length & 0xff, data.length >> 8, ...data];
}

/** A BIFF8 workbook stream: one sheet named 明细, every cell a LABEL (UTF-16 text). */
function biff(rows: string[][]): Uint8Array {
  const bof = rec(0x809, u16(0x600), u16(0x5), new Array<number>(12).fill(0));
  const xf = rec(0xe0, u16(0), u16(0), new Array<number>(16).fill(0));
  const globals = (offset: number) =>
    [bof, xf, rec(0x85, u32(offset), [0, 0], [2, 1], utf16('明细')), rec(0x0a)].flat();
  const cells = rows.flatMap((cells, row) =>
    cells.flatMap((text, col) =>
      text ? rec(0x204, u16(row), u16(col), u16(0), u16(text.length), [1], utf16(text)) : [],
    ),
  );
  const stream = [...globals(globals(0).length), ...bof, ...cells, ...rec(0x0a)];
  while (stream.length < 4096) stream.push(0); // a regular stream, not the mini stream
  return new Uint8Array(stream);
}

/** An OLE compound file holding one stream named Workbook (header, one FAT sector, directory, data). */
function compoundFile(stream: Uint8Array): Buffer {
  const sectors = Math.ceil(stream.length / 512);
  if (sectors > 125) throw new Error('one FAT sector holds 128 entries: keep the seed small');
  const out = Buffer.alloc(512 * (3 + sectors));
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out);
  out.writeUInt16LE(3, 0x1a);
  out.writeUInt16LE(0xfffe, 0x1c);
  out.writeUInt16LE(9, 0x1e);
  out.writeUInt16LE(6, 0x20);
  out.writeUInt32LE(1, 0x2c);
  out.writeUInt32LE(1, 0x30);
  out.writeUInt32LE(4096, 0x38);
  out.writeUInt32LE(0xfffffffe, 0x3c);
  out.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i += 1) out.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = 512;
  for (let i = 0; i < 128; i += 1) out.writeUInt32LE(0xffffffff, fat + i * 4);
  out.writeUInt32LE(0xfffffffd, fat);
  out.writeUInt32LE(0xfffffffe, fat + 4);
  for (let s = 0; s < sectors; s += 1) out.writeUInt32LE(s === sectors - 1 ? 0xfffffffe : 3 + s, fat + (2 + s) * 4);
  const entry = (at: number, name: string, type: number, start: number, size: number) => {
    [...name].forEach((c, i) => out.writeUInt16LE(c.charCodeAt(0), at + i * 2));
    out.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    out[at + 0x42] = type;
    out.writeUInt32LE(start, at + 0x74);
    out.writeUInt32LE(size, at + 0x78);
  };
  entry(1024, 'Root Entry', 5, 0xfffffffe, 0);
  entry(1024 + 128, 'Workbook', 2, 2, stream.length);
  Buffer.from(stream).copy(out, 512 * 3);
  return out;
}

writeFileSync(path.join(OUT, 'wechat.xlsx'), await xlsx(rowsOf('import/wechat.csv')));
writeFileSync(path.join(OUT, 'icbc-debit.xlsx'), await xlsx(rowsOf('import/bank/icbc-debit.csv')));
writeFileSync(path.join(OUT, 'cmb-debit.xls'), compoundFile(biff(rowsOf('import/bank/cmb-debit.csv'))));
console.log('wrote wechat.xlsx, icbc-debit.xlsx, cmb-debit.xls in', OUT);
