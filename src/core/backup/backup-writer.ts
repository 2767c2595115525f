/**
 * Writes a `.lvbak` (backup-format.ts) as a stream: entries go in as they are read, each MiB is
 * sealed and written at once, so memory stays flat whatever the vault's size. The file is written
 * under a temporary name, created exclusively and private, and only `commit` (fsync, rename, fsync
 * the folder) gives it its name: a backup cut short by a pulled stick or a full disk never looks
 * complete. Nothing written is plaintext: the payload holds the vault's page-encrypted files, and
 * the payload itself is sealed again here.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { signStatement } from '../crypto/signed-statement';
import { sha256, wipe } from '../crypto/primitives';
import { fsyncDirectory } from '../fs/atomic-write';
import {
  CHUNK_BYTES,
  headerBytes,
  MANIFEST_FORMAT,
  MANIFEST_STATEMENT,
  payloadKey,
  TAG_BYTES,
  u32,
  type BackupHeader,
  type BackupManifest,
} from './backup-format';
import { canonicalJson } from '../crypto/canonical-json';
import { createHash, type Hash } from 'node:crypto';
import { ChunkPool, sharedBuffer, type Sealed } from './chunk-pool';

/** Records being written at once, while the next is sealed: enough to keep the disk busy. */
const IN_FLIGHT = 3;
/** Chunks being sealed at once (chunk-pool.ts: on the worker or here), while the next is filled. */
const SEALING = 4;
/**
 * Written data is flushed every this many bytes, in the background: the medium works while the
 * next chunks are sealed, instead of all at the final fsync (on a USB stick, minutes of it), and
 * the progress shown is what reached it, not what waits in memory.
 */
const FLUSH_EVERY = 64 << 20;

/**
 * Writes `parts` at `position`, all of them: a short write (a disk filling up) is continued, so
 * that the error the system gives next (ENOSPC, EIO) is the one reported.
 */
