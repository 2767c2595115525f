/**
 * Issue 15: the publisher key that update manifests must be signed with is compiled into the
 * core's bundle (imported as text by the build), so the installed app never reads it from a file
 * that someone with write access to the install folder could swap. Run after `npm run build`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePublicKeyFile } from '../../src/core/update/release-key';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PUB = path.join(ROOT, 'resources/update/ledgervault-release.pub');

describe('pinned release key', () => {
  it('is a valid Ed25519 public key file, and no private key sits beside it', () => {
    expect(parsePublicKeyFile(readFileSync(PUB, 'utf8'))).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(readdirSync(path.dirname(PUB)).filter((n) => n.endsWith('.key'))).toEqual([]);
  });

  it('is inside the bundles of the core and the main process, and no built file reads the .pub file', () => {
    const key = parsePublicKeyFile(readFileSync(PUB, 'utf8'));
    const dir = path.join(ROOT, 'out/main');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((n) => n.endsWith('.js'));
    const text = (n: string) => readFileSync(path.join(dir, n), 'utf8');
    const holders = files.filter((n) => text(n).includes(key));
    expect(holders.length).toBeGreaterThan(0);
    // The entry holds the key itself or imports the chunk that does.
    for (const entry of ['core.js', 'index.js'])
      expect(holders.some((h) => h === entry || text(entry).includes(path.basename(h)))).toBe(true);
    for (const n of files) expect(text(n)).not.toMatch(/read\w*\([^)]*ledgervault-release\.pub/);
  });
});
