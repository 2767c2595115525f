/**
 * Legacy Excel .xls (BIFF8), as CCB, CITIC and SPDB still export statements: the cells of every
 * worksheet as text. A minimal reader of our own (the OLE container in cfb.ts, the records here)
 * instead of SheetJS's `xlsx`, whose npm release is old and has known advisories for crafted
 * files (prototype pollution CVE-2023-30533, ReDoS): a statement is untrusted input. It reads
 * only what holds a cell's value: the shared strings (SST with its CONTINUE records), LABELSST,
 * LABEL, NUMBER, RK, MULRK, FORMULA's cached result (and its STRING), BOOLERR; and the number
 * formats and XF records that tell a date from a number. Formulas are never evaluated.
 */
import { LedgerVaultError } from '../../errors';
import { readCompoundStream } from './cfb';
import { trimCell } from './csv';
import { isDateFormat, numberText, serialDateText, type Sheet } from './sheet-cells';

const BOF = 0x809;
const EOF = 0x0a;
const FILEPASS = 0x2f;
const DATEMODE = 0x22;
const FORMAT = 0x41e;
const XF = 0xe0;
const BOUNDSHEET = 0x85;
const WINDOW1 = 0x3d;
const SST = 0xfc;
const CONTINUE = 0x3c;
const LABELSST = 0xfd;
const LABEL = 0x204;
const RSTRING = 0xd6;
const NUMBER = 0x203;
const RK = 0x27e;
const MULRK = 0xbd;
const FORMULA = 0x06;
const STRING = 0x207;
const BOOLERR = 0x205;

/** Cells a sheet may hold before we call the file hostile (a real statement has thousands). */
const MAX_CELLS = 5_000_000;

const bad = (why: string, messageKey: 'import.badXls' | 'import.xlsPassword' | 'import.xlsTooOld' = 'import.badXls') =>
  new LedgerVaultError('E_INPUT', `Not a readable .xls file: ${why}.`, { messageKey, params: { detail: why } });

interface Rec {
  type: number;
  data: Uint8Array;
  /** Offset of the record header in the stream (BOUNDSHEET points at a sheet's BOF by offset). */
  at: number;
}

function* records(stream: Uint8Array, from = 0): Generator<Rec> {
  let at = from;
  while (at + 4 <= stream.length) {
    const type = stream[at]! | (stream[at + 1]! << 8);
    const len = stream[at + 2]! | (stream[at + 3]! << 8);
    if (at + 4 + len > stream.length) throw bad('a record runs past the end of the workbook');
    yield { type, data: stream.subarray(at + 4, at + 4 + len), at };
    at += 4 + len;
  }
}

/** Reads byte by byte across a record and its CONTINUE records; a string split there restarts its flags. */
class Cursor {
  private seg = 0;
  private pos = 0;
  constructor(private readonly segs: Uint8Array[]) {}