async function writeAll(handle: FileHandle, parts: Buffer[], position: number): Promise<void> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  let done = (await handle.writev(parts, position)).bytesWritten;
  if (done === total) return;
  const rest = Buffer.concat(parts).subarray(done);
  while (done < total) {
    const { bytesWritten } = await handle.write(rest, done - (total - rest.length), total - done, position + done);
    if (bytesWritten === 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

/** Who signs the manifest: the exporting user's certified Ed25519 key. */
export interface ManifestSigner {
  userId: string;
  username: string;
  ed25519Public: Uint8Array;
  ed25519Private: Uint8Array;
}

export class BackupWriter {
  /** The temporary files this process is writing now (absolute paths): never taken for stale ones. */
  static readonly writing = new Set<string>();
  private readonly key: Buffer;
  private readonly headerHash: Buffer;
  private readonly chunkHashes: string[] = [];
  private readonly entries: BackupManifest['entries'] = [];
  /**
   * Chunk buffers in turn, in memory the worker shares: every payload byte is copied once, into
   * one of them (all wiped at the end: the first held the DEK). One is filled while the others
   * are sealed; a buffer is filled again only once its chunk is sealed.
   */
  private readonly slots = Array.from({ length: SEALING + 1 }, () => sharedBuffer(CHUNK_BYTES));
  /**
   * Where each chunk's ciphertext goes, in turn: one is used again only once its record is
   * written (SEALING chunks being sealed, IN_FLIGHT writes, one more being filled).
   */
  private readonly outs = Array.from({ length: SEALING + IN_FLIGHT + 1 }, () => sharedBuffer(CHUNK_BYTES));
  private chunk: Buffer;
  private readonly pool: ChunkPool;
  /** Chunks being sealed, oldest first: each is written, and its hash listed, in order. */
  private sealing: { job: Promise<Sealed>; position: number; out: Buffer }[] = [];
  private filled = 0;
  private plainBytes = 0;
  private index = 0;
  /** Where the next record goes: writes carry their position, so several can be in flight. */
  private position: number;
  /** Writes in flight, oldest first; a few at most, so memory stays flat. */
  private inFlight: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;
  /** The background flush under way, and where the last one began. */
  private flushing: Promise<void> | null = null;
  private flushedAt = 0;
  private done = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly target: string,
    private readonly header: BackupHeader,
    fileKey: Uint8Array,
    header0: Buffer,
    expectedBytes: number,
  ) {
    this.key = payloadKey(fileKey, Buffer.from(header.payloadSalt, 'base64'));
    this.headerHash = sha256(header0);
    this.position = header0.length;
    this.chunk = this.slots[0]!;
    // This thread hashes each entry and copies it into the chunks: the sealing is the worker's.
    this.pool = new ChunkPool(this.key, this.headerHash, expectedBytes, SEALING);
  }

  /**
   * Starts `target` as `target.partial` (refused if that exists: another export is running there).
   * `expectedBytes`, about the payload's size, decides whether a second thread helps.
   */
  static async create(
    target: string,
    header: BackupHeader,
    fileKey: Uint8Array,
    expectedBytes = 0,
  ): Promise<BackupWriter> {
    const temp = `${target}.partial`;
    const handle = await open(temp, 'wx', 0o600);
    BackupWriter.writing.add(path.resolve(temp));
    const head = headerBytes(header);
    try {
      await handle.write(head);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      BackupWriter.writing.delete(path.resolve(temp));
      throw err;
    }
    return new BackupWriter(handle, temp, target, header, fileKey, head, expectedBytes);
  }

  /** One file of the payload: u16 name length, name, u64 size, then exactly `bytes` bytes from `source`. */
  async addEntry(name: string, bytes: number, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(2 + nameBytes.length + 8);
    head.writeUInt16BE(nameBytes.length, 0);
    nameBytes.copy(head, 2);
    head.writeBigUInt64BE(BigInt(bytes), 2 + nameBytes.length);
    await this.push(head);
    const hash: Hash = createHash('sha256');
    let seen = 0;
    for await (const part of source) {
      seen += part.length;
      if (seen > bytes) throw new Error(`backup entry ${name} is longer than the ${bytes} bytes announced`);
      hash.update(part);
      // Copied into the chunk at once: the caller may reuse or wipe its buffer (the DEK entry is wiped at once).
      await this.push(part);
    }
    if (seen !== bytes) throw new Error(`backup entry ${name} ended after ${seen} of ${bytes} bytes`);
    this.entries.push({ name, bytes, sha256: hash.digest('hex') });
  }

  /**
   * Seals the last chunk, writes the signed manifest, flushes, and gives the file its name.
   * Returns the manifest as signed.
   */
  async commit(vault: Record<string, unknown>, signer: ManifestSigner, now = new Date()): Promise<BackupManifest> {
    if (this.done) throw new Error('this backup is already finished');
    await this.sealChunk(true);
    while (this.sealing.length > 0) await this.writeSealed();
    await this.settle(0);
    this.pool.close();
    wipe(...this.slots);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      backupId: this.header.backupId,
      vaultId: this.header.vaultId,
      headerSha256: this.headerHash.toString('hex'),
      chunks: this.chunkHashes,
      plainBytes: this.plainBytes,
      entries: this.entries,
      vault,
      signer: {
        userId: signer.userId,
        username: signer.username,
        ed25519Public: Buffer.from(signer.ed25519Public).toString('hex'),
      },
      createdAt: now.toISOString(),
    };
    const body = Buffer.from(canonicalJson(manifest), 'utf8');
    const signature = signStatement(MANIFEST_STATEMENT, manifest, signer.ed25519Private);
    const tail = Buffer.concat([u32(0), u32(body.length), body, signature]);
    await this.handle.write(tail, 0, tail.length, this.position);
    await this.flushing;
    if (this.failure) throw this.failure.error;
    await this.handle.sync();
    await this.handle.close();
    this.done = true;
    wipe(this.key);
    await rename(this.temp, this.target);
    BackupWriter.writing.delete(path.resolve(this.temp));
    fsyncDirectory(path.dirname(this.target));
    return manifest;
  }

  /** Gives up: the partial file goes, nothing that looks like a backup is left. */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      this.pool.close();
      // Chunks being sealed and writes in flight finish (or fail) first; their results are moot now.
      await Promise.all(this.sealing.map((s) => s.job.catch(() => undefined)));
      this.sealing = [];
      wipe(this.key, ...this.slots);
      await Promise.all(this.inFlight);
      await this.flushing;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.temp, { force: true });
    BackupWriter.writing.delete(path.resolve(this.temp));
  }

  private async push(part: Uint8Array): Promise<void> {
    this.plainBytes += part.length;
    let at = 0;
    while (at < part.length) {
      // A full chunk is sealed only once a byte after it exists: the last chunk must say it is the last.
      if (this.filled === CHUNK_BYTES) await this.sealChunk(false);
      const n = Math.min(CHUNK_BYTES - this.filled, part.length - at);
      this.chunk.set(part.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
    }
  }

  /**
   * Hands the chunk filled so far to the pool as record `index` and goes on in the next buffer;
   * the oldest sealed chunks are written meanwhile (length, ciphertext, tag), in order.
   */
  private async sealChunk(last: boolean): Promise<void> {
    const length = this.filled;
    const out = this.outs[this.index % this.outs.length]!.subarray(0, length);
    const job = this.pool.seal(this.index, last, this.chunk.subarray(0, length), out);
    this.sealing.push({ job, position: this.position, out });
    this.position += 4 + length + TAG_BYTES;
    this.index += 1;
    this.filled = 0;
    // The next buffer's chunk was sealed (and written) at least SEALING chunks ago.
    while (this.sealing.length > SEALING) await this.writeSealed();
    this.chunk = this.slots[this.index % this.slots.length]!;
  }

  /** The oldest chunk being sealed: its hash listed, its record written. */
  private async writeSealed(): Promise<void> {
    const { job, position, out } = this.sealing.shift()!;
    const sealed = await job;
    this.chunkHashes.push(sealed.hash.toString('hex'));
    const write = writeAll(this.handle, [u32(out.length + TAG_BYTES), out, sealed.tag], position);
    this.inFlight.push(
      write.then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
    await this.settle(IN_FLIGHT);
    if (!this.flushing && position - this.flushedAt >= FLUSH_EVERY) {
      this.flushedAt = position;
      this.flushing = this.handle.datasync().then(
        () => {
          this.flushing = null;
        },
        (error: unknown) => {
          this.failure ??= { error };
          this.flushing = null;
        },
      );
    }
  }

  /** Waits until at most `max` writes are in flight; a write that failed fails the backup here. */
  private async settle(max: number): Promise<void> {
    while (this.inFlight.length > max) await this.inFlight.shift();
    if (this.failure) throw this.failure.error;
  }
}
