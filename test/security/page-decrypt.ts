/**
 * Decrypts vault.db pages and WAL frames one by one, outside SQLite, the way an insider with the
 * DEK could: every page in the file (free pages and the unused space of live pages included) and
 * every frame in the WAL (every version of every page written since the last checkpoint reset,
 * committed or not). SQLite itself cannot give us that: SQLite3 Multiple Ciphers' way of
 * removing encryption (`PRAGMA rekey=''`) goes through VACUUM whenever the cipher reserves bytes
 * per page (both ciphers here do), which drops free pages and old cell contents; and this build
 * has no sqlite_dbpage table. Each page is authenticated (AEGIS tag, SQLCipher HMAC) before it
 * counts, so a wrong key or layout fails the test instead of scanning noise.
 *
 * Formats, from the bundled sqlite3mc source (deps/sqlite3/sqlite3.c):
 * - 'sqlcipher' (legacy=4): per page AES-256-CBC over bytes [offset, n), IV at n..n+16,
 *   HMAC-SHA512 at n+16..n+80 over [offset, n+16) || LE32(page); HMAC key = PBKDF2-SHA512(DEK,
 *   salt ^ 0x3a, 2 iterations); salt = the file's first 16 bytes; page 1 starts at offset 16.
 * - 'aegis-256': tag (32) at n, nonce (32) at n+32; one-time key and nonce = AEGIS-256 keystream
 *   (64 bytes) under (DEK, page nonce) with the last 4 bytes set to BE32(page); page 1 at offset 24.
 * This is test code: a pure-JS AES round (AEGIS needs the bare round, which node:crypto lacks).
 */
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import type { PageCipher } from '../../src/core/vault/database';

const PAGE = 4096;

// --- AES round (SubBytes, ShiftRows, MixColumns, AddRoundKey) as four 32-bit tables ---
const SBOX = new Uint8Array(256);
{
  const rotl = (x: number, s: number) => ((x << s) | (x >>> (8 - s))) & 0xff;
  let p = 1;
  let q = 1;
  do {
    p = (p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0)) & 0xff;
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    SBOX[p] = q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
}
const T = [0, 1, 2, 3].map(() => new Uint32Array(256));
for (let x = 0; x < 256; x += 1) {
  const s = SBOX[x]!;
  const s2 = ((s << 1) ^ (s & 0x80 ? 0x1b : 0)) & 0xff;
  const s3 = s2 ^ s;
  T[0]![x] = (s2 | (s << 8) | (s << 16) | (s3 << 24)) >>> 0;
  T[1]![x] = (s3 | (s2 << 8) | (s << 16) | (s << 24)) >>> 0;
  T[2]![x] = (s | (s3 << 8) | (s2 << 16) | (s << 24)) >>> 0;
  T[3]![x] = (s | (s << 8) | (s3 << 16) | (s2 << 24)) >>> 0;
}
/** Sanity of the tables against FIPS-197's S-box values. */
export const aesSboxOk = SBOX[0x00] === 0x63 && SBOX[0x01] === 0x7c && SBOX[0x53] === 0xed && SBOX[0xff] === 0x16;

type Block = Uint32Array; // 4 little-endian words = 16 bytes

function aesRound(a: Block, rk: Block): Block {
  const out = new Uint32Array(4);
  for (let c = 0; c < 4; c += 1) {
    out[c] =
      (T[0]![a[c]! & 0xff]! ^
        T[1]![(a[(c + 1) & 3]! >>> 8) & 0xff]! ^
        T[2]![(a[(c + 2) & 3]! >>> 16) & 0xff]! ^
        T[3]![a[(c + 3) & 3]! >>> 24]! ^
        rk[c]!) >>>
      0;
  }
  return out;
}

const load = (b: Uint8Array, at = 0): Block => {
  const out = new Uint32Array(4);
  for (let i = 0; i < 4; i += 1)
    out[i] =
      (b[at + 4 * i]! | (b[at + 4 * i + 1]! << 8) | (b[at + 4 * i + 2]! << 16) | (b[at + 4 * i + 3]! << 24)) >>> 0;
  return out;
};
const store = (blk: Block, b: Uint8Array, at = 0, len = 16) => {
  for (let i = 0; i < len; i += 1) b[at + i] = (blk[i >> 2]! >>> (8 * (i & 3))) & 0xff;
};
const xor = (a: Block, b: Block): Block => Uint32Array.from(a, (v, i) => (v ^ b[i]!) >>> 0);
const and = (a: Block, b: Block): Block => Uint32Array.from(a, (v, i) => (v & b[i]!) >>> 0);

// --- AEGIS-256 (draft-irtf-cfrg-aegis-aead), as libaegis implements it ---
const C0 = load(Buffer.from('000101020305080d1522375990e97962', 'hex'));
const C1 = load(Buffer.from('db3d18556dc22ff12011314273b528dd', 'hex'));