  private current(): Uint8Array {
    while (this.seg < this.segs.length && this.pos >= this.segs[this.seg]!.length) {
      this.seg += 1;
      this.pos = 0;
    }
    const s = this.segs[this.seg];
    if (!s) throw bad('a string runs past its record');
    return s;
  }
  u8(): number {
    const s = this.current();
    return s[this.pos++]!;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  skip(n: number): void {
    for (let left = n; left > 0;) {
      const s = this.current();
      const k = Math.min(left, s.length - this.pos);
      this.pos += k;
      left -= k;
    }
  }
  /** XLUnicodeRichExtendedString (BIFF8): cch, flags, [runs], [ext size], chars, runs, ext. */
  unicodeString(): string {
    const cch = this.u16();
    const flags = this.u8();
    const runs = flags & 0x08 ? this.u16() : 0;
    const ext = flags & 0x04 ? this.u32() : 0;
    let high = (flags & 0x01) !== 0;
    let out = '';
    for (let i = 0; i < cch; i += 1) {
      if (this.pos >= (this.segs[this.seg]?.length ?? 0)) {
        // The characters go on in a CONTINUE record, which starts with its own high-byte flag.
        this.seg += 1;
        this.pos = 0;
        high = (this.u8() & 0x01) !== 0;
      }
      out += String.fromCharCode(high ? this.u16() : this.u8());
    }
    this.skip(runs * 4 + ext);
    return out;
  }
}

function shortString(data: Uint8Array, at: number, cchBytes: 1 | 2): string {
  const cch = cchBytes === 1 ? data[at]! : data[at]! | (data[at + 1]! << 8);
  const flags = data[at + cchBytes] ?? 0;
  let p = at + cchBytes + 1;
  if (flags & 0x08) p += 2;
  if (flags & 0x04) p += 4;
  let out = '';
  for (let i = 0; i < cch && p < data.length; i += 1) {
    if (flags & 0x01) {
      out += String.fromCharCode(data[p]! | ((data[p + 1] ?? 0) << 8));
      p += 2;
    } else {
      out += String.fromCharCode(data[p]!);
      p += 1;
    }
  }
  return out;
}

function rkValue(rk: number): number {
  const scaled = (rk & 0x01) !== 0;
  let v: number;
  if (rk & 0x02) {
    v = rk >> 2;
  } else {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setUint32(4, rk & 0xfffffffc, true);
    v = buf.getFloat64(0, true);
  }
  return scaled ? v / 100 : v;
}

/** Every worksheet of an .xls file, each row's cells as a person reads them. */
export function readXls(bytes: Uint8Array): Sheet[] {
  const stream = readCompoundStream(bytes, ['Workbook', 'Book']);
  if (!stream) throw bad('no workbook stream');
  const first = records(stream).next().value;
  if (!first || first.type !== BOF) throw bad('no BOF record');
  if ((first.data[0]! | (first.data[1]! << 8)) !== 0x600) {
    throw bad('only Excel 97 and later (BIFF8) files are read; save it again in Excel', 'import.xlsTooOld');
  }

  const formats = new Map<number, string>();
  const xfFormat: number[] = [];
  const sheets: { name: string; offset: number; hidden: boolean }[] = [];
  let sst: string[] = [];
  let date1904 = false;
  let activeTab = 0;

  const globals = [...takeSubstream(stream, 0)];
  for (let i = 0; i < globals.length; i += 1) {
    const r = globals[i]!;
    const d = r.data;
    const u16 = (o: number) => d[o]! | (d[o + 1]! << 8);
    if (r.type === FILEPASS)
      throw bad('it is password-protected; save it without a password first', 'import.xlsPassword');
    else if (r.type === DATEMODE) date1904 = u16(0) === 1;
    else if (r.type === FORMAT) formats.set(u16(0), shortString(d, 2, 2));
    else if (r.type === XF) xfFormat.push(u16(2));
    else if (r.type === WINDOW1 && d.length >= 12) activeTab = u16(10);
    else if (r.type === BOUNDSHEET && d[5] === 0) {
      const offset = (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0;
      sheets.push({ name: shortString(d, 6, 1), offset, hidden: (d[4]! & 0x03) !== 0 });
    } else if (r.type === SST) {
      const segs = [d];
      while (globals[i + 1]?.type === CONTINUE) segs.push(globals[++i]!.data);
      sst = readSst(segs);
    }
  }

  const isDate = (ixfe: number) => isDateFormat(xfFormat[ixfe] ?? 0, formats.get(xfFormat[ixfe] ?? 0));
  const numberCell = (v: number, ixfe: number) => (isDate(ixfe) ? serialDateText(v, date1904) : numberText(v));

  return sheets.map((s, index) => {
    const grid = new Map<number, string[]>();
    let cells = 0;
    const put = (row: number, col: number, text: string) => {
      if ((cells += 1) > MAX_CELLS) throw bad(`more than ${MAX_CELLS} cells`);
      if (col >= 1000) throw bad('a row has more than 1000 columns');
      let r = grid.get(row);
      if (!r) grid.set(row, (r = []));
      r[col] = trimCell(text);
    };
    let pendingFormula: { row: number; col: number } | undefined;
    for (const r of takeSubstream(stream, s.offset)) {
      const d = r.data;
      if (d.length < 6 && r.type !== STRING) continue;
      const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
      const row = dv.getUint16(0, true);
      const col = d.length >= 4 ? dv.getUint16(2, true) : 0;
      const ixfe = d.length >= 6 ? dv.getUint16(4, true) : 0;
      if (r.type === LABELSST && d.length >= 10) put(row, col, sst[dv.getUint32(6, true)] ?? '');
      else if ((r.type === LABEL || r.type === RSTRING) && d.length >= 9) put(row, col, shortString(d, 6, 2));
      else if (r.type === NUMBER && d.length >= 14) put(row, col, numberCell(dv.getFloat64(6, true), ixfe));
      else if (r.type === RK && d.length >= 10) put(row, col, numberCell(rkValue(dv.getUint32(6, true)), ixfe));
      else if (r.type === MULRK && d.length >= 6) {
        for (let at = 4, c = col; at + 6 <= d.length - 2; at += 6, c += 1) {
          put(row, c, numberCell(rkValue(dv.getUint32(at + 2, true)), dv.getUint16(at, true)));
        }
      } else if (r.type === FORMULA && d.length >= 14) {
        pendingFormula = undefined;
        if (dv.getUint16(12, true) !== 0xffff) put(row, col, numberCell(dv.getFloat64(6, true), ixfe));
        else if (d[6] === 0)
          pendingFormula = { row, col }; // a string result: the next STRING record
        else if (d[6] === 1) put(row, col, d[8] ? 'TRUE' : 'FALSE');
        else if (d[6] === 3) put(row, col, '');
      } else if (r.type === STRING && pendingFormula) {
        put(pendingFormula.row, pendingFormula.col, shortString(d, 0, 2));
        pendingFormula = undefined;
      } else if (r.type === BOOLERR && d.length >= 8) {
        put(row, col, d[7] ? '#ERROR' : d[6] ? 'TRUE' : 'FALSE');
      }
    }
    const rows = [...grid.keys()]
      .sort((a, b) => a - b)
      .map((r) => ({ line: r + 1, cells: Array.from(grid.get(r)!, (c) => c ?? '') }));
    return { name: s.name, rows, active: index === activeTab, hidden: s.hidden };
  });
}

/** The records of one substream, from its BOF to its EOF (embedded chart substreams skipped). */
function* takeSubstream(stream: Uint8Array, offset: number): Generator<Rec> {
  let depth = 0;
  for (const r of records(stream, offset)) {
    if (r.type === BOF) depth += 1;
    else if (r.type === EOF) {
      depth -= 1;
      if (depth <= 0) return;
    } else if (depth === 1) yield r;
  }
}

function readSst(segs: Uint8Array[]): string[] {
  const c = new Cursor(segs);
  c.u32(); // total references
  const unique = c.u32();
  const out: string[] = [];
  const total = segs.reduce((n, s) => n + s.length, 0);
  // Each string needs at least 3 bytes: a count beyond that is a lie, not an allocation to make.
  for (let i = 0; i < unique && i < total / 3; i += 1) out.push(c.unicodeString());
  return out;
}
