/**
 * The publisher's side (`ledgervault release sign`): every file of a release folder (the
 * installers, their blockmaps and electron-updater's latest*.yml) listed with its size and
 * SHA-512, the version taken from the latest*.yml files (which must agree), signed, and written
 * as ledgervault-release.json beside them, atomically.
 */
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { sign } from 'node:crypto';
import path from 'node:path';
import { importPrivateKey } from '../crypto/identity';
import { writeFileAtomic } from '../fs/atomic-write';
import { LedgerVaultError } from '../errors';
import {
  endorsementBytes,
  isLatestYml,
  keyFingerprint,
  manifestSchema,
  manifestSigningBytes,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  parseManifest,
  ymlVersion,
  type Endorsement,
  type ReleaseFile,
  type ReleaseManifest,
  type SignedPart,
} from './manifest';
import type { ReleaseKeyPair } from './release-key';
import { hashFile } from './verify-release';
import { APP_ID } from './verify-manifest';

export const DEFAULT_EXPIRY_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SignOptions {
  dir: string;
  key: ReleaseKeyPair;
  now: Date;
  expiresDays?: number;
  appId?: string;
  releaseNotes?: SignedPart['releaseNotes'];
  /** A successor key (raw, base64) to endorse in this release. */
  nextKey?: string;
  /** A previous manifest whose `nextKey` endorses this signing key (the first release after a rotation). */
  previousManifest?: Uint8Array;
}

function refuse(reason: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', `Cannot sign ${reason}.`);
}

/** Every file of the release folder except the manifest itself; hidden files are refused, not skipped. */
function releaseFileNames(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => n !== MANIFEST_NAME && !/^\..*\.tmp$/.test(n));
  for (const n of names) {
    if (n.startsWith('.'))
      throw refuse(`${dir}: it holds the hidden file ${n}; a release folder holds only the release`);
    if (!statSync(path.join(dir, n)).isFile())
      throw refuse(`${dir}: ${n} is a folder; a release folder holds only the release's files`);
  }
  return names.sort();
}

/** The release's version: what every latest*.yml says (electron-builder writes them from package.json). */
function versionOf(dir: string, names: string[]): string {
  const ymls = names.filter(isLatestYml);
  if (ymls.length === 0) throw refuse(`${dir}: it has no latest*.yml (run electron-builder first)`);
  const versions = new Set(ymls.map((n) => ymlVersion(readFileSync(path.join(dir, n), 'utf8'))));
  if (versions.size !== 1 || versions.has(null))
    throw refuse(`${dir}: its latest*.yml files name different versions (${[...versions].join(', ')})`);
  const version = [...versions][0]!;
  // Every file a latest*.yml points electron-updater at must be in the signed set.
  for (const n of ymls)
    for (const m of readFileSync(path.join(dir, n), 'utf8').matchAll(
      /^\s*-?\s*(?:url|path):\s*['"]?([^'"\n]+?)['"]?\s*$/gm,
    ))
      if (!names.includes(decodeURIComponent(m[1]!)))
        throw refuse(`${dir}: ${n} names ${m[1]}, which is not in the folder`);
  return version;
}

export function endorse(key: ReleaseKeyPair, publicKey: string, appId = APP_ID): Endorsement {
  const signature = sign(null, endorsementBytes(appId, publicKey), importPrivateKey('ed25519', key.privateKey));
  return {
    publicKey,
    endorsedBy: keyFingerprint(Buffer.from(key.publicKey, 'base64')),
    signature: signature.toString('base64'),
  };
}

export function signManifest(signed: SignedPart, key: ReleaseKeyPair, keyEndorsement?: Endorsement): ReleaseManifest {
  const signature = sign(null, manifestSigningBytes(signed), importPrivateKey('ed25519', key.privateKey));
  const manifest: ReleaseManifest = {
    format: MANIFEST_FORMAT,
    signed,
    publicKey: key.publicKey,
    signature: signature.toString('base64'),
    ...(keyEndorsement ? { keyEndorsement } : {}),
  };
  // What we write must be what verifiers accept as well-formed (a name the schema refuses, say).
  const check = manifestSchema.safeParse(manifest);
  if (!check.success) throw refuse(`this release: ${check.error.issues[0]!.message}`);
  return manifest;
}

/** Builds, signs and writes the manifest of the release in `opts.dir`; returns it. */
export async function signRelease(opts: SignOptions): Promise<ReleaseManifest> {
  const names = releaseFileNames(opts.dir);
  const version = versionOf(opts.dir, names);
  const files: ReleaseFile[] = [];
  for (const name of names) files.push({ name, ...(await hashFile(path.join(opts.dir, name))) });
  const appId = opts.appId ?? APP_ID;
  const expiresDays = opts.expiresDays ?? DEFAULT_EXPIRY_DAYS;
  const releaseDate = new Date(Math.floor(opts.now.getTime() / 1000) * 1000);
  const signed: SignedPart = {
    appId,
    version,
    releaseDate: releaseDate.toISOString(),
    expiresAt: new Date(releaseDate.getTime() + expiresDays * DAY_MS).toISOString(),
    ...(opts.releaseNotes ? { releaseNotes: opts.releaseNotes } : {}),
    files,
    ...(opts.nextKey ? { nextKey: endorse(opts.key, opts.nextKey, appId) } : {}),
  };
  let keyEndorsement: Endorsement | undefined;
  if (opts.previousManifest) {
    const prev = parseManifest(opts.previousManifest);
    if (prev.signed.nextKey?.publicKey !== opts.key.publicKey)
      throw refuse('with that endorsement: the previous manifest does not name this key as its next key');
    keyEndorsement = prev.signed.nextKey;
  }
  const manifest = signManifest(signed, opts.key, keyEndorsement);
  const file = path.join(opts.dir, MANIFEST_NAME);
  writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
  // Public, like the installers beside it (a share or web server must be able to read it).
  chmodSync(file, 0o644);
  return manifest;
}
