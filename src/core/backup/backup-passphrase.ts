/**
 * The office backup passphrase (issue 13, Build 1; `ledgervault backup passphrase`): set by an
 * admin, strength-checked, audited. The vault keeps only the X25519 public key Argon2id derives
 * from it (with the salt and costs), so every later backup is encrypted to it without anyone
 * typing it, and nothing on the workstation opens those backups by itself.
 */
import { authorize } from '../access/authorize';
import type { Argon2Params } from '../crypto/argon2id';
import { publicFromPrivate } from '../crypto/identity';
import { randomKey, wipe } from '../crypto/primitives';
import { refuseProblem } from '../errors';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { backupPassphraseProblem } from '../../shared/backup/rules';
import { parseRecoveryKey } from '../crypto/recovery-key';
import { readKeysFile } from '../vault/keys-file';
import { wipeSlotContents } from '../vault/keyslots';
import { openRecoverySlot } from '../vault/recovery-slot';
import { escrowRecoverySecret, passphrasePrivateKey, type PassphraseKey } from './backup-keys';

const META_KEY = 'backup_passphrase';
/** Costs for a secret an attacker may attack offline for years: more memory than a sign-in uses. */
export const BACKUP_PASSPHRASE_KDF: Argon2Params = { m: 256 * 1024, t: 4, p: 1 };

export function readBackupPassphrase(db: SqliteDb): PassphraseKey | null {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
  if (!row) return null;
  const value = JSON.parse(row.value) as PassphraseKey & { setBy?: string; setAt?: string };
  return {
    x25519Public: value.x25519Public,
    salt: value.salt,
    memoryKiB: value.memoryKiB,
    iterations: value.iterations,
    parallelism: value.parallelism,
    ...(value.recoveryEscrow ? { recoveryEscrow: value.recoveryEscrow } : {}),
  };
}

/**
 * Sets (or replaces) the passphrase new backups are also encrypted to. Backups made before keep the
 * old one. The recovery key is asked for too: the passphrase will restore a backup as the recovery
 * key does (its secret is sealed to the passphrase), so only someone who holds the recovery key may
 * create such a second key; an admin alone never reaches the recovery identity's client keys.
 */
export async function setBackupPassphrase(
  session: VaultSession,
  passphrase: string,
  recoveryKey: string,
  kdf: Argon2Params = BACKUP_PASSPHRASE_KDF,
): Promise<{ setAt: string }> {
  authorize(session, 'settings.update');
  refuseProblem(backupPassphraseProblem(passphrase));
  // E_INPUT for a typo, E_AUTH for another vault's key: checked before the slow derivation.
  wipeSlotContents(openRecoverySlot(readKeysFile(session.paths), recoveryKey));
  const salt = randomKey(16).toString('base64');
  const key: PassphraseKey = { x25519Public: '', salt, memoryKiB: kdf.m, iterations: kdf.t, parallelism: kdf.p };
  const privateKey = await passphrasePrivateKey(passphrase, key);
  try {
    key.x25519Public = publicFromPrivate('x25519', privateKey).toString('hex');
  } finally {
    wipe(privateKey);
  }
  const secret = parseRecoveryKey(recoveryKey);
  try {
    key.recoveryEscrow = escrowRecoverySecret(secret, key.x25519Public, session.vaultId);
  } finally {
    wipe(secret);
  }
  const setAt = new Date().toISOString();
  const replaced = readBackupPassphrase(session.db) !== null;
  session.write((ctx) => {
    ctx.db
      .prepare(
        'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(META_KEY, JSON.stringify({ ...key, setBy: session.user.id, setAt }));
    ctx.audit({ action: 'backup.passphrase_set', details: { replaced, memoryKiB: kdf.m, iterations: kdf.t } });
  });
  return { setAt };
}
