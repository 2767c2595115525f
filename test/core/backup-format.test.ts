/**
 * The `.lvbak` stream (issue 13, Build 2 and 5): written in sealed 1 MiB chunks with the index,
 * the last-chunk flag and the header bound in, and a manifest signed by the exporting user. Every
 * corruption, truncation, reordering or splice is E_INTEGRITY naming the chunk, with or without
 * the file key; a wrong key opens nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupWriter, type ManifestSigner } from '../../src/core/backup/backup-writer';
import { readBackup } from '../../src/core/backup/backup-reader';
import { CHUNK_BYTES } from '../../src/core/backup/backup-format';
import { testBackupHeader } from '../helpers/backups';
import { generatePair } from '../../src/core/crypto/identity';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-lvbak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = generatePair('ed25519');
const signer: ManifestSigner = {
  userId: 'u-mgr',
  username: 'wangjl',
  ed25519Public: pair.publicKey,
  ed25519Private: pair.privateKey,
};

const header = () => testBackupHeader({ username: signer.username });

/** A backup of two files, 2.5 MiB in all: three chunks, the last one short. */
async function written(name: string, fileKey = randomBytes(32)) {
  const db = randomBytes(Math.floor(2.5 * CHUNK_BYTES));
  const keys = Buffer.from('{"format":"keys"}');
  const target = path.join(dir, name);
  const w = await BackupWriter.create(target, header(), fileKey);
  // The database in pieces, as a stream would hand it over.
  await w.addEntry('vault/vault.db', db.length, [db.subarray(0, 700_000), db.subarray(700_000)]);
  await w.addEntry('vault/vault.keys', keys.length, [keys]);
  const manifest = await w.commit({ auditHead: { seq: 42 } }, signer);
  return { target, fileKey, db, keys, manifest };
}

const integrity = (text: RegExp) =>
  expect.objectContaining({ code: 'E_INTEGRITY', message: expect.stringMatching(text) });

/** Record offsets: magic, u32 header length, header, then u32 length + record per chunk. */
function records(bytes: Buffer): { at: number; length: number }[] {
  let at = 10;
  at += 4 + bytes.readUInt32BE(at);
  const out: { at: number; length: number }[] = [];
  for (let n = bytes.readUInt32BE(at); n > 0; n = bytes.readUInt32BE(at)) {
    out.push({ at: at + 4, length: n });
    at += 4 + n;
  }
  return out;
}

describe('.lvbak', () => {
  it('round trip: every byte comes back, in its file, and the signed manifest lists what it holds', async () => {
    const b = await written('ok.lvbak');
    expect(existsSync(`${b.target}.partial`)).toBe(false);
    expect(readFileSync(b.target).includes(b.db.subarray(1000, 1064))).toBe(false);
    const out = new Map<string, Buffer[]>();
    const check = await readBackup(b.target, {
      fileKey: () => b.fileKey,
      onEntry: (name) => {
        const parts: Buffer[] = [];
        out.set(name, parts);
        return { write: (p) => void parts.push(p) };
      },
    });
    expect(check).toMatchObject({ chunks: 3, decrypted: true });
    expect(Buffer.concat(out.get('vault/vault.db')!).equals(b.db)).toBe(true);
    expect(Buffer.concat(out.get('vault/vault.keys')!).equals(b.keys)).toBe(true);
    expect(check.manifest.entries.map((e) => e.name)).toEqual(['vault/vault.db', 'vault/vault.keys']);
    expect(check.manifest.vault).toEqual({ auditHead: { seq: 42 } });
    // Without any secret: structure, chunk hashes and signature.
    expect(await readBackup(b.target)).toMatchObject({ chunks: 3, decrypted: false });
  });

  it('a flipped byte is found with no secret at all, naming the chunk', async () => {
    const b = await written('flip.lvbak');
    const bytes = readFileSync(b.target);
    const second = records(bytes)[1]!;
    bytes[second.at + 1234] = bytes[second.at + 1234]! ^ 0x01;
    writeFileSync(b.target, bytes);
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/chunk 2 is not the one the manifest lists/));
    await expect(readBackup(b.target, { fileKey: () => b.fileKey })).rejects.toEqual(
      integrity(/chunk 2 does not open/),
    );
  });

  it('two chunks swapped, a chunk from another backup, and a file cut after a chunk are each refused', async () => {
    const b = await written('swap.lvbak');
    const bytes = readFileSync(b.target);
    const [one, two] = records(bytes);
    const swapped = Buffer.from(bytes);
    bytes.copy(swapped, one!.at, two!.at, two!.at + two!.length);
    bytes.copy(swapped, two!.at, one!.at, one!.at + one!.length);
    writeFileSync(b.target, swapped);
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/chunk 1 is not the one the manifest lists/));
    await expect(readBackup(b.target, { fileKey: () => b.fileKey })).rejects.toEqual(
      integrity(/chunk 1 does not open/),
    );

    // The same file key (as if reused) and a chunk from another backup at the same place.
    const other = await written('other.lvbak', b.fileKey);
    const otherBytes = readFileSync(other.target);
    const spliced = Buffer.from(bytes);
    const o = records(otherBytes)[0]!;
    otherBytes.copy(spliced, one!.at, o.at, o.at + o.length);
    writeFileSync(b.target, spliced);
    await expect(readBackup(b.target, { fileKey: () => b.fileKey })).rejects.toEqual(
      integrity(/chunk 1 does not open/),
    );

    // Cut after the second chunk, with an end marker and the original manifest put back after it.
    const cut = Buffer.concat([
      bytes.subarray(0, two!.at + two!.length),
      bytes.subarray(records(bytes)[2]!.at + records(bytes)[2]!.length),
    ]);
    writeFileSync(b.target, cut);
    await expect(readBackup(b.target, { fileKey: () => b.fileKey })).rejects.toEqual(
      integrity(/chunk 2 does not open/),
    );
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/chunk 3 of 3 is missing/));
    writeFileSync(b.target, bytes.subarray(0, two!.at + 100));
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/ends inside chunk 2/));
  });

  it('a manifest or header changed after signing, and a wrong key, are refused; nothing is handed on', async () => {
    const b = await written('sig.lvbak');
    const bytes = readFileSync(b.target);
    const text = bytes.toString('latin1');
    const edited = Buffer.from(text.replace('"seq":42', '"seq":43'), 'latin1');
    writeFileSync(b.target, edited);
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/signature does not hold/));
    const renamed = Buffer.from(text.replace('"appVersion":"0.2.0"', '"appVersion":"0.2.1"'), 'latin1');
    writeFileSync(b.target, renamed);
    await expect(readBackup(b.target)).rejects.toEqual(integrity(/header is not the one the manifest was signed for/));

    writeFileSync(b.target, bytes);
    const handed: string[] = [];
    await expect(
      readBackup(b.target, { fileKey: () => randomBytes(32), onEntry: (name) => (handed.push(name), null) }),
    ).rejects.toEqual(integrity(/chunk 1 does not open/));
    expect(handed).toEqual([]);
  });

  it('an abandoned backup leaves no file behind', async () => {
    const target = path.join(dir, 'abandoned.lvbak');
    const w = await BackupWriter.create(target, header(), randomBytes(32));
    await w.addEntry('vault/vault.db', 10, [Buffer.alloc(10)]);
    await w.abort();
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial`)).toBe(false);
  });
});
