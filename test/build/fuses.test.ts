/**
 * The Electron fuses electron-builder flips in the packaged binary (electron-builder.yml,
 * `electronFuses`). Read as text, line by line, since the block is flat `key: boolean` pairs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronFuses(): Record<string, string> {
  const lines = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8').split(/\r?\n/);
  const start = lines.findIndex((line) => /^electronFuses:\s*$/.test(line));
  if (start < 0) throw new Error('electron-builder.yml has no electronFuses block');
  const fuses: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // next top-level key
    const match = /^\s+(\w+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (match) fuses[match[1]!] = match[2]!;
  }
  return fuses;
}

describe('electron fuses', () => {
  it('are set as docs/security.md describes', () => {
    expect(electronFuses()).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('ship the app as an asar archive, which the integrity fuses rely on', () => {
    expect(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(/^asar: true$/m);
  });
});
