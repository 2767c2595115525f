/**
 * Writes a `.lvbak` (backup-format.ts) as a stream: entries go in as they are read, each MiB is
 * sealed and written at once, so memory stays flat whatever the vault's size. The file is written
 * under a temporary name, created exclusively and private, and only `commit` (fsync, rename, fsync
 * the folder) gives it its name: a backup cut short by a pulled stick or a full disk never looks
 * complete. Nothing written is plaintext: the payload holds the vault's page-encrypted files, and
 * the payload itself is sealed again here.
 */
import { createCipheriv } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { signStatement } from '../crypto/signed-statement';
import { sha256, wipe } from '../crypto/primitives';
import { fsyncDirectory } from '../fs/atomic-write';
import {
  chunkAad,
  chunkNonce,
  CHUNK_BYTES,
  hashHex,
  headerBytes,
  MANIFEST_FORMAT,
  MANIFEST_STATEMENT,
  payloadKey,
  u32,
  type BackupHeader,
  type BackupManifest,
} from './backup-format';
import { canonicalJson } from '../crypto/canonical-json';
import { createHash, type Hash } from 'node:crypto';

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
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private plainBytes = 0;
  private index = 0;
  private done = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly target: string,
    private readonly header: BackupHeader,
    fileKey: Uint8Array,
    header0: Buffer,
  ) {
    this.key = payloadKey(fileKey, Buffer.from(header.payloadSalt, 'base64'));
    this.headerHash = sha256(header0);
  }

  /** Starts `target` as `target.partial` (refused if that exists: another export is running there). */
  static async create(target: string, header: BackupHeader, fileKey: Uint8Array): Promise<BackupWriter> {
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
    return new BackupWriter(handle, temp, target, header, fileKey, head);
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
      // A copy: the caller may reuse or wipe its buffer (the DEK entry is wiped at once).
      await this.push(Buffer.from(part));
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
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.writeChunk(rest, true);
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
    await this.handle.write(Buffer.concat([u32(0), u32(body.length), body, signature]));
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
      wipe(this.key);
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.temp, { force: true });
    BackupWriter.writing.delete(path.resolve(this.temp));
  }

  private async push(part: Buffer): Promise<void> {
    this.pending.push(part);
    this.pendingBytes += part.length;
    this.plainBytes += part.length;
    // A full chunk is sealed only once a byte after it exists: the last chunk must say it is the last.
    while (this.pendingBytes > CHUNK_BYTES) {
      const all = Buffer.concat(this.pending);
      await this.writeChunk(all.subarray(0, CHUNK_BYTES), false);
      const left = Buffer.from(all.subarray(CHUNK_BYTES));
      this.pending = [left];
      this.pendingBytes = left.length;
    }
  }

  private async writeChunk(plain: Buffer, last: boolean): Promise<void> {
    const cipher = createCipheriv('aes-256-gcm', this.key, chunkNonce(this.index));
    cipher.setAAD(chunkAad(this.headerHash, this.index, last));
    const record = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    this.chunkHashes.push(hashHex(record));
    await this.handle.write(Buffer.concat([u32(record.length), record]));
    this.index += 1;
  }
}
