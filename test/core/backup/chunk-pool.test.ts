/**
 * Backups on two cores (src/core/backup/chunk-pool.ts): the per-chunk work (seal, hash, open)
 * runs on a worker thread when one helps and on the main thread otherwise. The two paths must be
 * indistinguishable to a user: the same file byte for byte from the same inputs, the same verdict
 * on every damaged file (naming the same chunk), and a worker that cannot start, dies or hangs
 * changes nothing but the speed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chunkAad, chunkNonce, CHUNK_BYTES, headerBytes, payloadKey } from '../../../src/core/backup/backup-format';
import { readBackup } from '../../../src/core/backup/backup-reader';
import { BackupWriter, type ManifestSigner } from '../../../src/core/backup/backup-writer';
import { ChunkPool, chunkThreads, sharedBuffer } from '../../../src/core/backup/chunk-pool';
import { CHUNK_WORKER_SOURCE } from '../../../src/core/backup/chunk-worker-source';
import { generatePair } from '../../../src/core/crypto/identity';
import { LedgerVaultError } from '../../../src/core/errors';
import { testBackupHeader } from '../../helpers/backups';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-chunk-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  chunkThreads.mode = 'auto';
  chunkThreads.source = CHUNK_WORKER_SOURCE;
  chunkThreads.stallMs = 20_000;
});

const pair = generatePair('ed25519');
const signer: ManifestSigner = {
  userId: 'u-mgr',
  username: 'wangjl',
  ed25519Public: pair.publicKey,
  ed25519Private: pair.privateKey,
};
const header = testBackupHeader({ username: signer.username, createdAt: '2026-12-03T08:00:00.000Z' });
const fileKey = randomBytes(32);
/** 5.5 MiB of database and a small keys file: six chunks, the last one short. */
const db = randomBytes(Math.floor(5.5 * CHUNK_BYTES));
const keys = Buffer.from('{"format":"keys"}');
const now = new Date('2026-12-03T08:00:01.000Z');

async function write(name: string): Promise<string> {
  const target = path.join(dir, name);
  const w = await BackupWriter.create(target, header, fileKey, db.length);
  await w.addEntry('vault/vault.keys', keys.length, [keys]);
  // In uneven pieces, as a stream would hand them over.
  await w.addEntry('vault/vault.db', db.length, [db.subarray(0, 700_001), db.subarray(700_001)]);
  await w.commit({ auditHead: { seq: 1 } }, signer, now);
  return target;
}

/** The verdict a user sees: 'ok' with what came out, or the error's code and message. */
async function verdict(file: string, withKey: boolean): Promise<string> {
  const out: Buffer[] = [];
  try {
    const check = await readBackup(file, {
      fileKey: withKey ? () => fileKey : undefined,
      partsFreedOnWrite: true,
      onEntry: (name) => (name === 'vault/vault.db' ? { write: (p) => void out.push(Buffer.from(p)) } : null),
    });
    if (withKey && !Buffer.concat(out).equals(db)) return 'wrong bytes';
    return `ok ${check.chunks}`;
  } catch (err) {
    return err instanceof LedgerVaultError ? `${err.code} ${err.message}` : `crash ${String(err)}`;
  }
}

/** Record offsets: magic, u32 header length, header, then u32 length + record per chunk. */
function records(bytes: Buffer): { at: number; length: number }[] {
  let at = 10;
  at += 4 + bytes.readUInt32BE(at);
  const found: { at: number; length: number }[] = [];
  for (let n = bytes.readUInt32BE(at); n > 0; n = bytes.readUInt32BE(at)) {
    found.push({ at: at + 4, length: n });
    at += 4 + n;
  }
  return found;
}

/** Damaged copies of `original`, by what was done to them. */
function damaged(original: Buffer): Record<string, Buffer> {
  const r = records(original);
  const flip = (at: number) => {
    const b = Buffer.from(original);
    b[at] = b[at]! ^ 0x40;
    return b;
  };
  const swapped = Buffer.from(original);
  original.copy(swapped, r[1]!.at, r[2]!.at, r[2]!.at + r[2]!.length);
  original.copy(swapped, r[2]!.at, r[1]!.at, r[1]!.at + r[1]!.length);
  return {
    'byte flipped in chunk 3': flip(r[2]!.at + 777),
    'tag flipped in the last chunk': flip(r[5]!.at + r[5]!.length - 3),
    'chunks 2 and 3 swapped': swapped,
    'cut inside chunk 4': original.subarray(0, r[3]!.at + 1000),
    'cut after chunk 4': original.subarray(0, r[3]!.at + r[3]!.length),
    'a length made impossible': (() => {
      const b = Buffer.from(original);
      b.writeUInt32BE(5, r[4]!.at - 4);
      return b;
    })(),
  };
}

