/**
 * Issue 15, Must show 1: the verification core under plain Node. A correctly signed newer release
 * is accepted; a flipped installer byte, another key, a replayed older manifest, an expired one,
 * a mix of two releases' files and another app's manifest are each refused with their own code
 * and message, in both languages. Key rotation by endorsement is accepted only from a trusted key.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatKeyFingerprint,
  keyFingerprint,
  MANIFEST_NAME,
  parseManifest,
  REFUSAL_CODES,
  refusalError,
  signManifest,
  verifyManifestBytes,
  verifyRelease,
  type ReleaseVerdict,
  type TrustState,
} from '../../src/core/update';
import { LedgerVaultError } from '../../src/core/errors';
import { generateReleaseKey, writeSignedRelease, writeUnsignedRelease } from '../helpers/update-release';

const root = mkdtempSync(path.join(os.tmpdir(), 'lv-update-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const publisher = generateReleaseKey();
const stranger = generateReleaseKey();
const pinned = [publisher.publicKey];
const fresh: TrustState = { highestInstalled: '0.1.0', learnedKeys: [] };
const now = new Date('2026-12-03T10:00:00Z');
let n = 0;
const folder = () => path.join(root, `r${(n += 1)}`);

function refusalOf(v: ReleaseVerdict) {
  if (v.accepted) throw new Error('expected a refusal, the release was accepted');
  return v.refusal;
}

/** Every refusal code seen below, so that the last test can show that each reason has its own. */
const seen = new Map<string, string>();
function expectRefused(v: ReleaseVerdict, code: string, errorCode: string, what: string) {
  const r = refusalOf(v);
  expect(r.code).toBe(code);
  expect(r.errorCode).toBe(errorCode);
  seen.set(what, r.code);
  return r;
}

