/**
 * Issue 15, Must show 2: `ledgervault release keygen / sign / verify` round-trip on a sample
 * release folder, the private key file is created with mode 0600 (encrypted with a passphrase
 * when one is piped in), and verify refuses what the app refuses, with the refusal's code.
 * These commands touch no vault and no keychain, so they run the built CLI directly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeUnsignedRelease } from '../helpers/update-release';
import { BIN } from './cli-helpers';

const root = mkdtempSync(path.join(os.tmpdir(), 'lv-release-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LEDGERVAULT_LANG: 'en', LEDGERVAULT_RELEASE_PASSPHRASE: '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isPosix = process.platform !== 'win32';
const PASS = 'correct horse battery staple';

describe('ledgervault release', () => {
  const keys = path.join(root, 'keys');
  const release = path.join(root, 'dist');

  it('keygen writes the public key and a 0600 private key encrypted under the piped passphrase', () => {
    const r = run(['release', 'keygen', '--out', keys, '--passphrase-stdin', '--json'], `${PASS}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { fingerprint: string; encrypted: boolean };
    expect(out.encrypted).toBe(true);
    const keyFile = path.join(keys, 'ledgervault-release.key');
    if (isPosix) {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(keys, 'ledgervault-release.pub')).mode & 0o777).toBe(0o644);
    }
    const text = readFileSync(keyFile, 'utf8');
    expect(text).toContain('scrypt+aes-256-gcm');
    expect(text).not.toMatch(/"privateKey"/);
    expect(readFileSync(path.join(keys, 'ledgervault-release.pub'), 'utf8')).toContain(out.fingerprint);
    // A key is never replaced.
    const again = run(['release', 'keygen', '--out', keys], '');
    expect(again.code).toBe(10);
    expect(again.stderr).toMatch(/^E_EXISTS: .*ledgervault-release/);
  });

  it('sign then verify round-trips on a sample release folder', () => {
    writeUnsignedRelease(release, '0.2.0');
    const key = path.join(keys, 'ledgervault-release.key');
    const wrong = run(
      ['release', 'sign', '--key', key, '--dir', release, '--passphrase-stdin'],
      'not the passphrase\n',
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^E_AUTH: The passphrase of the private key is wrong/);
    const signed = run(
      ['release', 'sign', '--key', key, '--dir', release, '--expires-days', '30', '--passphrase-stdin', '--json'],
      `${PASS}\n`,
    );
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    const s = JSON.parse(signed.stdout) as { version: string; files: { name: string }[]; expiresAt: string };
    expect(s.version).toBe('0.2.0');
    expect(s.files.map((f) => f.name)).toEqual([
      'LedgerVault Setup 0.2.0.exe',
      'LedgerVault Setup 0.2.0.exe.blockmap',
      'latest.yml',
    ]);
    expect(Date.parse(s.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const pub = path.join(keys, 'ledgervault-release.pub');
    const verified = run(['release', 'verify', '--pubkey', pub, '--dir', release]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Verified LedgerVault 0\.2\.0 for com\.ledgervault\.app/);
    expect(verified.stdout).toContain('ok  LedgerVault Setup 0.2.0.exe');

    const rollback = run(['release', 'verify', '--pubkey', pub, '--dir', release, '--installed', '0.2.0']);
    expect(rollback.code).toBe(6);
    expect(rollback.stderr).toMatch(/^E_INTEGRITY: This update is version 0\.2\.0, which is not newer/);
  });

  it('verify refuses a changed installer, and a key that did not sign the release', () => {
    const other = path.join(root, 'other-keys');
    expect(run(['release', 'keygen', '--out', other]).code).toBe(0);
    const stranger = run([
      'release',
      'verify',
      '--pubkey',
      path.join(other, 'ledgervault-release.pub'),
      '--dir',
      release,
    ]);
    expect(stranger.code).toBe(6);
    expect(stranger.stderr).toMatch(/^E_INTEGRITY: This update is signed by a key this workstation does not trust/);
    if (isPosix) expect(statSync(path.join(other, 'ledgervault-release.key')).mode & 0o777).toBe(0o600);

    const installer = path.join(release, 'LedgerVault Setup 0.2.0.exe');
    const bytes = readFileSync(installer);
    bytes[10]! ^= 0xff;
    writeFileSync(installer, bytes);
    const changed = run([
      'release',
      'verify',
      '--pubkey',
      path.join(keys, 'ledgervault-release.pub'),
      '--dir',
      release,
    ]);
    expect(changed.code).toBe(6);
    expect(changed.stderr).toContain(
      '"LedgerVault Setup 0.2.0.exe" does not match the signed manifest (its size or SHA-512',
    );
    const zh = run(
      ['release', 'verify', '--pubkey', path.join(keys, 'ledgervault-release.pub'), '--dir', release],
      '',
      {
        LEDGERVAULT_LANG: 'zh-CN',
      },
    );
    expect(zh.stderr).toMatch(/^E_INTEGRITY: 文件“LedgerVault Setup 0\.2\.0\.exe”的大小或 SHA-512 与签名清单不符/);
  });
});
