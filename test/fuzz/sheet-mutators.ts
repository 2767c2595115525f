/**
 * Mutators for spreadsheet files. An .xlsx is a zip: besides raw byte damage, its entries are
 * unpacked, one XML part is mutated like any XML (so damaged cells reach the readers, not only
 * the unzipper) and the zip is written again; its directory is lied to (sizes, offsets, counts)
 * and an entry may inflate far beyond what the directory declares. An .xls is an OLE compound
 * file: its header fields, FAT and directory words are set to the values that break chains
 * (end of chain, free, self, past the end).
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { byteMutators, insertAt, mutateWith, PIECES, textMutators, type Mutator } from './mutators';
import type { Rng } from './rng';

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Already deflated (the bomb, packed once per process), with its CRC and true size. */
  packed?: { bytes: Buffer; crc: number };
}

/** A zip's entries (stored or deflated), read through its central directory; undefined when unreadable. */
export function readZip(b: Buffer): ZipEntry[] | undefined {
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > b.length) return undefined;
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      if (b.readUInt32LE(at) !== 0x02014b50) return undefined;
      const method = b.readUInt16LE(at + 10);
      const size = b.readUInt32LE(at + 20);
      const nameLen = b.readUInt16LE(at + 28);
      const name = b.toString('utf8', at + 46, at + 46 + nameLen);
      const local = b.readUInt32LE(at + 42);
      const dataAt = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const raw = b.subarray(dataAt, dataAt + size);
      out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
      at += 46 + nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    }
  } catch {
    return undefined;
  }
  return out;
}