describe('verifyRelease', () => {
  it('accepts a correctly signed newer release and says what it checked', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const v = await verifyRelease(dir, pinned, fresh, now);
    if (!v.accepted) throw new Error(`refused: ${v.refusal.detail}`);
    expect(v.release.signed.version).toBe('0.2.0');
    expect(v.release.key).toEqual({
      fingerprint: keyFingerprint(Buffer.from(publisher.publicKey, 'base64')),
      trust: 'pinned',
    });
    expect(v.release.highestInstalled).toBe('0.1.0');
    expect(v.release.files.map((f) => f.name).sort()).toEqual([
      'LedgerVault Setup 0.2.0.exe',
      'LedgerVault Setup 0.2.0.exe.blockmap',
      'latest.yml',
    ]);
    expect(v.release.files.every((f) => f.sha512.length === 88)).toBe(true);
    // The same release given as a list of files, as the office URL's download hands it over.
    const list = [MANIFEST_NAME, ...v.release.files.map((f) => f.name)].map((f) => path.join(dir, f));
    expect((await verifyRelease(list, pinned, fresh, now)).accepted).toBe(true);
    // OS litter on a USB drive is not part of a release and does not spoil it.
    writeFileSync(path.join(dir, '.DS_Store'), 'x');
    writeFileSync(path.join(dir, 'Thumbs.db'), 'x');
    expect((await verifyRelease(dir, pinned, fresh, now)).accepted).toBe(true);
  });

  it('refuses an installer with one flipped byte (same size)', async () => {
    const dir = folder();
    const r = await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const file = path.join(dir, r.installer);
    const bytes = readFileSync(file);
    bytes[100]! ^= 0x01;
    writeFileSync(file, bytes);
    const refusal = expectRefused(
      await verifyRelease(dir, pinned, fresh, now),
      'update.fileMismatch',
      'E_INTEGRITY',
      'flipped byte',
    );
    expect(refusal.params).toEqual({ name: r.installer, what: 'SHA-512' });
  });

  it('refuses a manifest signed by a key that is not pinned', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', stranger, { now });
    const r = expectRefused(
      await verifyRelease(dir, pinned, fresh, now),
      'update.unknownKey',
      'E_INTEGRITY',
      'other key',
    );
    expect(r.params.fingerprint).toBe(formatKeyFingerprint(keyFingerprint(Buffer.from(stranger.publicKey, 'base64'))));
  });

  it('refuses a manifest edited after signing (bad signature)', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const file = path.join(dir, MANIFEST_NAME);
    const m = JSON.parse(readFileSync(file, 'utf8')) as { signed: { expiresAt: string } };
    m.signed.expiresAt = '2099-01-01T00:00:00.000Z'; // a freeze attacker extending the expiry
    writeFileSync(file, JSON.stringify(m));
    expectRefused(await verifyRelease(dir, pinned, fresh, now), 'update.badSignature', 'E_INTEGRITY', 'bad signature');
  });

  it('refuses a replayed older manifest, and the same version again (rollback)', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const installed: TrustState = { highestInstalled: '0.3.0', learnedKeys: [] };
    const r = expectRefused(
      await verifyRelease(dir, pinned, installed, now),
      'update.rollback',
      'E_INTEGRITY',
      'rollback',
    );
    expect(r.params).toEqual({ version: '0.2.0', installed: '0.3.0' });
    const same = { highestInstalled: '0.2.0', learnedKeys: [] };
    expect(refusalOf(await verifyRelease(dir, pinned, same, now)).code).toBe('update.rollback');
    // 0.10.0 is newer than 0.9.0 (numbers, not text).
    const ten = folder();
    await writeSignedRelease(ten, '0.10.0', publisher, { now });
    expect((await verifyRelease(ten, pinned, { highestInstalled: '0.9.0', learnedKeys: [] }, now)).accepted).toBe(true);
  });

  it('refuses an expired manifest (freeze), and accepts it the moment before', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now, expiresDays: 30 });
    const expiry = new Date(now.getTime() + 30 * 86_400_000);
    expect((await verifyRelease(dir, pinned, fresh, new Date(expiry.getTime() - 1000))).accepted).toBe(true);
    const r = expectRefused(
      await verifyRelease(dir, pinned, fresh, expiry),
      'update.expired',
      'E_INTEGRITY',
      'expired',
    );
    expect(r.params.expiresAt).toBe(expiry.toISOString());
  });

  it('refuses a folder mixing two releases: a file of the other one beside, or in place of, its own', async () => {
    const older = folder();
    const o = await writeSignedRelease(older, '0.2.0', publisher, { now });
    const dir = folder();
    await writeSignedRelease(dir, '0.3.0', publisher, { now });
    copyFileSync(path.join(older, o.installer), path.join(dir, o.installer));
    const r = expectRefused(await verifyRelease(dir, pinned, fresh, now), 'update.extraFile', 'E_INTEGRITY', 'mixed');
    expect(r.params).toEqual({ name: o.installer });
    // The older latest.yml copied over the newer one: listed, but not the signed bytes.
    unlinkSync(path.join(dir, o.installer));
    copyFileSync(path.join(older, 'latest.yml'), path.join(dir, 'latest.yml'));
    expect(refusalOf(await verifyRelease(dir, pinned, fresh, now)).code).toBe('update.fileMismatch');
  });

  it('refuses a manifest for another app id', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now, appId: 'com.example.other' });
    const r = expectRefused(
      await verifyRelease(dir, pinned, fresh, now),
      'update.otherApp',
      'E_INTEGRITY',
      'other app',
    );
    expect(r.params).toEqual({ appId: 'com.example.other', expected: 'com.ledgervault.app' });
  });

  it('refuses a listed file that is missing, and a folder with no manifest', async () => {
    const dir = folder();
    const r = await writeSignedRelease(dir, '0.2.0', publisher, { now });
    unlinkSync(path.join(dir, `${r.installer}.blockmap`));
    const refusal = expectRefused(
      await verifyRelease(dir, pinned, fresh, now),
      'update.fileMissing',
      'E_INTEGRITY',
      'missing',
    );
    expect(refusal.params).toEqual({ name: `${r.installer}.blockmap` });
    const unsigned = folder();
    writeUnsignedRelease(unsigned, '0.2.0');
    expectRefused(await verifyRelease(unsigned, pinned, fresh, now), 'update.noUpdate', 'E_NOT_FOUND', 'no manifest');
  });

  it('refuses a malformed manifest with E_INPUT naming what is wrong', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const file = path.join(dir, MANIFEST_NAME);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '{"format":');
    const r = expectRefused(await verifyRelease(dir, pinned, fresh, now), 'update.malformed', 'E_INPUT', 'malformed');
    expect(r.params.reason).toBe('not UTF-8 JSON');
    const m = JSON.parse(good) as { signed: { version: string } };
    m.signed.version = '0.2.0-beta';
    writeFileSync(file, JSON.stringify(m));
    expect(refusalOf(await verifyRelease(dir, pinned, fresh, now)).params.reason).toMatch(/signed\.version/);
  });

  it('refuses a latest.yml that names another version than the signed one', async () => {
    const dir = folder();
    await writeSignedRelease(dir, '0.2.0', publisher, { now });
    const file = path.join(dir, MANIFEST_NAME);
    const m = parseManifest(readFileSync(file));
    // Signed correctly by the publisher, but for 0.2.1 over files that say 0.2.0.
    writeFileSync(file, JSON.stringify(signManifest({ ...m.signed, version: '0.2.1' }, publisher)));
    const r = refusalOf(await verifyRelease(dir, pinned, fresh, now));
    expect(r.code).toBe('update.malformed');
    expect(r.params.reason).toBe('latest.yml names version 0.2.0, the manifest 0.2.1');
  });
});

