/**
 * `ledgervault release ...` (issue 15, Build 1): the publisher's side of signed updates. These
 * commands touch no vault and no keychain; they run on the maintainer's machine (docs/release.md).
 * The passphrase of the private key comes from stdin (--passphrase-stdin) or
 * LEDGERVAULT_RELEASE_PASSPHRASE, never from a flag.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LedgerVaultError } from '../core/errors';
import { wipe } from '../core/crypto/primitives';
import {
  DEFAULT_EXPIRY_DAYS,
  formatKeyFingerprint,
  generateReleaseKey,
  keyFingerprint,
  openPrivateKeyFile,
  parsePublicKeyFile,
  privateKeyFileText,
  publicKeyFileText,
  refusalError,
  signRelease,
  verifyRelease,
} from '../core/update';
import { privateKeyIsEncrypted } from '../core/update/release-key';
import { writeNewFile } from './out-file';
import { done } from './output';
import { defineCommand, flag, inputError, valueFlag } from './parse';
import { readStdinLine } from './secrets-input';

export const PUBLIC_KEY_FILE = 'ledgervault-release.pub';
export const PRIVATE_KEY_FILE = 'ledgervault-release.key';
const PASSPHRASE_ENV = 'LEDGERVAULT_RELEASE_PASSPHRASE';
const MIN_PASSPHRASE = 12;

const version = () =>
  valueFlag('VERSION', (raw, name) => {
    if (!/^\d{1,9}\.\d{1,9}\.\d{1,9}$/.test(raw)) throw inputError(`--${name} takes MAJOR.MINOR.PATCH, not "${raw}".`);
    return raw;
  });

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw inputError(`Cannot read ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

function requireFolder(dir: string, flagName: string): string {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw inputError(`--${flagName} ${dir} is not a folder.`);
  return path.resolve(dir);
}

async function passphrase(stdin: boolean): Promise<string | undefined> {
  const value = stdin ? await readStdinLine() : process.env[PASSPHRASE_ENV];
  return value === '' ? undefined : value;
}

const fingerprintOf = (publicKey: string) => formatKeyFingerprint(keyFingerprint(Buffer.from(publicKey, 'base64')));

const keygen = defineCommand({
  summary: `Create a release signing key pair in --out DIR: ${PUBLIC_KEY_FILE} (ship it in resources/update/) and ${PRIVATE_KEY_FILE} (mode 0600; encrypted with scrypt and AES-256-GCM under the passphrase from --passphrase-stdin or ${PASSPHRASE_ENV}). Never overwrites a key.`,
  flags: { out: flag.text('DIR').required(), 'passphrase-stdin': flag.bool(), json: flag.bool() },
  run: async (v) => {
    const dir = path.resolve(v.out);
    const pub = path.join(dir, PUBLIC_KEY_FILE);
    const key = path.join(dir, PRIVATE_KEY_FILE);
    for (const f of [pub, key])
      if (existsSync(f))
        throw new LedgerVaultError('E_EXISTS', `${f} already exists; a release key is never replaced.`);
    const secret = await passphrase(v['passphrase-stdin']);
    if (v['passphrase-stdin'] && !secret) throw inputError('--passphrase-stdin: stdin gave no passphrase.');
    if (secret && secret.length < MIN_PASSPHRASE)
      throw inputError(`The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateReleaseKey();
    try {
      writeNewFile(key, Buffer.from(privateKeyFileText(pair, secret), 'utf8')); // 0600 from the first byte
      writeNewFile(pub, Buffer.from(publicKeyFileText(pair.publicKey), 'utf8'));
      chmodSync(pub, 0o644);
    } finally {
      wipe(pair.privateKey);
    }
    if (!secret) process.stderr.write(`Warning: ${key} is not encrypted; keep it offline.\n`);
    const fingerprint = fingerprintOf(pair.publicKey);
    return done(
      v.json,
      { publicKeyFile: pub, privateKeyFile: key, fingerprint, encrypted: Boolean(secret) },
      `Release key created.\n  public:  ${pub}\n  private: ${key} (mode 0600${secret ? ', encrypted' : ''})\n  fingerprint: ${fingerprint}`,
    );
  },
});

const sign = defineCommand({
  summary: `Sign the release in --dir (installers, blockmaps, latest*.yml from electron-builder) with --key FILE: writes ledgervault-release.json listing every file's size and SHA-512, the version from latest*.yml and an expiry (default ${DEFAULT_EXPIRY_DAYS} days). --next-key PUBFILE announces a successor key; --endorsement-from MANIFEST carries its endorsement after a rotation.`,
  flags: {
    key: flag.text('FILE').required(),
    dir: flag.text('DIR').required(),
    'expires-days': flag.whole('N'),
    'next-key': flag.text('PUBFILE'),
    'endorsement-from': flag.text('MANIFEST'),
    'notes-zh': flag.text('FILE'),
    'notes-en': flag.text('FILE'),
    'passphrase-stdin': flag.bool(),
    json: flag.bool(),
  },
  check: (v) => {
    if (v['expires-days'] !== undefined && (v['expires-days'] < 1 || v['expires-days'] > 3650))
      throw inputError('--expires-days takes 1 to 3650.');
    if ((v['notes-zh'] === undefined) !== (v['notes-en'] === undefined))
      throw inputError('Give the release notes in both languages: --notes-zh FILE and --notes-en FILE.');
  },
  run: async (v) => {
    const dir = requireFolder(v.dir, 'dir');
    const keyText = readText(v.key, 'the private key');
    const secret = privateKeyIsEncrypted(keyText) ? await passphrase(v['passphrase-stdin']) : undefined;
    const pair = openPrivateKeyFile(keyText, secret, v.key);
    try {
      const manifest = await signRelease({
        dir,
        key: pair,
        now: new Date(),
        expiresDays: v['expires-days'],
        nextKey: v['next-key'] ? parsePublicKeyFile(readText(v['next-key'], 'the next key'), v['next-key']) : undefined,
        previousManifest: v['endorsement-from'] ? readFileSync(v['endorsement-from']) : undefined,
        releaseNotes:
          v['notes-zh'] && v['notes-en']
            ? { 'zh-CN': readText(v['notes-zh'], 'the notes'), en: readText(v['notes-en'], 'the notes') }
            : undefined,
      });
      const s = manifest.signed;
      return done(
        v.json,
        { manifest: path.join(dir, 'ledgervault-release.json'), ...s, fingerprint: fingerprintOf(pair.publicKey) },
        [
          `Signed LedgerVault ${s.version} (expires ${s.expiresAt}) with key ${fingerprintOf(pair.publicKey)}:`,
          ...s.files.map((f) => `  ${f.name}  ${f.size} bytes  sha512 ${f.sha512}`),
        ].join('\n'),
      );
    } finally {
      wipe(pair.privateKey);
    }
  },
});

const verify = defineCommand({
  summary:
    'Verify the release in --dir against the public key --pubkey FILE as the app does: signature, app id, expiry, every file present, none extra, sizes and SHA-512; --installed VERSION also checks it is newer (rollback).',
  flags: {
    pubkey: flag.text('FILE').required(),
    dir: flag.text('DIR').required(),
    installed: version(),
    json: flag.bool(),
  },
  run: async (v) => {
    const dir = requireFolder(v.dir, 'dir');
    const key = parsePublicKeyFile(readText(v.pubkey, 'the public key'), v.pubkey);
    const trust = { highestInstalled: v.installed ?? '0.0.0', learnedKeys: [] };
    const verdict = await verifyRelease(dir, [key], trust, new Date());
    if (!verdict.accepted) throw refusalError(verdict.refusal);
    const r = verdict.release;
    return done(
      v.json,
      {
        version: r.signed.version,
        appId: r.signed.appId,
        releaseDate: r.signed.releaseDate,
        expiresAt: r.signed.expiresAt,
        key: r.key,
        nextKey: r.nextKey?.fingerprint ?? null,
        files: r.files.map(({ name, size, sha512 }) => ({ name, size, sha512 })),
      },
      [
        `Verified LedgerVault ${r.signed.version} for ${r.signed.appId}: signed by ${formatKeyFingerprint(r.key.fingerprint)} (${r.key.trust}), expires ${r.signed.expiresAt}.`,
        ...r.files.map((f) => `  ok  ${f.name}  ${f.size} bytes`),
      ].join('\n'),
    );
  },
});

export const releaseCommands = { keygen, sign, verify };
