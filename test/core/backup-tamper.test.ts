/**
 * Issue 13, Must show: every single-byte flip at 1,000 random offsets and every truncation at 100
 * random lengths of a real backup is caught by `backup verify` with no secret at all; none passes,
 * and each is a LedgerVaultError with a stable code (never a TypeError or a crash). Reordering two
 * chunks, a chunk spliced in from another backup and bytes appended are E_INTEGRITY naming what
 * is wrong. The offsets come from a seeded generator: the seed is printed, and
 * LEDGERVAULT_TAMPER_SEED=<seed> replays a run.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/backup-export';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { LedgerVaultError } from '../../src/core/errors';
import { backupVault, lockFully, padVault, seeded, type BackupVault } from '../helpers/backup-vault';
import { writeRecords } from '../helpers/records';
import { tempDir } from '../helpers/test-vault';

const SEED = Number(process.env.LEDGERVAULT_TAMPER_SEED ?? randomInt(2 ** 31));
const FLIPS = 1000;
const CUTS = 100;

let bv: BackupVault;
let out: string;
/** Two backups of the same vault, each of several chunks (the last short). */
let fileA: string;
let fileB: string;
let original: Buffer;

beforeAll(async () => {
  bv = await backupVault();
  out = tempDir('lv-tamper-');
  const s = await bv.signInManager();
  try {
    writeRecords(s, 'Tamper Trading', [
      { counterparty: '王五', memo: 'rent', amountMinor: 120_000 },
      { counterparty: '赵六', memo: 'fees', amountMinor: 3_300 },
    ]);
    // About 2.5 MiB of vault.db: several chunks, so that chunks can be swapped and spliced.
    padVault(s, 800, 3000);
    mkdirSync(path.join(out, 'a'));
    mkdirSync(path.join(out, 'b'));
    fileA = (await exportBackup(s, path.join(out, 'a'), { appVersion: '0.2.0' })).file;
    fileB = (await exportBackup(s, path.join(out, 'b'), { appVersion: '0.2.0' })).file;
  } finally {
    await lockFully(s);
  }
  original = readFileSync(fileA);
});
afterAll(async () => {
  await bv.vault.cleanup();
  rmSync(out, { recursive: true, force: true });
});

/** What verify (no secret) says about `bytes`: 'ok', or the LedgerVaultError's code; anything else is a crash. */
async function verdict(bytes: Buffer, name?: string): Promise<{ code: string; message: string }> {
  // A file of its own per case: a test that timed out under load keeps looping after vitest moved
  // on, and two loops writing one file would let a verify read halves of two different flips.
  const file = path.join(out, name ?? `tampered-${(cases += 1)}.lvbak`);
  writeFileSync(file, bytes);
  try {
    await verifyBackupFile(file);
    return { code: 'ok', message: '' };
  } catch (err) {
    if (!(err instanceof LedgerVaultError)) return { code: `crash ${String(err)}`, message: String(err) };
    return { code: err.code, message: err.message };
  } finally {
    if (name === undefined) rmSync(file, { force: true });
  }
}
let cases = 0;

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

/** The file with its manifest's JSON text replaced (and its length prefix fixed to match). */
function withManifest(bytes: Buffer, edit: (json: string) => string): Buffer {
  const last = records(bytes).at(-1)!;
  const at = last.at + last.length + 4; // past the u32 0 end marker
  const length = bytes.readUInt32BE(at);
  const json = Buffer.from(edit(bytes.subarray(at + 4, at + 4 + length).toString('utf8')), 'utf8');
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(json.length);
  return Buffer.concat([bytes.subarray(0, at), prefix, json, bytes.subarray(at + 4 + length)]);
}

function tally(codes: string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const c of codes) t[c] = (t[c] ?? 0) + 1;
  return t;
}

