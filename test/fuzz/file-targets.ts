/**
 * The checks of the file fuzz targets (file-campaign.ts), loaded by the campaign's child. What
 * each case must keep, besides never crashing or hanging:
 * - backup: verifyBackupFile (no secret; with the recovery key on pipeline cases) verifies the
 *   unchanged file and refuses every changed one with E_INTEGRITY or E_INPUT, leaving no work
 *   folder behind;
 * - keys-file: readKeysFile gives a file or E_INTEGRITY; a parsed file that says anything other
 *   than the real one fails its device MAC; on pipeline cases, signing in to a copy of the vault
 *   with it succeeds only if it is the real one, else refuses with a typed code (not E_INTERNAL);
 * - pending-file: parsePendingText never throws, and every event it accepts is one the real file
 *   has, at the same place (a changed line and all after it are dropped, never believed);
 * - update-manifest: parseManifest gives a manifest or E_INPUT update.malformed; the verifier
 *   never throws, and accepts only the signed part the publisher signed.
 * Each check takes the functions it tests as parameters, so the self-test can plant faulty ones.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { canonicalJson } from '../../src/core/crypto/canonical-json';
import { LedgerVaultError } from '../../src/core/errors';
import { unlockVault } from '../../src/core/index';
import { parseManifest } from '../../src/core/update/manifest';
import { REFUSAL_CODES } from '../../src/core/update/refusals';
import { verifyManifestBytes } from '../../src/core/update/verify-manifest';
import { hasValidDeviceMac, readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { admissiblePendingEvents, parsePendingText } from '../../src/core/vault/pending-events';
import { FileKeyStore } from '../torture/file-keystore';
import { describeError, PropertyError } from './property';

export interface FileMeta {
  sha256: string;
  pipeline?: boolean;
  recoveryKey?: string;
  vaultId?: string;
  deviceSecret?: string;
  vaultDir?: string;
  keychainFile?: string;
  username?: string;
  password?: string;
  publicKey?: string;
  /** What the real file says, as canonical JSON (its parsed keys file, its signed part; per line for the pending file). */
  expected?: string | string[];
}

const sha = async (b: Uint8Array) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');

/** A refusal with one of `codes`; anything else thrown (a TypeError, E_INTERNAL, another code) is a failure. */
function refusedWith(e: unknown, codes: readonly string[], where: string): void {
  if (e instanceof PropertyError) throw e;
  if (e instanceof LedgerVaultError && codes.includes(e.code)) return;
  throw new PropertyError(`${where}: ${describeError(e)}`);
}

const workFolders = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('lvbak-verify-'));

export async function checkBackup(bytes: Uint8Array, meta: FileMeta, verify = verifyBackupFile): Promise<void> {
  const file = path.join(os.tmpdir(), 'case.lvbak');
  writeFileSync(file, bytes);
  const same = (await sha(bytes)) === meta.sha256;
  const opts = meta.pipeline ? { recoveryKey: meta.recoveryKey } : {};
  let verified = false;
  try {
    await verify(file, opts);
    verified = true;
  } catch (e) {
    refusedWith(e, ['E_INTEGRITY', 'E_INPUT'], 'verify');
  }
  if (verified && !same)
    throw new PropertyError(`a changed backup verifies${meta.pipeline ? ' (with the recovery key)' : ''}`);
  if (!verified && same) throw new PropertyError('the backup as exported does not verify');
  const left = workFolders();
  if (left.length) {
    for (const n of left) rmSync(path.join(os.tmpdir(), n), { recursive: true, force: true });
    throw new PropertyError(`verify left its work folder behind: ${left.join(', ')}`);
  }
}