class Aegis256 {
  private s: Block[];
  constructor(key: Uint8Array, nonce: Uint8Array) {
    const k0 = load(key, 0);
    const k1 = load(key, 16);
    const k0n0 = xor(k0, load(nonce, 0));
    const k1n1 = xor(k1, load(nonce, 16));
    this.s = [k0n0, k1n1, C1, C0, xor(k0, C0), xor(k1, C1)];
    for (let i = 0; i < 4; i += 1) for (const m of [k0, k1, k0n0, k1n1]) this.update(m);
  }
  private update(m: Block): void {
    const s = this.s;
    this.s = [
      xor(aesRound(s[5]!, s[0]!), m),
      aesRound(s[0]!, s[1]!),
      aesRound(s[1]!, s[2]!),
      aesRound(s[2]!, s[3]!),
      aesRound(s[3]!, s[4]!),
      aesRound(s[4]!, s[5]!),
    ];
  }
  private z(): Block {
    const s = this.s;
    return xor(xor(xor(s[1]!, s[4]!), s[5]!), and(s[2]!, s[3]!));
  }
  /** The keystream of `len` bytes (encrypting zeros), as aegis256_stream. */
  stream(len: number): Buffer {
    const out = Buffer.alloc(len);
    for (let i = 0; i < len; i += 16) {
      store(this.z(), out, i, Math.min(16, len - i));
      this.update(new Uint32Array(4));
    }
    return out;
  }
  /** Decrypts in place; true when the 256-bit tag matches (no associated data). */
  decrypt(c: Uint8Array, tag: Uint8Array): boolean {
    for (let i = 0; i < c.length; i += 16) {
      const len = Math.min(16, c.length - i);
      const pad = new Uint8Array(16);
      pad.set(c.subarray(i, i + len));
      const m = xor(load(pad), this.z());
      store(m, c, i, len);
      if (len < 16) {
        const padded = new Uint8Array(16);
        store(m, padded, 0, len);
        this.update(load(padded));
      } else this.update(m);
    }
    const lengths = new Uint8Array(16);
    new DataView(lengths.buffer).setBigUint64(8, BigInt(c.length) * 8n, true);
    const t = xor(load(lengths), this.s[3]!);
    for (let i = 0; i < 7; i += 1) this.update(t);
    const mac = new Uint8Array(32);
    store(xor(xor(this.s[0]!, this.s[1]!), this.s[2]!), mac, 0);
    store(xor(xor(this.s[3]!, this.s[4]!), this.s[5]!), mac, 16);
    return timingSafeEqual(mac, tag);
  }
}

function decryptAegisPage(dek: Uint8Array, page: number, data: Buffer): Buffer | null {
  const n = data.length - 64;
  const offset = page === 1 ? 24 : 0;
  const otk = new Aegis256(dek, data.subarray(n + 32, n + 64)).stream(64);
  otk.writeUInt32BE(page >>> 0, 60);
  const body = Buffer.from(data.subarray(offset, n));
  return new Aegis256(otk.subarray(0, 32), otk.subarray(32, 64)).decrypt(body, data.subarray(n, n + 32)) ? body : null;
}

function decryptSqlcipherPage(dek: Uint8Array, hmacKey: Buffer, page: number, data: Buffer): Buffer | null {
  const n = data.length - 80;
  const offset = page === 1 ? 16 : 0;
  const pgno = Buffer.alloc(4);
  pgno.writeUInt32LE(page >>> 0);
  const mac = createHmac('sha512', hmacKey)
    .update(data.subarray(offset, n + 16))
    .update(pgno)
    .digest();
  if (!timingSafeEqual(mac, data.subarray(n + 16, n + 80))) return null;
  const decipher = createDecipheriv('aes-256-cbc', dek, data.subarray(n, n + 16)).setAutoPadding(false);
  return Buffer.concat([decipher.update(data.subarray(offset, n)), decipher.final()]);
}

/** A decrypter for one vault.db file: the SQLCipher HMAC key depends on the file's salt. */
export function pageDecrypter(
  cipher: PageCipher,
  dek: Uint8Array,
  dbFileHead: Buffer,
): (page: number, data: Buffer) => Buffer | null {
  if (cipher === 'aegis-256') return (page, data) => decryptAegisPage(dek, page, data);
  const salt = Buffer.from(dbFileHead.subarray(0, 16).map((b) => b ^ 0x3a));
  const hmacKey = pbkdf2Sync(dek, salt, 2, 32, 'sha512');
  return (page, data) => decryptSqlcipherPage(dek, hmacKey, page, data);
}

export interface Decrypted {
  /** Every page's plaintext, concatenated. */
  plain: Buffer;
  pages: number;
  /** Pages or frames whose tag/HMAC did not verify (not decrypted, but still scanned raw elsewhere). */
  failed: number[];
}

/** Every page of a vault.db file image. */
export function decryptDatabaseFile(cipher: PageCipher, dek: Uint8Array, file: Buffer): Decrypted {
  const decrypt = pageDecrypter(cipher, dek, file);
  const out: Buffer[] = [];
  const failed: number[] = [];
  for (let i = 0; i + PAGE <= file.length; i += PAGE) {
    const page = i / PAGE + 1;
    const plain = decrypt(page, file.subarray(i, i + PAGE));
    if (plain) out.push(plain);
    else failed.push(page);
  }
  return { plain: Buffer.concat(out), pages: out.length, failed };
}

/** Every frame of a WAL file (32-byte header; frames of a 24-byte header and one page). */
export function decryptWalFile(cipher: PageCipher, dek: Uint8Array, dbFileHead: Buffer, wal: Buffer): Decrypted {
  const decrypt = pageDecrypter(cipher, dek, dbFileHead);
  const out: Buffer[] = [];
  const failed: number[] = [];
  for (let at = 32, frame = 0; at + 24 + PAGE <= wal.length; at += 24 + PAGE, frame += 1) {
    const page = wal.readUInt32BE(at);
    const plain = page === 0 ? null : decrypt(page, wal.subarray(at + 24, at + 24 + PAGE));
    if (plain) out.push(plain);
    else failed.push(frame);
  }
  return { plain: Buffer.concat(out), pages: out.length, failed };
}