describe('backups on two threads', () => {
  it('the worker and the main thread write the same file, byte for byte, and the worker did the work', async () => {
    chunkThreads.mode = 'never';
    const alone = readFileSync(await write('alone.lvbak'));
    chunkThreads.mode = 'always';
    const pooled = readFileSync(await write('pooled.lvbak'));
    expect(pooled.equals(alone)).toBe(true);
    expect(records(pooled)).toHaveLength(6);

    // The worker really ran: a pool in 'always' mode hands jobs to it.
    const pool = new ChunkPool(null, Buffer.alloc(32), 0);
    try {
      expect(pool.threaded).toBe(true);
      const input = sharedBuffer(1000).fill(3);
      await Promise.all([pool.hashRecord(input), pool.hashRecord(input)]);
      expect(pool.done.worker).toBeGreaterThan(0);
    } finally {
      pool.close();
    }
  });

  it('every damage gets the same verdict, naming the same chunk, on either path, with and without the key', async () => {
    chunkThreads.mode = 'never';
    const original = readFileSync(await write('verdicts.lvbak'));
    const cases = damaged(original);
    const seen: Record<string, Record<string, string>> = {};
    for (const mode of ['never', 'always'] as const) {
      chunkThreads.mode = mode;
      for (const [what, bytes] of Object.entries({ intact: original, ...cases })) {
        const file = path.join(dir, `case-${mode}.lvbak`);
        writeFileSync(file, bytes);
        for (const withKey of [false, true]) {
          (seen[`${what}, ${withKey ? 'with' : 'without'} the key`] ??= {})[mode] = await verdict(file, withKey);
        }
      }
    }
    for (const [what, by] of Object.entries(seen)) expect(by.always, what).toBe(by.never);
    expect(seen['intact, with the key']!.always).toBe('ok 6');
    expect(seen['byte flipped in chunk 3, with the key']!.always).toMatch(/E_INTEGRITY .*chunk 3 does not open/);
    expect(seen['byte flipped in chunk 3, without the key']!.always).toMatch(/E_INTEGRITY .*chunk 3 is not the one/);
    expect(seen['tag flipped in the last chunk, with the key']!.always).toMatch(/chunk 6 does not open/);
    expect(seen['chunks 2 and 3 swapped, with the key']!.always).toMatch(/chunk 2 does not open/);
    expect(seen['cut after chunk 4, with the key']!.always).toMatch(/E_INTEGRITY .*before chunk 5/);
    for (const [what, by] of Object.entries(seen))
      if (!what.startsWith('intact')) expect(by.always, what).toMatch(/^E_INTEGRITY /);
  });

  it('a chunk re-sealed with the file key but other contents is named by its hash, on either path', async () => {
    // Someone holding the key (the passphrase opens it) seals other bytes at chunk 3's place: it
    // opens, so the signed hash of the file it belongs to is what catches it, and then the
    // records' signed hashes say which chunk it was.
    chunkThreads.mode = 'never';
    const bytes = readFileSync(await write('resealed.lvbak'));
    const r = records(bytes)[2]!;
    const key = payloadKey(fileKey, Buffer.from(header.payloadSalt, 'base64'));
    const headerHash = createHash('sha256').update(headerBytes(header)).digest();
    const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(2));
    decipher.setAAD(chunkAad(headerHash, 2, false));
    decipher.setAuthTag(bytes.subarray(r.at + r.length - 16, r.at + r.length));
    const plain = Buffer.concat([decipher.update(bytes.subarray(r.at, r.at + r.length - 16)), decipher.final()]);
    plain[4242] = plain[4242]! ^ 0x10;
    const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(2));
    cipher.setAAD(chunkAad(headerHash, 2, false));
    const resealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    resealed.copy(bytes, r.at);
    const file = path.join(dir, 'resealed-damaged.lvbak');
    writeFileSync(file, bytes);
    for (const mode of ['never', 'always'] as const) {
      chunkThreads.mode = mode;
      expect(await verdict(file, true), mode).toMatch(/E_INTEGRITY .*chunk 3 is not the one the manifest lists/);
    }
  });

  it('a worker that cannot start, dies at its first job, or never answers: the main thread does the work', async () => {
    chunkThreads.mode = 'never';
    const alone = readFileSync(await write('fallback-reference.lvbak'));
    const broken = {
      'cannot start': `throw new Error('no worker today');`,
      'dies at its first job': `require('node:worker_threads').parentPort.on('message', () => process.exit(3));`,
      'never answers': `require('node:worker_threads').parentPort.on('message', () => undefined);`,
    };
    for (const [what, source] of Object.entries(broken)) {
      chunkThreads.mode = 'always';
      chunkThreads.source = source;
      chunkThreads.stallMs = 300;
      const file = await write(`fallback-${what.replaceAll(' ', '-')}.lvbak`);
      expect(readFileSync(file).equals(alone), what).toBe(true);
      expect(await verdict(file, true), what).toBe('ok 6');

      // And a damaged chunk is still named when the main thread takes over.
      const bytes = readFileSync(file);
      const r = records(bytes);
      bytes[r[3]!.at + 5] = bytes[r[3]!.at + 5]! ^ 1;
      writeFileSync(file, bytes);
      expect(await verdict(file, true), what).toMatch(/E_INTEGRITY .*chunk 4 does not open/);
      expect(await verdict(file, false), what).toMatch(/E_INTEGRITY .*chunk 4 is not the one/);

      const pool = new ChunkPool(null, Buffer.alloc(32), 0);
      try {
        const input = sharedBuffer(4096).fill(9);
        const hashes = await Promise.all([pool.hashRecord(input), pool.hashRecord(input), pool.hashRecord(input)]);
        expect(new Set(hashes.map((h) => h.toString('hex'))).size, what).toBe(1);
        expect(pool.threaded, what).toBe(false);
        expect(pool.done.worker, what).toBe(0);
      } finally {
        pool.close();
      }
    }
  }, 60_000);
});
