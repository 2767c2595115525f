import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../helpers/test-vault';

/**
 * Electron's Node is built on BoringSSL, not OpenSSL: chacha20-poly1305, SM4, AES-CCM/OCB and
 * others are missing there, though these tests (on OpenSSL) would pass. So the source may use
 * node:crypto only for what both have, with the algorithm written as a literal we can check.
 */
const ALLOWED_IMPORTS = new Set([
  'createCipheriv',
  'createDecipheriv',
  'createHash',
  'hash', // the one-shot form of createHash (the verify worker, src/core/audit/verify-worker-source.ts)
  'createHmac',
  'hkdfSync',
  'hkdf',
  'scrypt',
  'scryptSync',
  'randomBytes',
  'randomUUID',
  'randomInt',
  'timingSafeEqual',
  'generateKeyPairSync',
  'diffieHellman', // X25519 only: keys are built from raw bytes as x25519 (src/core/crypto/identity.ts)
  'createPublicKey',
  'createPrivateKey',
  'sign',
  'verify',
  'webcrypto',
  'KeyObject', // the class only (instanceof), for a key imported once and used for many operations
]);
const ALGORITHM_ARG: Record<string, (alg: string) => boolean> = {
  createCipheriv: (a) => a === 'aes-256-gcm',
  createDecipheriv: (a) => a === 'aes-256-gcm',
  createHash: (a) => a === 'sha256' || a === 'sha512',
  hash: (a) => a === 'sha256' || a === 'sha512',
  createHmac: (a) => a === 'sha256' || a === 'sha512',
  hkdfSync: (a) => a === 'sha256' || a === 'sha512',
  hkdf: (a) => a === 'sha256' || a === 'sha512',
  generateKeyPairSync: (a) => a === 'ed25519' || a === 'x25519',
};

export function cryptoViolations(file: string, source: string): string[] {
  const problems: string[] = [];
  const importRe = /import\s+(\*\s+as\s+\w+|\w+|\{[^}]*\})(?:\s*,\s*\{[^}]*\})?\s+from\s+['"](?:node:)?crypto['"]/g;
  const requireRe = /require\(\s*['"](?:node:)?crypto['"]\s*\)/g;
  // A worker's source (a string run with eval) requires by name: `const { hash } = require('node:crypto')`.
  const namedRequireRe = /const\s*(\{[^}]*\})\s*=\s*require\(\s*['"](?:node:)?crypto['"]\s*\)/g;
  const named = [...source.matchAll(namedRequireRe)];
  if ([...source.matchAll(requireRe)].length > named.length)
    problems.push(`${file}: require('crypto') hides which functions are used; import them by name`);
  for (const m of [...source.matchAll(importRe), ...named]) {
    const clause = m[1]!;
    if (!clause.startsWith('{')) {
      problems.push(`${file}: import node:crypto by name, not as a namespace or default (${clause})`);
      continue;
    }
    for (const raw of clause.slice(1, -1).split(',')) {
      if (/^\s*type\s/.test(raw)) continue; // a type-only import runs nothing
      const name = raw.trim().split(/\s+as\s+|\s*:\s*/)[0]!;
      if (name && !ALLOWED_IMPORTS.has(name))
        problems.push(`${file}: node:crypto ${name} is not on the BoringSSL allowlist`);
    }
  }
  for (const [fn, ok] of Object.entries(ALGORITHM_ARG)) {
    for (const call of source.matchAll(new RegExp(`(?<![.\\w])${fn}\\(\\s*([^,)]*)`, 'g'))) {
      const arg = call[1]!.trim();
      const literal = /^['"`]([^'"`]+)['"`]$/.exec(arg);
      if (!literal) problems.push(`${file}: ${fn}(${arg}) must name its algorithm as a string literal`);
      else if (!ok(literal[1]!.toLowerCase()))
        problems.push(`${file}: ${fn}('${literal[1]}') is not available in Electron's BoringSSL`);
    }
  }
  if (/getCiphers\(\)|crypto\.subtle/.test(source))
    problems.push(`${file}: use primitives.ts instead of WebCrypto or cipher lists`);
  return problems;
}

const SRC = path.resolve(__dirname, '../../src');

describe('node:crypto stays within what Electron (BoringSSL) offers', () => {
  it('no source file uses a cipher, hash or function outside the allowlist', () => {
    const files = filesUnder(SRC).filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((f) => cryptoViolations(path.relative(SRC, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the check catches what BoringSSL lacks', () => {
    const bad = [
      `import { createCipheriv } from 'node:crypto'; createCipheriv('chacha20-poly1305', k, n);`,
      `import { createCipheriv } from 'crypto'; createCipheriv('sm4-cbc', k, n);`,
      `import { createHash } from 'node:crypto'; createHash('md5');`,
      `import { createHash } from 'node:crypto'; createHash(alg);`,
      `import * as c from 'node:crypto';`,
      `import { getCiphers } from 'node:crypto';`,
      `const c = require('crypto');`,
      `const { createCipheriv } = require('node:crypto'); const { generatePrime } = require('node:crypto');`,
      `const { hash } = require('node:crypto'); hash('md5', data);`,
    ];
    for (const src of bad) expect(cryptoViolations('sample.ts', src), src).not.toEqual([]);
    expect(
      cryptoViolations(
        'ok.ts',
        `import { createCipheriv, randomBytes } from 'node:crypto'; createCipheriv('aes-256-gcm', k, n);`,
      ),
    ).toEqual([]);
  });
});
