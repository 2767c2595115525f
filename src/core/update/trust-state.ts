/**
 * What this workstation remembers between updates (docs/update-format.md, "Trust state"): the
 * highest version it has run and the successor keys of releases it installed. Kept in the
 * vault's authenticated database (vault_meta 'update.state') and mirrored in the OS keychain
 * beside the device secret, as the audit anchor is: a vault folder put back from an older copy
 * does not bring back an older floor, because the higher of the two wins.
 *
 * A keychain that answers null for this vault is a missing mirror, not "nothing installed": the
 * vault's copy and the running version still hold, and the mirror is written again at the next
 * change. Nothing here ever lowers a stored version.
 */
import { z } from 'zod';
import { integrityError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import type { VaultSession } from '../vault/session';
import { compareVersions, highestVersion, isVersion } from './manifest';
import type { TrustState } from './verify-manifest';

export const UPDATE_STATE_META = 'update.state';
const MAX_LEARNED_KEYS = 16;

const storedSchema = z.strictObject({
  highestInstalled: z.string().refine(isVersion, 'not a version'),
  learnedKeys: z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/)).max(MAX_LEARNED_KEYS),
});
type StoredTrust = z.infer<typeof storedSchema>;

/** Where the keychain's copy stands: the screen says when it is missing or could not be read. */
export type MirrorState = 'present' | 'missing' | 'unreadable';

export interface LoadedTrust {
  trust: TrustState;
  mirror: MirrorState;
  /** The copies as read (for the screen: "recorded in the vault 0.3.0, in the keychain 0.3.0"). */
  vaultCopy: string | null;
  keychainCopy: string | null;
}

function parseStored(text: string | null): StoredTrust | null | 'unreadable' {
  if (text === null) return null;
  try {
    const r = storedSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * The floor is the highest of all copies: a copy can only raise it, which at worst refuses an
 * update. Keys come from the vault's copy alone: any process of the user can write the keychain
 * (a Linux Secret Service session, say), and a key taken from there would let it sign updates.
 */
function merge(running: string, keysFrom: StoredTrust | null, ...floors: (StoredTrust | null)[]): StoredTrust {
  return {
    highestInstalled:
      highestVersion(running, keysFrom?.highestInstalled, ...floors.map((c) => c?.highestInstalled)) ?? running,
    // The newest keys are kept should a publisher rotate more often than the cap allows.
    learnedKeys: [...new Set(keysFrom?.learnedKeys ?? [])].slice(-MAX_LEARNED_KEYS),
  };
}

function readVaultCopy(session: VaultSession): StoredTrust | null {
  const parsed = parseStored(session.getMeta(UPDATE_STATE_META));
  // The database is authenticated page by page: a value out of shape there is not an accident.
  if (parsed === 'unreadable') throw integrityError(`The vault's update state (${UPDATE_STATE_META}) is not readable.`);
  return parsed;
}

/**
 * The trust state in force for this workstation and vault: the higher version and the union of
 * keys from the running app, the vault and the keychain. When the running version is above what
 * is stored (an update was installed and the app restarted on it), it is stored in both places
 * and audited as 'update.installed'. A keychain that fails to answer leaves mirror 'unreadable'.
 */
export async function loadTrustState(
  session: VaultSession,
  keyStore: KeyStore,
  appVersion: string,
): Promise<LoadedTrust> {
  // A development build or the browser harness has no release version; it counts as none installed.
  const runningVersion = isVersion(appVersion) ? appVersion : '0.0.0';
  const vault = readVaultCopy(session);
  let keychainText: string | null = null;
  let keychainFailed = false;
  try {
    keychainText = await keyStore.getNote(session.vaultId, 'update-state');
  } catch {
    keychainFailed = true;
  }
  const keychain = parseStored(keychainText);
  const mirror: MirrorState =
    keychainFailed || keychain === 'unreadable' ? 'unreadable' : keychain ? 'present' : 'missing';
  const kc = keychain === 'unreadable' ? null : keychain;
  const merged = merge(runningVersion, vault, kc);
  const stored = highestVersion(vault?.highestInstalled, kc?.highestInstalled);
  if (stored === null || compareVersions(runningVersion, stored) > 0) {
    // A development build or the harness has no version to record as installed.
    const event = isVersion(appVersion)
      ? { action: 'update.installed', details: { version: runningVersion, previous: stored } }
      : null;
    await storeTrust(session, keyStore, merged, event);
  } else if (mirror !== 'present' || !sameTrust(kc, merged) || !sameTrust(vault, merged)) {
    await storeTrust(session, keyStore, merged, null);
  }
  return {
    trust: merged,
    mirror,
    vaultCopy: vault?.highestInstalled ?? null,
    keychainCopy: kc?.highestInstalled ?? null,
  };
}

function sameTrust(a: StoredTrust | null, b: StoredTrust): boolean {
  return a !== null && a.highestInstalled === b.highestInstalled && a.learnedKeys.join() === b.learnedKeys.join();
}

/**
 * Adds the successor key of a release about to be installed (the manifest that announced it was
 * verified against a trusted key). The version is recorded once the app runs it (loadTrustState).
 */
export async function learnKey(
  session: VaultSession,
  keyStore: KeyStore,
  current: TrustState,
  key: string,
): Promise<void> {
  if (current.learnedKeys.includes(key)) return;
  const next = merge(current.highestInstalled, { ...current, learnedKeys: [...current.learnedKeys, key] });
  await storeTrust(session, keyStore, next, null);
}

/**
 * Vault first (in a transaction with its audit event, when there is one), then the keychain.
 * A keychain that refuses the write leaves the vault's copy in force; a vault with an integrity
 * alarm takes no writes and keeps what it has.
 */
async function storeTrust(
  session: VaultSession,
  keyStore: KeyStore,
  value: StoredTrust,
  event: { action: string; details: Record<string, unknown> } | null,
): Promise<void> {
  const text = JSON.stringify(value);
  if (!session.integrityAlarm) {
    session.write((ctx) => {
      session.setMeta(ctx, UPDATE_STATE_META, text);
      if (event) ctx.audit({ action: event.action, targetType: 'app', details: event.details });
    });
  }
  await keyStore.setNote(session.vaultId, 'update-state', text).catch(() => undefined);
}
