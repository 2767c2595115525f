/**
 * Who can open a backup (issue 13, Build 1): the file key of each backup is sealed to the vault's
 * recovery identity and, when an admin has set one, to the office backup passphrase. Both are
 * X25519 public keys the vault keeps, so a manager exporting types no secret, and a stolen stick
 * with a stolen staff password opens nothing (no staff key is a recipient).
 *
 * The passphrase's key pair is derived from it with Argon2id (salt and costs kept beside the
 * public key): only the public half is stored.
 */
import { diffieHellman } from 'node:crypto';
import { argon2idRaw, type Argon2Params } from '../crypto/argon2id';
import { boundParts } from '../crypto/bound-parts';
import { generatePair, importPrivateKey, importPublicKey, publicFromPrivate } from '../crypto/identity';
import { hkdfSha256, open, seal, wipe } from '../crypto/primitives';
import { formatRecoveryKey, parseRecoveryKey } from '../crypto/recovery-key';
import { authError, integrityError } from '../errors';
import type { RecoverySlot } from '../vault/keys-file';
import { unwrapRecoverySlot } from '../vault/keyslots';
import type { BackupHeader, Recipient } from './backup-format';

/** The office backup passphrase as the vault keeps it: the public half and how to derive the private one. */
export interface PassphraseKey {
  x25519Public: string;
  salt: string;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** The recovery key's secret sealed to this passphrase's key, so that the passphrase restores too. */
  recoveryEscrow?: RecoveryEscrow;
}

/** A secret sealed to an X25519 key (the recipient is known from where it is kept). */
export interface RecoveryEscrow {
  ephemeralPublic: string;
  nonce: string;
  box: string;
}

export interface RecipientsOf {
  vaultId: string;
  backupId: string;
  recovery: { x25519Public: Uint8Array; slot: RecoverySlot };
  passphrase: PassphraseKey | null;
}

type Sealed = { recipientPublic: string; ephemeralPublic: string; nonce: string; box: string };

function aad(vaultId: string, backupId: string, type: Recipient['type']): Buffer {
  return boundParts('backup file key', vaultId, backupId, type);
}

/** Bound to the vault and the passphrase key: an escrow copied to another vault or passphrase opens nothing. */
function escrowAad(vaultId: string, passphrasePublicHex: string): Buffer {
  return boundParts('backup passphrase recovery escrow', vaultId, passphrasePublicHex);
}

/** HKDF of the X25519 secret, salted with both public keys; an all-zero secret (a low-order key) is refused. */
function sharedKey(privateRaw: Uint8Array, peerPublic: Uint8Array, ephemeralPublic: Uint8Array, recipient: Uint8Array) {
  let shared: Buffer;
  try {
    shared = diffieHellman({
      privateKey: importPrivateKey('x25519', privateRaw),
      publicKey: importPublicKey('x25519', peerPublic),
    });
  } catch (err) {
    throw integrityError('A backup recipient key is not a valid X25519 key.', err);
  }
  try {
    if (shared.every((b) => b === 0)) throw integrityError('A backup recipient key is not a valid X25519 key.');
    return hkdfSha256(shared, Buffer.concat([ephemeralPublic, recipient]), 'ledgervault/backup/v1/file-key');
  } finally {
    wipe(shared);
  }
}

function sealTo(fileKey: Uint8Array, recipientPublic: Uint8Array, associated: Uint8Array): Sealed {
  const ephemeral = generatePair('x25519');
  const key = sharedKey(ephemeral.privateKey, recipientPublic, ephemeral.publicKey, recipientPublic);
  try {
    const sealed = seal(key, fileKey, associated);
    return {
      recipientPublic: Buffer.from(recipientPublic).toString('hex'),
      ephemeralPublic: ephemeral.publicKey.toString('hex'),
      nonce: sealed.nonce.toString('base64'),
      box: sealed.ciphertext.toString('base64'),
    };
  } finally {
    wipe(ephemeral.privateKey, key);
  }
}

function openSealed(stanza: Sealed, privateRaw: Uint8Array, associated: Uint8Array): Buffer | null {
  const recipient = Buffer.from(stanza.recipientPublic, 'hex');
  if (!publicFromPrivate('x25519', privateRaw).equals(recipient)) return null;
  const ephemeral = Buffer.from(stanza.ephemeralPublic, 'hex');
  const key = sharedKey(privateRaw, ephemeral, ephemeral, recipient);
  try {
    return open(
      key,
      { nonce: Buffer.from(stanza.nonce, 'base64'), ciphertext: Buffer.from(stanza.box, 'base64') },
      associated,
    );
  } finally {
    wipe(key);
  }
}

