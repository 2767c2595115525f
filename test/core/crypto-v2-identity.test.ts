import { diffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  exportPrivateRaw,
  exportPublicRaw,
  formatFingerprint,
  generateStaffIdentity,
  identityFingerprint,
  importPrivateKey,
  importPublicKey,
  publicFromPrivate,
  publicIdentity,
  wipeIdentity,
} from '../../src/core/crypto/identity';
import { signStatement, statementSignatureValid } from '../../src/core/crypto/signed-statement';

describe('staff identities (X25519 to receive keys, Ed25519 to sign)', () => {
  it('generates 32-byte raw key pairs whose private halves give back their public halves', () => {
    const id = generateStaffIdentity();
    for (const pair of [id.x25519, id.ed25519]) {
      expect(pair.publicKey).toHaveLength(32);
      expect(pair.privateKey).toHaveLength(32);
    }
    expect(publicFromPrivate('x25519', id.x25519.privateKey)).toEqual(id.x25519.publicKey);
    expect(publicFromPrivate('ed25519', id.ed25519.privateKey)).toEqual(id.ed25519.publicKey);
    const other = generateStaffIdentity();
    expect(other.x25519.privateKey).not.toEqual(id.x25519.privateKey);
    expect(other.ed25519.publicKey).not.toEqual(id.ed25519.publicKey);
  });

  it('raw keys survive export and import: two parties agree on a secret, a signature verifies', () => {
    const a = generateStaffIdentity();
    const b = generateStaffIdentity();
    const ab = diffieHellman({
      privateKey: importPrivateKey('x25519', a.x25519.privateKey),
      publicKey: importPublicKey('x25519', b.x25519.publicKey),
    });
    const ba = diffieHellman({
      privateKey: importPrivateKey('x25519', b.x25519.privateKey),
      publicKey: importPublicKey('x25519', a.x25519.publicKey),
    });
    expect(ab).toEqual(ba);
    expect(exportPrivateRaw(importPrivateKey('ed25519', a.ed25519.privateKey))).toEqual(a.ed25519.privateKey);
    expect(exportPublicRaw(importPublicKey('ed25519', a.ed25519.publicKey))).toEqual(a.ed25519.publicKey);
    const sig = signStatement('test', { n: 1 }, a.ed25519.privateKey);
    expect(statementSignatureValid('test', { n: 1 }, sig, a.ed25519.publicKey)).toBe(true);
    expect(statementSignatureValid('test', { n: 2 }, sig, a.ed25519.publicKey)).toBe(false);
    expect(statementSignatureValid('other kind', { n: 1 }, sig, a.ed25519.publicKey)).toBe(false);
    expect(statementSignatureValid('test', { n: 1 }, sig, b.ed25519.publicKey)).toBe(false);
  });

  it('refuses keys of the wrong length', () => {
    expect(() => importPrivateKey('x25519', Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => importPublicKey('ed25519', Buffer.alloc(33))).toThrow(/32 bytes/);
  });

  it('fingerprints cover both public keys and print as hex groups for the recovery kit', () => {
    const id = generateStaffIdentity();
    const fp = identityFingerprint(publicIdentity(id));
    expect(fp).toHaveLength(32);
    const swapped = identityFingerprint({
      x25519: generateStaffIdentity().x25519.publicKey,
      ed25519: id.ed25519.publicKey,
    });
    expect(swapped).not.toEqual(fp);
    const printed = formatFingerprint(fp);
    expect(printed.split('\n')).toHaveLength(2);
    expect(printed).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}\n([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(printed.replace(/\s/g, '')).toBe(fp.toString('hex'));
  });

  it('wipeIdentity zeroes the private halves it was given', () => {
    const id = generateStaffIdentity();
    wipeIdentity(id);
    expect(id.x25519.privateKey.every((b) => b === 0)).toBe(true);
    expect(id.ed25519.privateKey.every((b) => b === 0)).toBe(true);
  });
});
