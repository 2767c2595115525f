/**
 * The OLE compound file container of a legacy .xls (MS-CFB), just enough to take out one stream
 * ("Workbook"). Our own few lines rather than a dependency: the container is small and fixed, and
 * every read here is bounds-checked and every sector chain length-limited, so a crafted file (a
 * FAT cycle, a size past the end) is a clear E_INPUT, never a hang or a huge allocation.
 */
import { LedgerVaultError } from '../../errors';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && SIGNATURE.every((b, i) => bytes[i] === b);
}

const bad = (why: string) =>
  new LedgerVaultError('E_INPUT', `Not a readable .xls file: ${why}.`, {
    messageKey: 'import.badXls',
    params: { detail: why },
  });

/** The named stream's bytes (case-insensitive name), or undefined when the file has no such stream. */
export function readCompoundStream(bytes: Uint8Array, names: string[]): Uint8Array | undefined {
  if (!isCompoundFile(bytes)) throw bad('no compound file signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => {
    if (at + 4 > bytes.length) throw bad('a structure runs past the end of the file');
    return view.getUint32(at, true);
  };
  const sectorShift = view.getUint16(0x1e, true);
  const miniShift = view.getUint16(0x20, true);
  if (sectorShift !== 9 && sectorShift !== 12) throw bad('unknown sector size');
  if (miniShift !== 6) throw bad('unknown mini sector size');
  const sectorSize = 1 << sectorShift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const sectorAt = (n: number) => (n + 1) * sectorSize;

  // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i += 1) {
    const s = u32(0x4c + i * 4);
    if (s !== FREE) fatSectors.push(s);
  }
  let difat = u32(0x44);
  for (let hops = 0; difat !== END_OF_CHAIN && difat !== FREE; hops += 1) {
    if (hops > sectorCount) throw bad('the DIFAT chain loops');
    const at = sectorAt(difat);
    const per = sectorSize / 4 - 1;
    for (let i = 0; i < per; i += 1) {
      const s = u32(at + i * 4);
      if (s !== FREE) fatSectors.push(s);
    }
    difat = u32(at + per * 4);
  }
  if (fatSectors.length > sectorCount) throw bad('too many FAT sectors');
  const fat: number[] = [];
  for (const s of fatSectors) {
    const at = sectorAt(s);
    for (let i = 0; i < sectorSize / 4; i += 1) fat.push(u32(at + i * 4));
  }

  const chain = (start: number, table: number[], limit: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = table[s] ?? END_OF_CHAIN) {
      if (s === FREE || s >= table.length || out.length >= limit) throw bad('a broken or looping sector chain');
      out.push(s);
    }
    return out;
  };
  const readChain = (start: number, size: number): Uint8Array => {
    const sectors = chain(start, fat, sectorCount);
    if (size > sectors.length * sectorSize) throw bad('a stream is longer than its sectors');
    const out = new Uint8Array(size);
    sectors.forEach((s, i) => {
      const from = sectorAt(s);
      const n = Math.min(sectorSize, size - i * sectorSize);
      if (n <= 0) return;
      if (from + n > bytes.length) throw bad('a sector lies past the end of the file');
      out.set(bytes.subarray(from, from + n), i * sectorSize);
    });
    return out;
  };

  const dirSectors = chain(u32(0x30), fat, sectorCount);
  const dir = readChain(u32(0x30), dirSectors.length * sectorSize);
  const dv = new DataView(dir.buffer);
  const entries: { name: string; type: number; start: number; size: number }[] = [];
  for (let at = 0; at + 128 <= dir.length; at += 128) {
    const nameBytes = Math.min(dv.getUint16(at + 0x40, true), 64);
    let name = '';
    for (let i = 0; i + 2 < nameBytes; i += 2) name += String.fromCharCode(dv.getUint16(at + i, true));
    entries.push({
      name,
      type: dir[at + 0x42]!,
      start: dv.getUint32(at + 0x74, true),
      size: dv.getUint32(at + 0x78, true),
    });
  }
  const root = entries[0];
  if (!root || root.type !== 5) throw bad('no root entry');
  const wanted = names.map((n) => n.toLowerCase());
  const entry = entries.find((e) => e.type === 2 && wanted.includes(e.name.toLowerCase()));
  if (!entry) return undefined;
  if (entry.size > bytes.length) throw bad('a stream is larger than the file');
  if (entry.size >= u32(0x38)) return readChain(entry.start, entry.size);

  // A small stream lives in the mini stream (64-byte sectors inside the root entry's chain).
  const miniStream = readChain(root.start, root.size);
  const miniFatRaw = readChain(u32(0x3c), chain(u32(0x3c), fat, sectorCount).length * sectorSize);
  const mdv = new DataView(miniFatRaw.buffer);
  const miniFat: number[] = [];
  for (let i = 0; i + 4 <= miniFatRaw.length; i += 4) miniFat.push(mdv.getUint32(i, true));
  const out = new Uint8Array(entry.size);
  chain(entry.start, miniFat, miniFat.length).forEach((s, i) => {
    const n = Math.min(64, entry.size - i * 64);
    if (n <= 0) return;
    if (s * 64 + n > miniStream.length) throw bad('a mini sector lies past the mini stream');
    out.set(miniStream.subarray(s * 64, s * 64 + n), i * 64);
  });
  return out;
}
