/**
 * Sample release folders for the update tests: what electron-builder leaves in dist/ (an NSIS
 * installer, its blockmap, latest.yml naming both), then signed as `ledgervault release sign` does.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateReleaseKey, signRelease, type ReleaseKeyPair } from '../../src/core/update';

export interface SampleRelease {
  dir: string;
  version: string;
  installer: string;
}

/** An installer-shaped file whose bytes depend on the version (two releases never share one). */
export function writeUnsignedRelease(dir: string, version: string, extraBytes = 0): SampleRelease {
  mkdirSync(dir, { recursive: true });
  const installer = `LedgerVault Setup ${version}.exe`;
  const body = Buffer.concat([Buffer.from(`MZ LedgerVault ${version} `), Buffer.alloc(4096 + extraBytes, version)]);
  writeFileSync(path.join(dir, installer), body);
  writeFileSync(path.join(dir, `${installer}.blockmap`), Buffer.from(`blockmap of ${version}`));
  const sha512 = createHash('sha512').update(body).digest('base64');
  writeFileSync(
    path.join(dir, 'latest.yml'),
    [
      `version: ${version}`,
      'files:',
      `  - url: ${installer}`,
      `    sha512: ${sha512}`,
      `    size: ${body.length}`,
      `path: ${installer}`,
      `sha512: ${sha512}`,
      `releaseDate: '2026-12-01T08:00:00.000Z'`,
      '',
    ].join('\n'),
  );
  return { dir, version, installer };
}

export async function writeSignedRelease(
  dir: string,
  version: string,
  key: ReleaseKeyPair,
  opts: { now?: Date; expiresDays?: number; appId?: string; nextKey?: string; previousManifest?: Uint8Array } = {},
): Promise<SampleRelease> {
  const release = writeUnsignedRelease(dir, version);
  await signRelease({
    dir,
    key,
    now: opts.now ?? new Date(),
    expiresDays: opts.expiresDays,
    appId: opts.appId,
    nextKey: opts.nextKey,
    previousManifest: opts.previousManifest,
    releaseNotes: { 'zh-CN': `账安 ${version}：修复若干问题。`, en: `LedgerVault ${version}: fixes.` },
  });
  return release;
}

export { generateReleaseKey };