/** The header's recipients for a new backup's file key. */
export function sealFileKey(fileKey: Uint8Array, to: RecipientsOf): Recipient[] {
  const out: Recipient[] = [
    {
      type: 'recovery-x25519',
      ...sealTo(fileKey, to.recovery.x25519Public, aad(to.vaultId, to.backupId, 'recovery-x25519')),
      recoverySlot: {
        nonce: to.recovery.slot.nonce,
        wrapped: to.recovery.slot.wrapped,
        createdAt: to.recovery.slot.createdAt,
      },
    },
  ];
  if (to.passphrase) {
    const p = to.passphrase;
    out.push({
      type: 'passphrase-argon2id',
      ...sealTo(fileKey, Buffer.from(p.x25519Public, 'hex'), aad(to.vaultId, to.backupId, 'passphrase-argon2id')),
      salt: p.salt,
      memoryKiB: p.memoryKiB,
      iterations: p.iterations,
      parallelism: p.parallelism,
      ...(p.recoveryEscrow ? { recoveryEscrow: p.recoveryEscrow } : {}),
    });
  }
  return out;
}

/**
 * The recovery key's 32-byte secret sealed to the office passphrase's public key (issue 13, Build
 * 6: the passphrase restores a backup). Only someone holding the recovery key can make one, since
 * it makes the passphrase as strong a key to the office's backups as the recovery key itself.
 */
export function escrowRecoverySecret(secret: Uint8Array, passphrasePublicHex: string, vaultId: string): RecoveryEscrow {
  const sealed = sealTo(secret, Buffer.from(passphrasePublicHex, 'hex'), escrowAad(vaultId, passphrasePublicHex));
  return { ephemeralPublic: sealed.ephemeralPublic, nonce: sealed.nonce, box: sealed.box };
}

/**
 * The printed recovery key, from a backup's passphrase recipient and the passphrase (one Argon2id
 * run). E_AUTH when the passphrase is wrong or the backup was made before the passphrase could
 * restore (no escrow): then only the recovery key restores it.
 */
export async function recoveryKeyFromPassphrase(header: BackupHeader, passphrase: string): Promise<string> {
  const stanza = header.recipients.find((r) => r.type === 'passphrase-argon2id');
  if (!stanza) throw authError('No backup passphrase was set when this backup was made.');
  if (!stanza.recoveryEscrow)
    throw authError('This backup opens with the passphrase but restores only with the recovery key.');
  const privateKey = await passphrasePrivateKey(passphrase, stanza);
  let secret: Buffer | null = null;
  try {
    secret = openSealed(
      { ...stanza.recoveryEscrow, recipientPublic: stanza.recipientPublic },
      privateKey,
      escrowAad(header.vaultId, stanza.recipientPublic),
    );
    if (!secret || secret.length !== 32) throw authError('The backup passphrase does not open this backup.');
    return formatRecoveryKey(secret);
  } finally {
    wipe(privateKey, secret);
  }
}

/** The file key, opened with the printed recovery key (as typed); E_AUTH when it opens nothing. */
export function fileKeyFromRecoveryKey(header: BackupHeader, recoveryKey: string): Buffer {
  const stanza = header.recipients.find((r) => r.type === 'recovery-x25519');
  if (!stanza) throw authError('This backup cannot be opened with a recovery key.');
  const secret = parseRecoveryKey(recoveryKey);
  let contents;
  try {
    contents = unwrapRecoverySlot({ kind: 'recovery', ...stanza.recoverySlot }, secret, header.vaultId);
  } finally {
    wipe(secret);
  }
  if (!contents?.identity) throw authError('The recovery key does not open this backup.');
  try {
    const key = openSealed(
      stanza,
      contents.identity.x25519.privateKey,
      aad(header.vaultId, header.backupId, 'recovery-x25519'),
    );
    if (!key) throw authError('The recovery key does not open this backup.');
    return key;
  } finally {
    wipe(contents.dek, contents.identity.x25519.privateKey, contents.identity.ed25519.privateKey);
  }
}

/** The X25519 private key of a backup passphrase (Argon2id with the given salt and costs). */
export async function passphrasePrivateKey(
  passphrase: string,
  p: Pick<PassphraseKey, 'salt' | 'memoryKiB' | 'iterations' | 'parallelism'>,
): Promise<Buffer> {
  const params: Argon2Params = { m: p.memoryKiB, t: p.iterations, p: p.parallelism };
  return argon2idRaw(passphrase.normalize('NFC'), Buffer.from(p.salt, 'base64'), params);
}

/** The file key, opened with the office backup passphrase; E_AUTH when it opens nothing. */
export async function fileKeyFromPassphrase(header: BackupHeader, passphrase: string): Promise<Buffer> {
  const stanza = header.recipients.find((r) => r.type === 'passphrase-argon2id');
  if (!stanza) throw authError('No backup passphrase was set when this backup was made.');
  const privateKey = await passphrasePrivateKey(passphrase, stanza);
  try {
    const key = openSealed(stanza, privateKey, aad(header.vaultId, header.backupId, 'passphrase-argon2id'));
    if (!key) throw authError('The backup passphrase does not open this backup.');
    return key;
  } finally {
    wipe(privateKey);
  }
}
