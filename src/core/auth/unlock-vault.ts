import { argon2idRaw } from '../crypto/argon2id';
import { wipe } from '../crypto/primitives';
import { LedgerVaultError, authError, integrityError, keychainError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import {
  hasValidDeviceMac,
  hasValidVaultMac,
  readKeysFile,
  userSlots,
  type KeysFile,
  type UserSlot,
} from '../vault/keys-file';
import { isSlotInForce, KEYS_META } from '../vault/keys-sync';
import { unwrapUserSlot, wipeSlotContents, type SlotContents } from '../vault/keyslots';
import { openSession, type OpenOptions } from '../vault/open-session';
import { takeUpgradeReport, UpgradeSignInRefused, upgradeBeforeSignIn } from '../upgrade/upgrade-v2-signin';
import { vaultPaths, type VaultPaths } from '../vault/paths';
import { admissiblePendingEvents, readPendingEvents, type PendingEvent } from '../vault/pending-events';
import { newerCounter, readSigninMirror, type SigninMirror } from '../vault/signin-mirror';
import { withFileLock } from '../fs/file-lock';
import { vaultDiskError } from '../fs/disk-errors';
import { lockedUntil } from './lockout';
import type { SessionRestriction, VaultSession, WriteContext } from '../vault/session';
import { eq } from 'drizzle-orm';
import { users, type Role } from '../db/schema';
import { readSettings, type Settings } from '../settings/settings';
import { verifySecondFactor } from './mfa';
import { openMfaSecret, sessionOwner } from '../crypto/mfa-secret';
import { recordSignInSignals } from './signals';
import { checkAnchor, linesLostFromFile, mirrorFailure, mirrorSignIn } from './keychain-anchors';
import { recordFailure, recordPending } from './failure-count';
export { recordLockedEvent } from './keychain-anchors';

export interface UnlockInput extends OpenOptions {
  dir: string;
  username: string;
  password: string;
  /** The second factor, where the user has enrolled: a TOTP code or a recovery code. */
  totp?: string;
  keyStore: KeyStore;
  now?: () => Date;
  /**
   * An admin's explicit acceptance of a vault folder older than the keychain's audit anchor (a
   * deliberate restore): the sign-in goes ahead and records what was accepted. Refused for others.
   */
  acceptRollback?: boolean;
}

/** Reads the device secret of an existing vault; null is never "no key yet" here. */
export async function requireDeviceSecret(keyStore: KeyStore, vaultId: string): Promise<Buffer> {
  const secret = await keyStore.get(vaultId);
  if (!secret) throw keychainError('This workstation has no device secret for this vault in its keychain.');
  return secret;
}

/**
 * Signs a user in: keychain -> keys file authenticity -> lockout -> Argon2id + device secret
 * unwrap -> database -> second factor. A failure changes nothing but the failure counter and
 * its pending audit line; the tenth in a row locks the account for 30 minutes (the policy).
 *
 * Counted as failures: a wrong password, a password that a committed change replaced, a wrong
 * or reused second factor, and a correct password sent without the second factor the account
 * needs (E_MFA_REQUIRED, reason `second_factor_missing`). The last is counted because it is an
 * answer about the password: were it free, the E_MFA_REQUIRED reply would confirm a guessed
 * password at no cost to the guesser. The UI's usual two-step sign-in therefore counts one
 * failure, which the successful sign-in right after clears.
 */
export async function unlockVault(input: UnlockInput): Promise<VaultSession> {
  const paths = vaultPaths(input.dir);
  // One attempt at a time, in this process and in any other (the CLI beside the app): the
  // lockout check, the password check and the failure count are one critical section. Without
  // it, thirty wrong passwords sent at once all read "9 failures so far" and were all checked,
  // and a right one among them cleared the lock (issue 12). The keys file is read again inside;
  // this first read only says E_NOT_FOUND or E_INTEGRITY before there is a folder to lock in.
  readKeysFile(paths);
  return withFileLock(
    paths.signInLock,
    async () => {
      const keys = readKeysFile(paths);
      const deviceSecret = await requireDeviceSecret(input.keyStore, keys.vaultId);
      try {
        const session = await signIn(paths, keys, deviceSecret, input, input.now ?? (() => new Date()));
        // The counters this sign-in cleared and the pending lines it moved into the chain.
        await mirrorSignIn(input.keyStore, paths);
        await session.anchorsWritten();
        return session;
      } finally {
        // The session has its own copy; this one is ours.
        wipe(deviceSecret);
      }
    },
    SIGN_IN_WAIT_MS,
  );
}

/**
 * How long an attempt waits for the one before it: ten Argon2id checks (the lockout limit) at
 * about a second each on a slow office PC, after which every waiting attempt is refused at once
 * as locked. Beyond that, E_BUSY.
 */
const SIGN_IN_WAIT_MS = 60_000;

async function signIn(
  paths: VaultPaths,
  keys: KeysFile,
  deviceSecret: Buffer,
  input: UnlockInput,
  now: () => Date,
): Promise<VaultSession> {
  if (!hasValidDeviceMac(keys, deviceSecret)) {
    throw integrityError(
      'The keys file (vault.keys) was changed outside LedgerVault, or belongs to another workstation.',
    );
  }
  const username = input.username;
  const slots = userSlots(keys, username);
  const mirror = await readSigninMirror(input.keyStore, keys.vaultId);
  if (slots.length === 0) {
    // Same work as a real attempt, so that timing does not tell which user names exist.
    const anySlot = keys.slots.find((s) => s.kind === 'user');
    if (anySlot?.kind === 'user') wipe(await argon2idRaw(input.password, Buffer.alloc(16), anySlot.kdf));
    await recordPending(paths, keys, deviceSecret, '(unknown)', { reason: 'unknown_user' });
    await mirrorFailure(input.keyStore, paths, mirror);
    throw authError();
  }
  // The newer of the keys file's counter and the keychain's copy: a keys file put back from
  // before the failures does not lift the lock (issue 12).
  const lockEnd = lockedUntil(newerCounter(keys.counters[username], mirror?.counters[username]), keys.lockout, now());
  if (lockEnd) {
    await recordPending(paths, keys, deviceSecret, username, { reason: 'account_locked' }, 'denied');
    await mirrorFailure(input.keyStore, paths, mirror);
    throw new LedgerVaultError('E_LOCKED', `Account ${username} is locked until ${lockEnd.toISOString()}.`);
  }
  // The slot in force first; a second one exists only while a change is under way or was cut
  // short by a crash, and then the database says which of the two counts.
  let contents: SlotContents | null = null;
  let used: UserSlot | null = null;
  for (const slot of slots) {
    contents = await unwrapUserSlot(slot, input.password, deviceSecret, keys.vaultId);
    if (contents) {
      used = slot;
      break;
    }
  }
  const failure = async (reason: string, otherwise: LedgerVaultError = authError()) => {
    const locked = await recordFailure(paths, deviceSecret, username, now(), reason, mirror?.counters[username]);
    await mirrorFailure(input.keyStore, paths, mirror, username);
    return locked
      ? new LedgerVaultError('E_LOCKED', `Too many failed sign-ins: ${username} is now locked.`)
      : otherwise;
  };
  if (!contents || !used) throw await failure('wrong_password');
  if (!hasValidVaultMac(keys, contents.dek)) {
    wipeSlotContents(contents);
    throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
  }
  // A version-1 vault is upgraded at its first admin sign-in (an upgrade a crash cut short is
  // finished first); then the sign-in starts again with the version-2 keys file.
  let restart: boolean;
  try {
    ({ restart } = await upgradeBeforeSignIn({
      paths,
      keys,
      slot: used,
      dek: contents.dek,
      deviceSecret,
      password: input.password,
      totp: input.totp,
      now: now(),
      migrationsDir: input.migrationsDir,
      mode: input.mode,
    }));
  } catch (err) {
    wipeSlotContents(contents);
    if (err instanceof UpgradeSignInRefused) throw await failure(err.reason, upgradeRefusal(err.reason));
    // A full disk during the upgrade is said as such; the next sign-in finishes it, as after a crash.
    throw vaultDiskError(err, paths.dir);
  }
  if (restart) {
    wipeSlotContents(contents);
    return signIn(paths, readKeysFile(paths), deviceSecret, input, now);
  }
  // openSession takes over the slot's keys and this copy of the device secret.
  const session = openSession(paths, keys, contents, Buffer.from(deviceSecret), used.userId, input);
  if (!isSlotInForce(session.db, used)) {
    session.lock();
    throw await failure('replaced_password');
  }
  session.seals.anchorStore = input.keyStore;
  const refusal = await checkAnchor(session, keys, input);
  if (refusal) {
    const factor = secondFactorUnrecorded(session, input, now());
    session.lock();
    if (factor === 'missing') throw await failure('second_factor_missing', new LedgerVaultError('E_MFA_REQUIRED'));
    if (factor === 'wrong') throw await failure('wrong_second_factor', authError('The second factor is not correct.'));
    throw refusal;
  }
  if (session.integrityAlarm) return session;
  try {
    completeSignIn(session, paths, input, now(), mirror);
  } catch (err) {
    session.lock();
    if (err instanceof SecondFactorMissing)
      throw await failure('second_factor_missing', new LedgerVaultError('E_MFA_REQUIRED'));
    if (err instanceof SecondFactorFailed)
      throw await failure('wrong_second_factor', authError('The second factor is not correct.'));
    throw err;
  }
  // The admin who upgraded this vault gets its report (new recovery kit, temporary passwords) once.
  session.upgradeReport = takeUpgradeReport(session);
  return session;
}

function upgradeRefusal(reason: UpgradeSignInRefused['reason']): LedgerVaultError {
  if (reason === 'second_factor_missing') return new LedgerVaultError('E_MFA_REQUIRED');
  return authError(reason === 'wrong_second_factor' ? 'The second factor is not correct.' : undefined);
}

/**
 * Before a refusal that would tell a right password from a wrong one (a rolled-back folder): the
 * second factor, checked in a transaction that is rolled back, so the refused sign-in uses up no
 * code and changes nothing in the folder.
 */
function secondFactorUnrecorded(session: VaultSession, input: UnlockInput, now: Date): 'ok' | 'missing' | 'wrong' {
  const user = session.orm.select().from(users).where(eq(users.id, session.user.id)).get();
  if (!user?.mfaSecretEnc) return 'ok';
  if (!input.totp) return 'missing';
  let factor: string | null = null;
  const undo = new Error('undo');
  try {
    session.db.transaction(() => {
      const secret = openMfaSecret(sessionOwner(session), 'mfa_secret', user.mfaSecretEnc!);
      factor = verifySecondFactor(session.orm, user.id, secret, input.totp!, now);
      throw undo;
    })();
  } catch (err) {
    if (err !== undo) return 'wrong';
  }
  return factor ? 'ok' : 'wrong';
}

class SecondFactorMissing extends Error {}
class SecondFactorFailed extends Error {}

/**
 * After the password: the second factor where enrolled, then moves pending events into the
 * chain, records the sign-in with any abnormal-sign-in signals (and anything an earlier session
 * left unfinished in the keys file), sets what the session may do first (change a temporary
 * password, enrol in MFA), and clears the failure counter. The keys file and vault.pending
 * follow the commit (VaultSession.syncKeysFile), so a crash there loses nothing.
 */
function completeSignIn(
  session: VaultSession,
  paths: VaultPaths,
  input: UnlockInput,
  now: Date,
  mirror: SigninMirror | null,
): void {
  const username = input.username;
  const user = session.orm.select().from(users).where(eq(users.id, session.user.id)).get()!;
  const settings = readSettings(session);
  if (user.mfaSecretEnc && !input.totp) throw new SecondFactorMissing();
  const pending = readPendingEvents(paths, session.deviceSecret, session.vaultId);
  const lastImported = session.getMeta('pending_last_mac');
  const skipUpTo = pending.events.findIndex((e) => e.mac === lastImported);
  const unread = pending.events.slice(skipUpTo + 1);
  // Lines read before were judged then; the ones above them still set the time order.
  const judged = admissiblePendingEvents(pending.events, now);
  const firstUnread = unread[0]?.n ?? Infinity;
  const fresh = judged.accepted.filter((e) => e.n >= firstUnread);
  const refused = judged.refused.filter((r) => r.line >= firstUnread);
  const lost = linesLostFromFile(mirror, pending.events, lastImported, session.deviceSecret, session.vaultId);
  const restored = admissiblePendingEvents(lost, now).accepted;
  const unfinished = session.keysFileDrift();
  session.write(
    (ctx) => {
      if (lost.length > 0) {
        // vault.pending lost lines the keychain's copy still has: they enter the chain from there.
        ctx.audit({
          action: 'audit.pending_tampered',
          outcome: 'failed',
          details: { why: 'lines-missing-from-file', lines: lost.length, restored: restored.length },
        });
        for (const e of restored) importPendingEvent(ctx, e, { restoredFromKeychain: true });
      }
      if (session.seals.acceptedRollback) {
        ctx.audit({ action: 'audit.rollback_accepted', outcome: 'ok', details: session.seals.acceptedRollback });
      }
      for (const e of fresh) importPendingEvent(ctx, e);
      for (const r of refused) {
        ctx.audit({ action: 'audit.pending_tampered', outcome: 'failed', details: { line: r.line, why: r.why } });
      }
      if (pending.brokenAtLine !== null) {
        ctx.audit({ action: 'audit.pending_tampered', outcome: 'failed', details: { line: pending.brokenAtLine } });
      }
      if (unread.length > 0) session.setMeta(ctx, 'pending_last_mac', unread.at(-1)!.mac);
      if (pending.tail) session.setMeta(ctx, KEYS_META.pendingTail, pending.tail);
      let factor: string | null = null;
      if (user.mfaSecretEnc) {
        const secret = openMfaSecret(sessionOwner(session), 'mfa_secret', user.mfaSecretEnc);
        factor = verifySecondFactor(ctx.orm, user.id, secret, input.totp ?? '', now);
        if (!factor) throw new SecondFactorFailed();
      }
      if (unfinished.length > 0) {
        // A crash or a failed update after an earlier commit: what this sign-in now finishes.
        ctx.audit({ action: 'vault.repair', outcome: 'ok', details: { keysFile: unfinished } });
      }
      // The usual two-step sign-in (password, then the code asked for) is not a burst of failures.
      const failures = fresh.filter(
        (e) =>
          e.action === 'auth.signin' &&
          e.outcome === 'failed' &&
          e.username === username &&
          e.details.reason !== 'second_factor_missing',
      ).length;
      recordSignInSignals(ctx, user, settings, now, failures);
      session.restriction = restrictionFor(user, settings, now);
      ctx.audit({
        action: 'auth.signin',
        targetType: 'user',
        targetId: session.user.id,
        details: { secondFactor: factor, restriction: session.restriction },
      });
      session.clearCounterAtCommit(ctx, username);
    },
    { signIn: true },
  );
}

/** A vault.pending line into the chain: in the name it gives, dated when it happened, marked as recorded while locked. */
function importPendingEvent(ctx: WriteContext, e: PendingEvent, extra: Record<string, unknown> = {}): void {
  ctx.audit({
    action: e.action,
    actorId: null,
    actorName: e.username,
    outcome: e.outcome,
    at: e.at,
    details: { ...e.details, recordedWhileLocked: true, workstation: e.workstation, ...extra },
  });
}

/** What a fresh session must do before anything else, if anything. */
export function restrictionFor(
  user: { role: Role; mustChangePassword: boolean; passwordChangedAt: string | null; mfaSecretEnc: Buffer | null },
  settings: Settings,
  now: Date,
): SessionRestriction {
  const maxAgeMs = settings.passwordMaxAgeDays === null ? null : settings.passwordMaxAgeDays * 86_400_000;
  const expired =
    maxAgeMs !== null &&
    user.passwordChangedAt !== null &&
    now.getTime() - Date.parse(user.passwordChangedAt) > maxAgeMs;
  if (user.mustChangePassword || expired) return 'password-change';
  if (settings.mfaRequiredRoles.includes(user.role) && !user.mfaSecretEnc) return 'mfa-enrol';
  return null;
}
