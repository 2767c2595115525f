/**
 * The publisher's release signing key (docs/update-format.md): an Ed25519 pair, the public half as
 * a two-line text file (a comment with its fingerprint, then the raw key in base64; the same text
 * is compiled into the app from resources/update/), the private half as JSON, encrypted under a
 * passphrase with scrypt and AES-256-GCM when one is given.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { generatePair, publicFromPrivate } from '../crypto/identity';
import { wipe } from '../crypto/primitives';
import { LedgerVaultError } from '../errors';
import { keyFileError } from './public-key';

export { keyFileError, parsePublicKeyFile, publicKeyFileText } from './public-key';

const PRIVATE_FORMAT = 'ledgervault-release-key/1';
/** scrypt N=2^17, r=8: 128 MiB and about a second, once per signing, on the publisher's machine. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const privateFileSchema = z.discriminatedUnion('encryption', [
  z.strictObject({ format: z.literal(PRIVATE_FORMAT), publicKey: b64, encryption: z.literal('none'), privateKey: b64 }),
  z.strictObject({
    format: z.literal(PRIVATE_FORMAT),
    publicKey: b64,
    encryption: z.literal('scrypt+aes-256-gcm'),
    scrypt: z.strictObject({ N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
    iv: b64,
    ciphertext: b64,
    tag: b64,
  }),
]);

export interface ReleaseKeyPair {
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  /** Raw 32 bytes; the caller wipes it. */
  privateKey: Buffer;
}

export function generateReleaseKey(): ReleaseKeyPair {
  const pair = generatePair('ed25519');
  return { publicKey: pair.publicKey.toString('base64'), privateKey: pair.privateKey };
}

function aad(publicKey: string): Buffer {
  return Buffer.from(`${PRIVATE_FORMAT}\0${publicKey}`, 'utf8');
}

/** The private key file's text; encrypted when a passphrase is given (the public key is its AAD). */
export function privateKeyFileText(pair: ReleaseKeyPair, passphrase?: string): string {
  if (!passphrase)
    return `${JSON.stringify({ format: PRIVATE_FORMAT, publicKey: pair.publicKey, encryption: 'none', privateKey: pair.privateKey.toString('base64') }, null, 2)}\n`;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { ...SCRYPT, maxmem: SCRYPT_MAXMEM });
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(pair.publicKey));
    const ciphertext = Buffer.concat([cipher.update(pair.privateKey), cipher.final()]);
    const file = {
      format: PRIVATE_FORMAT,
      publicKey: pair.publicKey,
      encryption: 'scrypt+aes-256-gcm',
      scrypt: { ...SCRYPT, salt: salt.toString('base64') },
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  } finally {
    wipe(key);
  }
}

export function privateKeyIsEncrypted(text: string): boolean {
  try {
    return (JSON.parse(text) as { encryption?: unknown }).encryption !== 'none';
  } catch {
    return false;
  }
}

/** The key pair in a private key file; E_AUTH (`update.keyPassphrase`) for a wrong passphrase. */
export function openPrivateKeyFile(
  text: string,
  passphrase: string | undefined,
  file = 'the private key',
): ReleaseKeyPair {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw keyFileError(file, 'not a LedgerVault release key');
  }
  const parsed = privateFileSchema.safeParse(json);
  if (!parsed.success) throw keyFileError(file, 'not a LedgerVault release key');
  const f = parsed.data;
  let privateKey: Buffer;
  if (f.encryption === 'none') privateKey = Buffer.from(f.privateKey, 'base64');
  else {
    if (!passphrase) throw keyFileError(file, 'it is encrypted: give its passphrase with --passphrase-stdin');
    const { N, r, p } = f.scrypt;
    if (N > 2 ** 20 || r > 16 || p > 4) throw keyFileError(file, 'its scrypt costs are out of range');
    const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(f.scrypt.salt, 'base64'), 32, {
      N,
      r,
      p,
      maxmem: SCRYPT_MAXMEM * 8,
    });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
      decipher.setAAD(aad(f.publicKey));
      decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
      privateKey = Buffer.concat([decipher.update(Buffer.from(f.ciphertext, 'base64')), decipher.final()]);
    } catch {
      throw new LedgerVaultError('E_AUTH', 'The passphrase of the private key is wrong, or the file is damaged.', {
        messageKey: 'update.keyPassphrase',
      });
    } finally {
      wipe(key);
    }
  }
  let derived: string;
  try {
    derived = publicFromPrivate('ed25519', privateKey).toString('base64');
  } catch {
    wipe(privateKey);
    throw keyFileError(file, 'its private key is not 32 bytes');
  }
  if (derived !== f.publicKey) {
    wipe(privateKey);
    throw keyFileError(file, 'its public key does not belong to its private key');
  }
  return { publicKey: f.publicKey, privateKey };
}