describe('backup verify without a secret catches every damage', () => {
  it('the untouched backups verify (so what follows fails for the damage alone)', async () => {
    expect(records(original).length).toBeGreaterThanOrEqual(3);
    expect((await verdict(original, 'intact.lvbak')).code).toBe('ok');
    expect((await verdict(readFileSync(fileB), 'intact-b.lvbak')).code).toBe('ok');
  });

  it(`${FLIPS} single-byte flips at random offsets: every one detected, as E_INTEGRITY`, async () => {
    const random = seeded(SEED);
    const codes: string[] = [];
    const passed: number[] = [];
    for (let i = 0; i < FLIPS; i += 1) {
      const at = Math.floor(random() * original.length);
      const mask = 1 + Math.floor(random() * 255);
      const bytes = Buffer.from(original);
      bytes[at] = bytes[at]! ^ mask;
      const v = await verdict(bytes);
      codes.push(v.code);
      if (v.code === 'ok') passed.push(at);
    }
    const t = tally(codes);
    const detected = FLIPS - (t.ok ?? 0);
    console.log(
      `backup tamper (seed ${SEED}): ${detected}/${FLIPS} flips detected in a ${original.length}-byte backup;`,
      t,
    );
    expect(passed, `flips at these offsets passed verify (seed ${SEED})`).toEqual([]);
    expect(t).toEqual({ E_INTEGRITY: FLIPS });
  });

  it('500 more flips aimed at the bytes that are not chunk contents: magic, header, lengths, manifest, signature', async () => {
    // 1,000 uniform offsets land mostly inside chunks; these are the bytes a reader parses.
    const chunks = records(original);
    const structure: number[] = [];
    let from = 0;
    for (const r of chunks) {
      for (let b = from; b < r.at; b += 1) structure.push(b);
      from = r.at + r.length;
    }
    for (let b = from; b < original.length; b += 1) structure.push(b);
    const random = seeded(SEED ^ 0x2545f491);
    const codes: string[] = [];
    for (let i = 0; i < 500; i += 1) {
      const at = structure[Math.floor(random() * structure.length)]!;
      const bytes = Buffer.from(original);
      bytes[at] = bytes[at]! ^ (1 + Math.floor(random() * 255));
      codes.push((await verdict(bytes)).code);
    }
    const t = tally(codes);
    console.log(`backup tamper (seed ${SEED}): ${500 - (t.ok ?? 0)}/500 structural flips detected;`, t);
    expect(t).toEqual({ E_INTEGRITY: 500 });
  });

  it('with the recovery key too, a damaged header is E_INTEGRITY, not a wrong key (E_AUTH)', async () => {
    // The header holds the wraps the recovery key opens: damaged, they do not open, which must
    // not read as "wrong recovery key". The signed manifest vouches for the header.
    const headerEnd = 14 + original.readUInt32BE(10);
    const random = seeded(SEED ^ 0x68e31da4);
    const file = path.join(out, 'header-key.lvbak');
    const codes: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const bytes = Buffer.from(original);
      const at = 14 + Math.floor(random() * (headerEnd - 14));
      bytes[at] = bytes[at]! ^ (1 + Math.floor(random() * 255));
      writeFileSync(file, bytes);
      const code = await verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey }).then(
        () => 'ok',
        (err: unknown) => (err instanceof LedgerVaultError ? err.code : `crash ${String(err)}`),
      );
      codes.push(code);
    }
    const t = tally(codes);
    console.log(`backup tamper (seed ${SEED}): 100 header flips verified with the recovery key:`, t);
    expect(t).toEqual({ E_INTEGRITY: 100 });
    // The intact file with another vault's key is still E_AUTH.
    writeFileSync(file, original);
    const other = await backupVault({ manager: 'other.mgr' });
    try {
      await expect(verifyBackupFile(file, { recoveryKey: other.vault.recoveryKey })).rejects.toMatchObject({
        code: 'E_AUTH',
      });
    } finally {
      await other.vault.cleanup();
    }
  });

  it(`${CUTS} truncations at random lengths: every one detected, as E_INTEGRITY`, async () => {
    const random = seeded(SEED ^ 0x5bd1e995);
    const codes: string[] = [];
    for (let i = 0; i < CUTS; i += 1) {
      const length = Math.floor(random() * original.length);
      codes.push((await verdict(original.subarray(0, length))).code);
    }
    // The ends too: nothing at all, and one byte short.
    codes.push((await verdict(Buffer.alloc(0))).code, (await verdict(original.subarray(0, original.length - 1))).code);
    const t = tally(codes);
    console.log(`backup tamper (seed ${SEED}): ${CUTS + 2 - (t.ok ?? 0)}/${CUTS + 2} truncations detected;`, t);
    expect(t).toEqual({ E_INTEGRITY: CUTS + 2 });
  });

  it('two chunks swapped, a chunk from another backup, bytes appended: E_INTEGRITY naming what is wrong', async () => {
    const [r1, r2] = records(original);
    // Both full chunks, the same length: swapping them keeps the structure whole.
    expect(r1!.length).toBe(r2!.length);
    const swapped = Buffer.from(original);
    original.copy(swapped, r1!.at, r2!.at, r2!.at + r2!.length);
    original.copy(swapped, r2!.at, r1!.at, r1!.at + r1!.length);
    const s = await verdict(swapped);
    expect(s).toMatchObject({ code: 'E_INTEGRITY' });
    expect(s.message).toMatch(/chunk 1 is not the one the manifest lists/);

    const other = readFileSync(fileB);
    const o2 = records(other)[1]!;
    expect(o2.length).toBe(r2!.length);
    const spliced = Buffer.from(original);
    other.copy(spliced, r2!.at, o2.at, o2.at + o2.length);
    const sp = await verdict(spliced);
    expect(sp).toMatchObject({ code: 'E_INTEGRITY' });
    expect(sp.message).toMatch(/chunk 2 is not the one the manifest lists/);

    for (const extra of [Buffer.from([0]), Buffer.from('more bytes after the end')]) {
      const appended = await verdict(Buffer.concat([original, extra]));
      expect(appended).toMatchObject({ code: 'E_INTEGRITY' });
      expect(appended.message).toMatch(/bytes after its signature/);
    }

    // The manifest re-encoded (same meaning, other bytes, its length fixed up): still a changed file.
    const reencoded = await verdict(withManifest(original, (json) => json.replace(',', ', ')));
    expect(reencoded).toMatchObject({ code: 'E_INTEGRITY' });
    expect(reencoded.message).toMatch(/manifest/);

    // With the recovery key the same splice does not even open: the chunk is named.
    const file = path.join(out, 'spliced-key.lvbak');
    writeFileSync(file, spliced);
    await expect(verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey })).rejects.toMatchObject({
      code: 'E_INTEGRITY',
      message: expect.stringMatching(/chunk 2 does not open/),
    });
    writeFileSync(file, swapped);
    await expect(verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey })).rejects.toMatchObject({
      code: 'E_INTEGRITY',
      message: expect.stringMatching(/chunk 1 does not open/),
    });
  });
});
