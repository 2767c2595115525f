/**
 * What a sign-in checks against, and writes to, the keychain beside the device secret (issue 12):
 * the audit anchor (the newest seal, so that a folder put back from an older copy is noticed) and
 * the sign-in mirror (failure counters and vault.pending, so that an older vault.keys or a deleted
 * pending file changes nothing).
 */
import { eq } from 'drizzle-orm';
import { LedgerVaultError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { users } from '../db/schema';
import { readKeysFile, updateKeysFile, type KeysFile } from '../vault/keys-file';
import { appendPendingEvent, parsePendingText, type PendingEvent } from '../vault/pending-events';
import { newerCounter, readSigninMirror, writeSigninMirror, type SigninMirror } from '../vault/signin-mirror';
import { compareWithAnchor, readAuditAnchor, rollbackError } from '../vault/audit-anchor';
import type { VaultPaths } from '../vault/paths';
import type { VaultSession } from '../vault/session';
import type { UnlockInput } from './unlock-vault';

/**
 * Returns the refusal rather than throwing it: the caller first asks for the second factor, so
 * that a rolled-back folder does not confirm a guessed password that a missing code would have
 * counted as a failure.
 *
 * Build 4 of issue 12: the folder must not be older than the newest seal this workstation's
 * keychain holds. An older one is E_INTEGRITY, unless an admin accepts it (input.acceptRollback),
 * which the sign-in records; doctor ('inspect') opens it read-only to report it.
 */
export async function checkAnchor(session: VaultSession, keys: KeysFile, input: UnlockInput): Promise<Error | null> {
  let finding;
  try {
    const anchor = await readAuditAnchor(input.keyStore, keys.vaultId);
    session.seals.anchorAtUnlock = anchor?.seal ?? null;
    finding = anchor ? compareWithAnchor(session.db, keys, anchor) : null;
  } catch (err) {
    const detail = err instanceof LedgerVaultError ? err.detail : String(err);
    if (input.mode === 'inspect') {
      session.integrityAlarm ??= detail;
      return null;
    }
    // An anchor edited out of shape is no proof of anything; an admin may still vouch for the
    // folder (as for a rollback), and the sign-in then writes a fresh anchor.
    if (input.acceptRollback && session.user.role === 'admin' && !session.integrityAlarm) {
      session.seals.anchorAtUnlock = null;
      session.seals.acceptedRollback = { what: 'unreadable-anchor', detail };
      return null;
    }
    return err instanceof Error ? err : new Error(String(err));
  }
  if (!finding) return null;
  if (input.mode === 'inspect') {
    session.integrityAlarm ??= finding.detail;
    session.seals.rollbackFinding = finding;
    return null;
  }
  if (input.acceptRollback && session.user.role === 'admin' && !session.integrityAlarm) {
    // The anchor no longer describes this folder: checking against it would report the rollback just accepted.
    session.seals.anchorAtUnlock = null;
    session.seals.acceptedRollback = {
      what: finding.what,
      folderHead: finding.folderHead,
      keysGeneration: finding.keysGeneration,
      anchorGeneration: finding.anchorGeneration,
      anchorSeal: finding.anchor.sealId,
      anchorLastSeq: finding.anchor.lastSeq,
      anchorSealedAt: finding.anchor.sealedAt,
      anchorUserId: finding.anchor.userId,
    };
    return null;
  }
  const sealer =
    session.orm.select({ username: users.username }).from(users).where(eq(users.id, finding.anchor.userId)).get()
      ?.username ?? finding.anchor.userId;
  if (input.acceptRollback && session.user.role !== 'admin')
    return new LedgerVaultError(
      'E_FORBIDDEN',
      'Only an admin can accept a vault folder older than this workstation has seen.',
      { messageKey: 'vault.rollbackNeedsAdmin' },
    );
  return rollbackError(finding, sealer);
}

/**
 * After a counted failure: the keychain's copy of vault.pending and of the counters: this
 * user's as just counted (from the newer of both), everyone else's the newer of the two copies.
 */
export async function mirrorFailure(
  store: KeyStore,
  paths: VaultPaths,
  previous: SigninMirror | null,
  counted?: string,
): Promise<void> {
  try {
    const keys = readKeysFile(paths);
    const counters = { ...keys.counters };
    for (const [name, c] of Object.entries(previous?.counters ?? {})) {
      if (name === counted) continue;
      const newer = newerCounter(counters[name], c);
      if (newer) counters[name] = newer;
    }
    await writeSigninMirror(store, keys.vaultId, { ...keys, counters }, paths, previous);
  } catch {
    // Best effort: the failure is counted in the keys file and vault.pending regardless.
  }
}

/**
 * An event that happened while the database could take none (doctor's run on a vault with an
 * integrity alarm): into vault.pending under the keys lock, then the keychain's copy.
 */
export async function recordLockedEvent(
  paths: VaultPaths,
  store: KeyStore,
  deviceSecret: Buffer,
  vaultId: string,
  event: Parameters<typeof appendPendingEvent>[3],
): Promise<void> {
  await updateKeysFile(
    paths,
    () => undefined,
    () => {
      appendPendingEvent(paths, deviceSecret, vaultId, event);
      return null;
    },
  );
  const mirror = await readSigninMirror(store, vaultId).catch(() => null);
  await mirrorFailure(store, paths, mirror);
}

/** After a sign-in: the counters it cleared and the pending file it emptied. */
export async function mirrorSignIn(store: KeyStore, paths: VaultPaths): Promise<void> {
  try {
    const keys = readKeysFile(paths);
    await writeSigninMirror(store, keys.vaultId, keys, paths);
  } catch {
    // Best effort: an older mirror only makes the next sign-in count from an older counter.
  }
}

/**
 * Lines the keychain's copy of vault.pending holds that the file no longer does, and that were
 * not moved into the chain yet (after `lastImported`): the file was deleted or cut.
 */
export function linesLostFromFile(
  mirror: SigninMirror | null,
  fileEvents: PendingEvent[],
  lastImported: string | null,
  deviceSecret: Buffer,
  vaultId: string,
): PendingEvent[] {
  if (!mirror) return [];
  const seen = new Set(fileEvents.map((e) => e.mac));
  const lost: PendingEvent[] = [];
  for (const text of mirror.pending) {
    const copy = parsePendingText(text, deviceSecret, vaultId);
    const importedAt = copy.events.findIndex((e) => e.mac === lastImported);
    for (const e of copy.events.slice(importedAt + 1)) {
      if (seen.has(e.mac)) continue;
      seen.add(e.mac);
      lost.push(e);
    }
  }
  return lost;
}