/** Writes entries as a deflated zip; `declare` may lie about an entry's unpacked size. */
export function writeZip(entries: readonly ZipEntry[], declare?: (e: ZipEntry) => number): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = e.packed?.bytes ?? deflateRawSync(e.data);
    const crc = e.packed?.crc ?? crc32(e.data);
    const size = declare ? declare(e) : e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(dir, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

let packedBomb: ZipEntry['packed'];
/** 300 MB of spaces, deflated once per process (about 300 KB): more than MAX_UNZIPPED when inflated. */
function bomb(): NonNullable<ZipEntry['packed']> {
  if (!packedBomb) {
    const spaces = Buffer.alloc(300 << 20, 0x20);
    packedBomb = { bytes: deflateRawSync(spaces, { level: 9 }), crc: crc32(spaces) };
  }
  return packedBomb;
}

const WORDS = [0, 1, 0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffffc, 0x7fffffff, 0x80000000, 0xffff, 0x10000];

/** The XML parts worth mutating, cells first. */
function xmlPart(entries: ZipEntry[], r: Rng): ZipEntry | undefined {
  const cells = entries.filter((e) => /sharedStrings|worksheets\/sheet/.test(e.name));
  const xml = entries.filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'));
  return r.chance(0.75) && cells.length ? r.pick(cells) : xml.length ? r.pick(xml) : undefined;
}

const XML = textMutators('xml');
const TABLE_PIECES = textMutators('table').slice(-1);

/** Cell text a reader will meet: its own vocabulary, odd amounts and dates, huge or empty text. */
const CELL_VALUES = [
  ...PIECES.table,
  '',
  ' ',
  '-',
  '/',
  '1e400',
  '-0',
  '45000.5',
  '2958466',
  'x'.repeat(40_000),
  '9'.repeat(5000),
  '&lt;',
  '&#0;',
];

export const zipMutators: Record<string, Mutator> = {
  /** One cell's text (an <t> or <v> element of a sheet or the shared strings) replaced; the zip stays whole. */
  cellText(b, r) {
    const entries = readZip(b);
    const cells = entries?.filter((e) => /sharedStrings|worksheets\/sheet/.test(e.name));
    if (!entries || !cells?.length) return byteMutators.flipBits!(b, r, []);
    const e = r.pick(cells);
    const s = e.data.toString('utf8');
    const texts = [...s.matchAll(/<(t|v)( [^>]*)?>([^<]*)<\/\1>/g)];
    if (!texts.length) return b;
    // One cell per call (offsets move with each change); mutateWith stacks calls.
    const m = r.pick(texts);
    const at = m.index + m[0].indexOf('>') + 1;
    const value = r.chance(0.3) ? r.pick(texts)[3]! : r.pick(CELL_VALUES);
    const cut = (i: number) => Buffer.byteLength(s.slice(0, i));
    e.data = Buffer.concat([e.data.subarray(0, cut(at)), Buffer.from(value), e.data.subarray(cut(at + m[3]!.length))]);
    return writeZip(entries);
  },
  part(b, r) {
    const entries = readZip(b);
    if (!entries) return byteMutators.flipBits!(b, r, []);
    const e = xmlPart(entries, r);
    if (!e) return b;
    e.data = mutateWith(r.chance(0.3) ? TABLE_PIECES : XML, e.data, r, []);
    return writeZip(entries);
  },
  dropEntry(b, r) {
    const entries = readZip(b);
    if (!entries?.length) return b;
    entries.splice(r.int(entries.length), 1);
    return writeZip(entries);
  },
  duplicateEntry(b, r) {
    const entries = readZip(b);
    if (!entries?.length) return b;
    const e = r.pick(entries);
    entries.splice(r.int(entries.length + 1), 0, { name: e.name, data: Buffer.from(r.pick(entries).data) });
    return writeZip(entries);
  },
  /** A sheet that inflates to far more than the directory says: a zip bomb against the size check. */
  lyingSize(b, r) {
    const entries = readZip(b);
    const e = entries && xmlPart(entries, r);
    if (!entries || !e || !r.chance(0.2)) return zipMutators.part!(b, r, []);
    if (r.chance(0.25)) {
      e.packed = bomb();
      e.data = Buffer.alloc(0);
    } else {
      e.data = Buffer.concat([e.data.subarray(0, e.data.length >> 1), Buffer.alloc(r.range(1, 40) << 20, 0x20)]);
    }
    return writeZip(entries, (x) => (x === e ? r.int(1000) : x.data.length));
  },
  directoryWord(b, r) {
    const c = Buffer.from(b);
    const dirs: number[] = [];
    for (let i = c.indexOf('PK\x01\x02'); i >= 0; i = c.indexOf('PK\x01\x02', i + 4)) dirs.push(i);
    const eocd = c.lastIndexOf('PK\x05\x06');
    if (r.chance(0.3) && eocd >= 0 && eocd + 22 <= c.length) {
      const at = eocd + r.pick([8, 10, 12, 16, 20]);
      if (at + 4 <= c.length) c.writeUInt32LE(r.pick(WORDS), at);
      return c;
    }
    if (!dirs.length) return c;
    const at = r.pick(dirs) + r.pick([10, 20, 24, 28, 30, 32, 42]);
    if (at + 4 <= c.length) c.writeUInt32LE(r.pick(WORDS), at);
    return c;
  },
  bytes(b, r) {
    return r.pick([
      byteMutators.flipBits!,
      byteMutators.interestingByte!,
      byteMutators.truncate!,
      byteMutators.deleteRun!,
    ])(b, r, []);
  },
};

export const cfbMutators: Record<string, Mutator> = {
  headerWord(b, r) {
    const c = Buffer.from(b);
    if (c.length < 0x54) return c;
    const at = r.pick([0x18, 0x1a, 0x1c, 0x1e, 0x20, 0x2c, 0x30, 0x38, 0x3c, 0x40, 0x44, 0x48, 0x4c, 0x50]);
    if (at === 0x1e || at === 0x20 || at === 0x1a || at === 0x1c)
      c.writeUInt16LE(r.pick([0, 1, 6, 9, 12, 16, 0xffff]), at);
    else c.writeUInt32LE(r.pick([...WORDS, r.int(64)]), at);
    return c;
  },
  /** A word in a sector (FAT entry, directory start or size) set to a chain-breaking value. */
  sectorWord(b, r) {
    const c = Buffer.from(b);
    if (c.length < 516) return c;
    const at = 512 + 4 * r.int(Math.floor((c.length - 512) / 4));
    c.writeUInt32LE(r.pick([...WORDS, r.int(64), Math.floor(at / 512) - 1]), at);
    return c;
  },
  truncateSector(b, r) {
    return b.subarray(0, 512 * r.int(Math.ceil(b.length / 512) + 1));
  },
  duplicateSector(b, r) {
    const n = Math.floor(b.length / 512);
    if (n < 2) return b;
    const k = r.int(n);
    const s = b.subarray(512 * k, 512 * k + 512);
    return insertAt(b, 512 * r.range(1, n), Buffer.from(s));
  },
  bytes(b, r) {
    return r.pick([byteMutators.flipBits!, byteMutators.interestingByte!, byteMutators.insertRandom!])(b, r, []);
  },
};
