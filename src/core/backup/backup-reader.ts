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
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { integrityError, LedgerVaultError } from '../errors';
import { statementSignatureValid } from '../crypto/signed-statement';
import { canonicalJson } from '../crypto/canonical-json';
import {
  BACKUP_MAGIC,
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
import { sha256, wipe } from '../crypto/primitives';
import { ChunkPool, sharedBuffer, type Opened } from './chunk-pool';
import { Source } from './backup-source';

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
  /**
   * The sinks are done with a part once its write settles (they copy or write it, never keep it):
   * the memory is then used again for later chunks, and wiped at the end. Without it each part is
   * the caller's to keep.
   */
  partsFreedOnWrite?: boolean;
  /** Told after each chunk (progress). */
  onChunk?: (index: number, ofBytes: number) => void;
}

/** E_INTEGRITY, with a message key naming the chunk (from 1) when one is to blame. */
const bad = (detail: string, chunk?: number) =>
  integrityError(`This backup is damaged: ${detail}`, undefined, {
    messageKey: chunk === undefined ? 'backup.damaged' : 'backup.damagedChunk',
    params: chunk === undefined ? {} : { chunk },
  });

export async function readBackup(file: string, opts: ReadOptions = {}): Promise<BackupCheck> {
  const handle = await open(file, 'r');
  try {
    return await readFrom(new Source(handle), opts);
  } catch (err) {
    // A secret that does not open the header's wraps is wrong, or the wraps were damaged: the
    // signed manifest tells which (E_INTEGRITY if the header is not the one it was signed for).
    if (err instanceof LedgerVaultError && err.code === 'E_AUTH') await vouchForHeader(new Source(handle));
    // Opened with the key, records are not hashed (readFrom says why): when the files or the
    // chunk count do not match the manifest, the records' hashes name the chunk to blame.
    if (err instanceof LedgerVaultError && err.code === 'E_INTEGRITY' && opts.fileKey && err.params.chunk === undefined)
      await readFrom(new Source(handle), {});
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

/** Chunks being hashed or opened at once (chunk-pool.ts), while the next is read. */
const IN_WORK = 4;

/** A chunk in work failed: that is the answer, not a reason to look at the chunks after it first. */
class ChunkFailed extends Error {}
const finishing = (step: Promise<void>) =>
  step.catch((err: unknown) => {
    throw new ChunkFailed('chunk failed', { cause: err });
  });

async function readFrom(src: Source, opts: ReadOptions): Promise<BackupCheck> {
  const { header, headerHash } = await readHead(src);
  const key = opts.fileKey ? payloadKey(await opts.fileKey(header), Buffer.from(header.payloadSalt, 'base64')) : null;
  const entries = key ? new EntryParser(opts.onEntry) : null;
  // Without the key, each record's SHA-256 is checked against the signed manifest. With it, each
  // record is opened instead (its index, last flag and header bound in by AES-GCM) and each file's
  // plaintext checked against its signed SHA-256: a record that opens is the one that was sealed
  // unless its plaintext differs (same key, nonce and data give the same ciphertext and tag), which
  // the file's hash shows. Hashing the records as well would check the same bytes twice.
  const hashes: string[] = [];
  let chunks = 0;
  // Each record is read with the length after it into one of these, in turn, and stays there
  // untouched until its chunk is hashed (and opened): at most IN_WORK of them, one being read.
  const slots = Array.from({ length: IN_WORK + 2 }, () => sharedBuffer(MAX_RECORD_BYTES + 4));
  // Each chunk's plaintext goes into one of these, in turn; one is used again only once what was
  // handed on from it is written (`freed`). All are wiped at the end: the first held the DEK.
  const plains =
    key && opts.partsFreedOnWrite ? Array.from({ length: IN_WORK + 3 }, () => sharedBuffer(MAX_RECORD_BYTES)) : [];
  const freed: Promise<void>[] = [];
  // With the key, this thread hashes the files and hands their bytes on: the opening is the worker's.
  const pool = new ChunkPool(key, headerHash, (await src.size()) - src.consumed, key ? IN_WORK : 2);
  const working: { index: number; at: number; plain: Buffer | null; job: Promise<Opened> | Promise<Buffer> }[] = [];
  /** The oldest chunk in work: its hash kept, its plaintext (if opened) handed on, in order. */
  const finishOne = async () => {
    const { index, at, plain, job } = working.shift()!;
    const done = await job;
    chunks += 1;
    if (Buffer.isBuffer(done)) hashes.push(done.toString('hex'));
    else {
      if (!done.opened || !plain)
        throw bad(
          `chunk ${index + 1} does not open: it was changed, moved, or taken from another backup, or the file was cut after it.`,
          index + 1,
        );
      await entries!.push(plain);
      if (plains.length > 0) freed[index % plains.length] = entries!.written;
    }
    opts.onChunk?.(index, at);
  };
  let reading: Promise<number> | null = null;
  try {
    let next = await recordLength(src, 1);
    for (let index = 0; next > 0; index += 1) {
      if (next > MAX_RECORD_BYTES || next < TAG_BYTES)
        throw bad(`chunk ${index + 1} has an impossible length (${next}).`, index + 1);
      const slot = slots[index % slots.length]!;
      reading ??= src.takeInto(slot, next + 4);
      const got = await reading;
      reading = null;
      const at = src.consumed;
      if (got < next) throw bad(`the file ends inside chunk ${index + 1}: it was cut short.`, index + 1);
      if (got < next + 4) throw bad(`the file ends before chunk ${index + 2}: it was cut short.`, index + 2);
      const record = slot.subarray(0, next);
      const following = slot.readUInt32BE(next);
      // The next record (and the length after it) is read while this one is hashed and opened.
      if (following > 0 && following <= MAX_RECORD_BYTES && following >= TAG_BYTES)
        reading = src.takeInto(slots[(index + 1) % slots.length]!, following + 4);
      let plain: Buffer | null = null;
      if (key && plains.length > 0) {
        await freed[index % plains.length];
        plain = plains[index % plains.length]!.subarray(0, next - TAG_BYTES);
      } else if (key) plain = sharedBuffer(next - TAG_BYTES);
      const job = plain ? pool.open(index, following === 0, record, plain) : pool.hashRecord(record);
      working.push({ index, at, plain, job });
      next = following;
      while (working.length > IN_WORK) await finishing(finishOne());
    }
    while (working.length > 0) await finishing(finishOne());
  } catch (err) {
    // What the chunks before this point say comes first, as when they were read one by one.
    await reading?.catch(() => undefined);
    if (!(err instanceof ChunkFailed)) while (working.length > 0) await finishOne();
    throw err instanceof ChunkFailed ? err.cause : err;
  } finally {
    pool.close();
    await Promise.all(freed.map((f) => f.catch(() => undefined)));
    wipe(...plains);
  }
  const manifest = await readTail(src, header, headerHash);
  if (entries) {
    if (chunks !== manifest.chunks.length) throw bad('its chunks are not the ones the manifest lists.');
    await entries.finish(manifest);
    return { header, manifest, chunks, decrypted: true };
  }
  for (let i = 0; i < Math.max(hashes.length, manifest.chunks.length); i += 1) {
    if (hashes[i] === manifest.chunks[i]) continue;
    if (i >= hashes.length) throw bad(`chunk ${i + 1} of ${manifest.chunks.length} is missing.`, i + 1);
    if (i >= manifest.chunks.length) throw bad(`chunk ${i + 1} is not in the manifest: it was added.`, i + 1);
    throw bad(`chunk ${i + 1} is not the one the manifest lists: it was changed, moved or replaced.`, i + 1);
  }
  return { header, manifest, chunks: hashes.length, decrypted: false };
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

  /** Settles once everything handed to the sinks so far is written (the parts' memory is free again). */
  get written(): Promise<void> {
    return this.lastWrite;
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