describe('key rotation', () => {
  const successor = generateReleaseKey();

  it('accepts a release signed by a successor key that the pinned key endorsed', async () => {
    const first = folder();
    await writeSignedRelease(first, '0.2.0', publisher, { now, nextKey: successor.publicKey });
    const v1 = await verifyRelease(first, pinned, fresh, now);
    if (!v1.accepted) throw new Error(v1.refusal.detail);
    expect(v1.release.nextKey?.publicKey).toBe(successor.publicKey);

    const second = folder();
    const previous = readFileSync(path.join(first, MANIFEST_NAME));
    await writeSignedRelease(second, '0.3.0', successor, { now, previousManifest: previous });
    const v2 = await verifyRelease(second, pinned, fresh, now);
    if (!v2.accepted) throw new Error(v2.refusal.detail);
    expect(v2.release.key.trust).toBe('endorsed');
    expect(v2.release.key.endorsedBy).toBe(keyFingerprint(Buffer.from(publisher.publicKey, 'base64')));

    // A workstation that installed 0.2.0 learned the key and needs no endorsement any more.
    const plain = folder();
    await writeSignedRelease(plain, '0.3.0', successor, { now });
    const learned = { highestInstalled: '0.2.0', learnedKeys: [successor.publicKey] };
    expect(refusalOf(await verifyRelease(plain, pinned, fresh, now)).code).toBe('update.unknownKey');
    const v3 = await verifyRelease(plain, pinned, learned, now);
    expect(v3.accepted && v3.release.key.trust).toBe('learned');
  });

  it('refuses a key endorsed by an untrusted key, or endorsed for another app', async () => {
    const strangerFirst = folder();
    await writeSignedRelease(strangerFirst, '0.2.0', stranger, { now, nextKey: successor.publicKey });
    const dir = folder();
    await writeSignedRelease(dir, '0.3.0', successor, {
      now,
      previousManifest: readFileSync(path.join(strangerFirst, MANIFEST_NAME)),
    });
    expect(refusalOf(await verifyRelease(dir, pinned, fresh, now)).code).toBe('update.unknownKey');

    const otherApp = folder();
    await writeSignedRelease(otherApp, '0.2.0', publisher, {
      now,
      nextKey: successor.publicKey,
      appId: 'com.example.other',
    });
    const dir2 = folder();
    await writeSignedRelease(dir2, '0.3.0', successor, {
      now,
      previousManifest: readFileSync(path.join(otherApp, MANIFEST_NAME)),
    });
    expect(refusalOf(await verifyRelease(dir2, pinned, fresh, now)).code).toBe('update.unknownKey');
  });
});

describe('refusals', () => {
  it('each reason has its own code and its own message in zh-CN and in English', () => {
    const codes = [...seen.values()];
    expect(new Set(codes)).toEqual(new Set(REFUSAL_CODES));
    expect(new Set(codes).size).toBe(codes.length);
    const texts = new Set<string>();
    for (const code of codes) {
      const err = refusalError({ code: code as never, errorCode: 'E_INTEGRITY', params: {}, detail: code });
      const zh = err.localized('zh-CN');
      const en = err.localized('en');
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).toMatch(/^[\x20-\x7e]+$/);
      texts.add(zh).add(en);
    }
    expect(texts.size).toBe(codes.length * 2);
  });

  it('the manifest parser turns any bytes into a manifest or E_INPUT, never another error', () => {
    const good = Buffer.from(
      JSON.stringify({ format: 'ledgervault-release/1', signed: {}, publicKey: 'x', signature: 'y' }),
    );
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i += 1) {
      const bytes = Buffer.from(good);
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k += 1)
        bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      try {
        parseManifest(bytes);
      } catch (err) {
        expect(err).toBeInstanceOf(LedgerVaultError);
        expect((err as LedgerVaultError).code).toBe('E_INPUT');
      }
      const v = verifyManifestBytes(bytes, { pinnedKeys: pinned, trust: fresh, now });
      expect(v.accepted).toBe(false);
    }
  });
});
