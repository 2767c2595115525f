/**
 * Reads and checks a `.lvbak` (backup-format.ts), streaming: restic's `check --read-data` for a
 * backup. With no secret it checks the structure, the SHA-256 of every chunk against the signed
 * manifest and the manifest's signature. Given the file key, it also opens every chunk (index,
 * last-chunk flag and header bound in), rebuilds the entries and checks each one's hash, handing
 * their bytes to `onEntry` (a restore writes them; a verify only counts them).
 *
 * Any corruption, truncation, reordering or splice is E_INTEGRITY naming the chunk (numbered from
 * 1 in messages); nothing is handed on from a chunk that did not open.
 */
import { createDecipheriv, createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { integrityError, LedgerVaultError } from '../errors';
import { statementSignatureValid } from '../crypto/signed-statement';
import { canonicalJson } from '../crypto/canonical-json';
import {
  BACKUP_MAGIC,
  chunkAad,
  chunkNonce,
  hashHex,
  headerSchema,
  manifestSchema,
  MANIFEST_STATEMENT,
  MAX_HEADER_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_RECORD_BYTES,
  payloadKey,
  SIGNATURE_BYTES,
  TAG_BYTES,
  type BackupHeader,
  type BackupManifest,
} from './backup-format';
import { sha256 } from '../crypto/primitives';

export interface BackupCheck {
  header: BackupHeader;
  manifest: BackupManifest;
  chunks: number;
  /** Whether the chunks were opened and the entries rebuilt (a file key was given). */
  decrypted: boolean;
}

export interface ReadOptions {
  /** Opens every chunk too; without it only what needs no secret is checked. */
  fileKey?: (header: BackupHeader) => Promise<Uint8Array> | Uint8Array;
  /** Each entry's bytes as they are opened, in order (restore). */
  onEntry?: (name: string, bytes: number) => { write(part: Buffer): void | Promise<void> } | null;
  /** Told after each chunk (progress). */
  onChunk?: (index: number, ofBytes: number) => void;
}

/** E_INTEGRITY, with a message key naming the chunk (from 1) when one is to blame. */
const bad = (detail: string, chunk?: number) =>
  integrityError(`This backup is damaged: ${detail}`, undefined, {
    messageKey: chunk === undefined ? 'backup.damaged' : 'backup.damagedChunk',
    params: chunk === undefined ? {} : { chunk },
  });

/** The least read at a time (the header, lengths and manifest come in a few reads). */
const MIN_READ = 64 << 10;

/**
 * Reads from a file handle, counting where it is. `prefetch` starts reading the next bytes the
 * caller will want (a chunk and the next chunk's length, in one read) while it checks this one.
 */
class Source {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  private ahead: Promise<Buffer> | null = null;
  consumed = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Exactly n bytes, or null if the file ends first. */
  async take(n: number): Promise<Buffer | null> {
    while (this.buffer.length < n) {
      const more = await (this.ahead ?? this.read(Math.max(MIN_READ, n - this.buffer.length)));
      this.ahead = null;
      if (more.length === 0) return null;
      this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, more]) : more;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    this.consumed += n;
    return out;
  }

  /** Starts reading so that n bytes are ready for the next take. */
  prefetch(n: number): void {
    if (this.ahead || this.buffer.length >= n) return;
    this.ahead = this.read(n - this.buffer.length);
    // Awaited by the next take; if none comes (the file was refused), its failure is moot.
    this.ahead.catch(() => undefined);
  }

  /** Passes over n bytes without reading them (no prefetch may be pending). */
  skip(n: number): void {
    const past = Math.min(n, this.buffer.length);
    this.buffer = this.buffer.subarray(past);
    this.position += n - past;
    this.consumed += n;
  }

  async atEnd(): Promise<boolean> {
    return (await this.take(1)) === null;
  }

  /** Up to n bytes from where the last read ended (fewer only at the end of the file). */
  private async read(n: number): Promise<Buffer> {
    const block = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.handle.read(block, got, n - got, this.position);
      if (bytesRead === 0) break;
      got += bytesRead;
      this.position += bytesRead;
    }
    return block.subarray(0, got);
  }
}

export async function readBackup(file: string, opts: ReadOptions = {}): Promise<BackupCheck> {
  const handle = await open(file, 'r');
  try {
    return await readFrom(new Source(handle), opts);
  } catch (err) {
    // A secret that does not open the header's wraps is wrong, or the wraps were damaged: the
    // signed manifest tells which (E_INTEGRITY if the header is not the one it was signed for).
    if (err instanceof LedgerVaultError && err.code === 'E_AUTH') await vouchForHeader(new Source(handle));
    throw err;
  } finally {
    await handle.close();
  }
}