export async function checkKeysFile(bytes: Uint8Array, meta: FileMeta, read = readKeysFile): Promise<void> {
  const dir = path.join(os.tmpdir(), 'keys-case');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'vault.keys'), bytes);
  let parsed: ReturnType<typeof readKeysFile>;
  try {
    parsed = read(vaultPaths(dir));
  } catch (e) {
    refusedWith(e, ['E_INTEGRITY'], 'read');
    return;
  }
  const changed = canonicalJson(parsed) !== meta.expected;
  let macOk: boolean;
  try {
    macOk = hasValidDeviceMac(parsed, Buffer.from(meta.deviceSecret!, 'base64'));
  } catch (e) {
    throw new PropertyError(`the device MAC check throws: ${describeError(e)}`);
  }
  if (changed && macOk) throw new PropertyError('a changed keys file passes its device MAC');
  if (!meta.pipeline) return;
  // The parser's consumer: a sign-in with this keys file beside a copy of the real database.
  for (const n of readdirSync(meta.vaultDir!))
    if (n !== 'vault.keys' && !n.endsWith('.lock')) copyFileSync(path.join(meta.vaultDir!, n), path.join(dir, n));
  const keychain = path.join(os.tmpdir(), 'keys-case.keychain.json');
  copyFileSync(meta.keychainFile!, keychain);
  let session: Awaited<ReturnType<typeof unlockVault>> | undefined;
  try {
    session = await unlockVault({
      dir,
      username: meta.username!,
      password: meta.password!,
      keyStore: new FileKeyStore(keychain),
    });
  } catch (e) {
    if (!changed) throw new PropertyError(`the real keys file does not sign in: ${describeError(e)}`);
    if (e instanceof LedgerVaultError && e.code !== 'E_INTERNAL') return;
    throw new PropertyError(`sign-in with it: ${describeError(e)}`);
  } finally {
    if (session) {
      session.lock();
      await session.anchorsWritten();
    }
  }
  if (changed) throw new PropertyError('a sign-in succeeds with a changed keys file');
}

export async function checkPendingFile(bytes: Uint8Array, meta: FileMeta, parse = parsePendingText): Promise<void> {
  const secret = Buffer.from(meta.deviceSecret!, 'base64');
  const real = meta.expected as string[];
  let read: ReturnType<typeof parsePendingText>;
  try {
    read = parse(Buffer.from(bytes).toString('utf8'), secret, meta.vaultId!);
  } catch (e) {
    throw new PropertyError(`parse throws: ${describeError(e)}`);
  }
  for (const [i, e] of read.events.entries())
    if (canonicalJson(e) !== real[i])
      throw new PropertyError(`line ${i + 1} is believed but is not the real line ${i + 1}`);
  try {
    admissiblePendingEvents(read.events, new Date());
  } catch (e) {
    throw new PropertyError(`admissiblePendingEvents throws: ${describeError(e)}`);
  }
}

export async function checkManifest(
  bytes: Uint8Array,
  meta: FileMeta,
  parse = parseManifest,
  verify = verifyManifestBytes,
): Promise<void> {
  try {
    parse(bytes);
  } catch (e) {
    refusedWith(e, ['E_INPUT'], 'parseManifest');
    if ((e as LedgerVaultError).messageKey !== 'update.malformed')
      throw new PropertyError(`parseManifest refused with ${String((e as LedgerVaultError).messageKey)}`);
  }
  let verdict: ReturnType<typeof verifyManifestBytes>;
  try {
    verdict = verify(bytes, {
      pinnedKeys: [meta.publicKey!],
      trust: { highestInstalled: '1.0.0', learnedKeys: [] },
      now: new Date(),
    });
  } catch (e) {
    throw new PropertyError(`the verifier throws: ${describeError(e)}`);
  }
  if (!verdict.accepted) {
    if (!(REFUSAL_CODES as readonly string[]).includes(verdict.refusal.code))
      throw new PropertyError(`refused with an unknown code ${String(verdict.refusal.code)}`);
    return;
  }
  if (canonicalJson(verdict.verified.signed) !== meta.expected)
    throw new PropertyError('a manifest whose signed part changed is accepted');
}

export const fuzzTargets = {
  backup: (b: Uint8Array, m: FileMeta) => checkBackup(b, m),
  'keys-file': (b: Uint8Array, m: FileMeta) => checkKeysFile(b, m),
  'pending-file': (b: Uint8Array, m: FileMeta) => checkPendingFile(b, m),
  'update-manifest': (b: Uint8Array, m: FileMeta) => checkManifest(b, m),
};
