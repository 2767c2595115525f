/**
 * Issue 15, Build 5: what `npm run release` does after electron-builder (which cannot run here):
 * from a dist/ folder as electron-builder leaves it, only the update's files are collected, and
 * signed they verify as an installed app verifies them. And electron-builder.yml keeps the targets,
 * the Authenticode check and the publish provider the issue asks for, with no secret in it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signRelease, verifyRelease } from '../../src/core/update';
import { generateReleaseKey, writeUnsignedRelease } from '../helpers/update-release';
// @ts-expect-error -- a plain .mjs script without type declarations
import { collectRelease, releaseFiles } from '../../scripts/release-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'lv-release-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run release: collecting and signing', () => {
  it('takes latest.yml, the installer it names and its blockmap, and nothing else from dist/', async () => {
    const dist = path.join(root, 'dist');
    writeUnsignedRelease(dist, '0.2.0');
    // What else electron-builder leaves there, and an older build's installer.
    mkdirSync(path.join(dist, 'win-unpacked'));
    writeFileSync(path.join(dist, 'win-unpacked', 'LedgerVault.exe'), 'x');
    writeFileSync(path.join(dist, 'builder-debug.yml'), 'x: 1\n');
    writeFileSync(path.join(dist, 'LedgerVault Setup 0.1.0.exe'), 'old');
    const found = releaseFiles(dist) as { version: string; names: string[] };
    expect(found).toEqual({
      version: '0.2.0',
      names: ['LedgerVault Setup 0.2.0.exe', 'LedgerVault Setup 0.2.0.exe.blockmap', 'latest.yml'],
    });
    const folder = path.join(dist, 'update-0.2.0-win');
    collectRelease(dist, folder);
    expect(() => collectRelease(dist, folder)).toThrow(/never reused/);
    const key = generateReleaseKey();
    await signRelease({ dir: folder, key, now: new Date() });
    const verdict = await verifyRelease(
      folder,
      [key.publicKey],
      { highestInstalled: '0.1.0', learnedKeys: [] },
      new Date(),
    );
    expect(verdict.accepted).toBe(true);
  });

  it('refuses a dist/ whose latest.yml names a missing installer', () => {
    const dist = path.join(root, 'broken');
    writeUnsignedRelease(dist, '0.3.0');
    rmSync(path.join(dist, 'LedgerVault Setup 0.3.0.exe'));
    expect(() => releaseFiles(dist)).toThrow(/names LedgerVault Setup 0\.3\.0\.exe, which is not in/);
  });
});

describe('electron-builder.yml', () => {
  const config = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  const block = (key: string) => {
    const m = new RegExp(`^${key}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(config);
    return m ? m[1]! : '';
  };

  it('builds NSIS for Windows, AppImage and deb for Linux, dmg (and zip for updates) for macOS', () => {
    expect(block('win')).toMatch(/- target: nsis/);
    expect(block('linux')).toMatch(/target: \[AppImage, deb\]/);
    expect(block('mac')).toMatch(/target: \[dmg, zip\]/);
  });

  it('keeps the Authenticode check of update installers on, and publishes to a generic provider', () => {
    expect(block('win')).toMatch(/^ {2}verifyUpdateCodeSignature: true$/m);
    expect(block('publish')).toMatch(/^ {2}provider: generic$/m);
  });

  it('holds no signing secret: certificates and passwords come from the environment', () => {
    expect(config).not.toMatch(/^\s*(certificatePassword|certificateFile|cscLink|cscKeyPassword|password)\s*:/im);
  });

  it('npm run release runs scripts/release.mjs', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.release).toBe('node scripts/release.mjs');
  });
});