async function readHead(src: Source): Promise<{ header: BackupHeader; headerHash: Buffer }> {
  const magic = await src.take(BACKUP_MAGIC.length);
  if (!magic || !magic.equals(BACKUP_MAGIC))
    throw integrityError('This is not a LedgerVault backup (.lvbak), or its start was damaged.', undefined, {
      messageKey: 'backup.notBackup',
    });
  const header0 = await lengthPrefixed(src, MAX_HEADER_BYTES, 'header');
  const header = parseJson(header0, headerSchema, 'its header');
  return { header, headerHash: sha256(BACKUP_MAGIC, u32of(header0.length), header0) };
}

/** The structure and the signed manifest, skipping over the chunks: throws E_INTEGRITY unless the header is vouched for. */
async function vouchForHeader(src: Source): Promise<void> {
  const { header, headerHash } = await readHead(src);
  for (let chunk = 1, next = await recordLength(src, 1); next > 0; chunk += 1) {
    if (next > MAX_RECORD_BYTES || next < TAG_BYTES)
      throw bad(`chunk ${chunk} has an impossible length (${next}).`, chunk);
    src.skip(next);
    next = await recordLength(src, chunk + 1);
  }
  await readTail(src, header, headerHash);
}

async function readFrom(src: Source, opts: ReadOptions): Promise<BackupCheck> {
  const { header, headerHash } = await readHead(src);
  const key = opts.fileKey ? payloadKey(await opts.fileKey(header), Buffer.from(header.payloadSalt, 'base64')) : null;
  const entries = key ? new EntryParser(opts.onEntry) : null;
  const hashes: string[] = [];
  let next = await recordLength(src, 1);
  if (next <= MAX_RECORD_BYTES) src.prefetch(next + 4);
  for (let index = 0; next > 0; index += 1) {
    if (next > MAX_RECORD_BYTES || next < TAG_BYTES)
      throw bad(`chunk ${index + 1} has an impossible length (${next}).`, index + 1);
    const record = await src.take(next);
    if (!record) throw bad(`the file ends inside chunk ${index + 1}: it was cut short.`, index + 1);
    hashes.push(hashHex(record));
    next = await recordLength(src, index + 2);
    // The next chunk and the length after it are read while this one is opened.
    if (next > 0 && next <= MAX_RECORD_BYTES) src.prefetch(next + 4);
    if (key && entries) {
      const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(index));
      decipher.setAAD(chunkAad(headerHash, index, next === 0));
      decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
      let plain: Buffer;
      try {
        const head = decipher.update(record.subarray(0, record.length - TAG_BYTES));
        const tail = decipher.final(); // GCM gives everything in update: no copy unless it does not
        plain = tail.length > 0 ? Buffer.concat([head, tail]) : head;
      } catch {
        throw bad(
          `chunk ${index + 1} does not open: it was changed, moved, or taken from another backup, or the file was cut after it.`,
          index + 1,
        );
      }
      await entries.push(plain);
    }
    opts.onChunk?.(index, src.consumed);
  }
  const manifest = await readTail(src, header, headerHash);
  for (let i = 0; i < Math.max(hashes.length, manifest.chunks.length); i += 1) {
    if (hashes[i] === manifest.chunks[i]) continue;
    if (i >= hashes.length) throw bad(`chunk ${i + 1} of ${manifest.chunks.length} is missing.`, i + 1);
    if (i >= manifest.chunks.length) throw bad(`chunk ${i + 1} is not in the manifest: it was added.`, i + 1);
    throw bad(`chunk ${i + 1} is not the one the manifest lists: it was changed, moved or replaced.`, i + 1);
  }
  if (entries) await entries.finish(manifest);
  return { header, manifest, chunks: hashes.length, decrypted: entries !== null };
}

