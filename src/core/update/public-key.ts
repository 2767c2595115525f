/**
 * The release public key file (`ledgervault-release.pub`): one comment line with the fingerprint,
 * then the raw Ed25519 key in base64. Light on purpose (zod-free, node:crypto-free): the main
 * process and the core both read the pinned copy compiled into their bundles.
 */
import { LedgerVaultError } from '../errors';
import { formatKeyFingerprint, keyFingerprint } from './manifest';

export function keyFileError(file: string, reason: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', `The key file ${file} cannot be used: ${reason}.`, {
    messageKey: 'update.keyFile',
    params: { file, reason },
  });
}

/** The .pub file: one comment line (never parsed for trust), then the key. */
export function publicKeyFileText(publicKey: string): string {
  const fp = formatKeyFingerprint(keyFingerprint(Buffer.from(publicKey, 'base64')));
  return `# LedgerVault release signing key (Ed25519, raw, base64). Fingerprint: ${fp}\n${publicKey}\n`;
}

/** The key in a .pub file's text: the one line that is not a comment, 32 bytes of base64. */
export function parsePublicKeyFile(text: string, file = 'the public key'): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) throw keyFileError(file, 'expected one line with the key');
  const key = lines[0]!;
  const raw = Buffer.from(key, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(key) || raw.length !== 32 || raw.toString('base64') !== key)
    throw keyFileError(file, 'not a 32-byte Ed25519 key in base64');
  return key;
}