/** After the end marker: the manifest, its signature, nothing after; the manifest vouches for the header. */
async function readTail(src: Source, header: BackupHeader, headerHash: Buffer): Promise<BackupManifest> {
  const manifest0 = await lengthPrefixed(src, MAX_MANIFEST_BYTES, 'manifest');
  const signature = await src.take(SIGNATURE_BYTES);
  if (!signature) throw bad('the file ends inside its signature: it was cut short.');
  if (!(await src.atEnd())) throw bad('there are bytes after its signature.');
  const manifest = parseJson(manifest0, manifestSchema, 'its manifest');
  // The signature is over the manifest's canonical bytes (docs/backup-format.md): the same meaning
  // in other bytes (a space, another key order) is a changed file, not an equivalent one.
  if (!Buffer.from(canonicalJson(manifest), 'utf8').equals(manifest0))
    throw bad('its manifest is not in canonical form: it was changed.');
  const signer = Buffer.from(manifest.signer.ed25519Public, 'hex');
  if (!statementSignatureValid(MANIFEST_STATEMENT, manifest, signature, signer))
    throw bad('the manifest’s signature does not hold: the manifest was changed.');
  if (manifest.headerSha256 !== headerHash.toString('hex'))
    throw bad('its header is not the one the manifest was signed for.');
  if (manifest.backupId !== header.backupId || manifest.vaultId !== header.vaultId)
    throw bad('its manifest names another backup.');
  return manifest;
}

function u32of(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

async function recordLength(src: Source, chunkNumber: number): Promise<number> {
  const b = await src.take(4);
  if (!b) throw bad(`the file ends before chunk ${chunkNumber}: it was cut short.`, chunkNumber);
  return b.readUInt32BE(0);
}

async function lengthPrefixed(src: Source, max: number, what: string): Promise<Buffer> {
  const len = await src.take(4);
  if (!len) throw bad(`the file ends before its ${what}: it was cut short.`);
  const n = len.readUInt32BE(0);
  if (n === 0 || n > max) throw bad(`its ${what} has an impossible length (${n}).`);
  const body = await src.take(n);
  if (!body) throw bad(`the file ends inside its ${what}: it was cut short.`);
  return body;
}

function parseJson<T>(
  bytes: Buffer,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  what: string,
): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad(`${what} is not readable.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw bad(`${what} is not in the expected form.`);
  return parsed.data;
}

/** Rebuilds the entries (u16 name length, name, u64 size, bytes) from the opened chunks. */
class EntryParser {
  private carry = Buffer.alloc(0);
  private current: {
    name: string;
    bytes: number;
    left: number;
    hash: Hash;
    sink: ReturnType<NonNullable<ReadOptions['onEntry']>>;
  } | null = null;
  private readonly seen: { name: string; bytes: number; sha256: string }[] = [];
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly onEntry: ReadOptions['onEntry']) {}

  async push(plain: Buffer): Promise<void> {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, plain]) : plain;
    this.carry = Buffer.alloc(0);
    while (data.length > 0) {
      if (!this.current) {
        if (data.length < 2) break;
        const nameLength = data.readUInt16BE(0);
        if (data.length < 2 + nameLength + 8) break;
        const name = data.subarray(2, 2 + nameLength).toString('utf8');
        const bytes = Number(data.readBigUInt64BE(2 + nameLength));
        data = data.subarray(2 + nameLength + 8);
        this.current = {
          name,
          bytes,
          left: bytes,
          hash: createHash('sha256'),
          sink: this.onEntry?.(name, bytes) ?? null,
        };
        if (bytes === 0) this.close();
        continue;
      }
      const part = data.subarray(0, Math.min(this.current.left, data.length));
      data = data.subarray(part.length);
      this.current.hash.update(part);
      if (this.current.sink) await this.write(this.current.sink, part);
      this.current.left -= part.length;
      if (this.current.left === 0) this.close();
    }
    if (data.length > 0) this.carry = Buffer.from(data);
  }

  async finish(manifest: BackupManifest): Promise<void> {
    await this.lastWrite;
    if (this.current || this.carry.length > 0) throw bad('its last file is incomplete.');
    const listed = JSON.stringify(manifest.entries);
    if (JSON.stringify(this.seen) !== listed) throw bad('its files are not the ones the manifest lists.');
  }

  /**
   * Hands `part` on once the previous part is written, without waiting for this one: the sink
   * writes while the next chunk is read and opened. `part` is not reused afterwards.
   */
  private async write(sink: { write(part: Buffer): void | Promise<void> }, part: Buffer): Promise<void> {
    await this.lastWrite;
    const written = Promise.resolve(sink.write(part));
    written.catch(() => undefined);
    this.lastWrite = written;
  }

  private close(): void {
    const c = this.current!;
    this.seen.push({ name: c.name, bytes: c.bytes, sha256: c.hash.digest('hex') });
    this.current = null;
  }
}
