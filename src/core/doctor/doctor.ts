import { verifyAuditChain } from '../audit/audit-verify';
import type { ErrorCode } from '../../shared/errors';
import { KEYCHAIN_HINT, LedgerVaultError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { checkDatabaseIntegrity } from '../vault/database';
import { hasValidDeviceMac, readKeysFile } from '../vault/keys-file';
import { vaultPaths } from '../vault/paths';
import { recordLockedEvent, unlockVault } from '../auth/unlock-vault';
import { sealContextOf, userNames } from '../audit/audit-log';
import { sessionDetailsOpener } from '../audit/legacy-details';
import type { VaultSession } from '../vault/session';

export type DoctorCheckId =
  'keys-file' | 'keychain' | 'sign-in' | 'keys-match' | 'audit-anchor' | 'certificates' | 'database' | 'audit-chain';

export interface DoctorCheck {
  id: DoctorCheckId;
  ok: boolean;
  /** The error code a failed check amounts to. */
  code?: ErrorCode;
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  vaultId: string | null;
  checks: DoctorCheck[];
}

/**
 * What a normal sign-in would have refused (open-session.ts): a keys file older than the
 * database allows, or an audit head the database does not have. Doctor signs in to inspect, so
 * it must say so itself; before, it passed every check on a keys file sign-in refused.
 */
function keysMatchCheck(session: VaultSession): DoctorCheck {
  const alarm = session.integrityAlarm;
  // A certificate problem is the certificates check's to report, a rollback the anchor check's.
  if (alarm && alarm !== session.trustProblem && alarm !== session.seals.rollbackFinding?.detail)
    return { id: 'keys-match', ok: false, code: 'E_INTEGRITY', detail: alarm };
  return { id: 'keys-match', ok: true, detail: 'the keys file and the database agree (keys generation, audit head)' };
}

/** Build 4 of issue 12: the folder is not older than the newest seal this workstation's keychain holds. */
function anchorCheck(session: VaultSession): DoctorCheck {
  const finding = session.seals.rollbackFinding;
  if (finding) return { id: 'audit-anchor', ok: false, code: 'E_INTEGRITY', detail: finding.detail };
  const anchor = session.seals.anchorAtUnlock;
  return {
    id: 'audit-anchor',
    ok: true,
    detail: anchor
      ? `the folder holds the keychain's newest seal (${anchor.sealId}, event ${anchor.lastSeq}, ${anchor.sealedAt})`
      : 'no audit anchor in this keychain yet (a new workstation, or the first sign-in since the update)',
  };
}

function failed(id: DoctorCheckId, err: unknown): DoctorCheck {
  return err instanceof LedgerVaultError
    ? { id, ok: false, code: err.code, detail: err.detail }
    : { id, ok: false, code: 'E_INTERNAL', detail: String(err) };
}

/** Version 2: every certificate chains to the root the user's keyslot pins, and every grant is signed. */
function certificatesCheck(session: VaultSession, version: number): DoctorCheck {
  if (version === 1) {
    return {
      id: 'certificates',
      ok: true,
      detail: 'version 1 vault: no certificates yet (an admin sign-in upgrades it)',
    };
  }
  if (session.trustProblem || !session.trust) {
    return { id: 'certificates', ok: false, code: 'E_INTEGRITY', detail: session.trustProblem ?? 'not checked' };
  }
  const staff = session.trust.all().length;
  return {
    id: 'certificates',
    ok: true,
    detail: `${staff} certificates chain to the root ${session.rootFingerprint?.slice(0, 16) ?? ''}…; grants signed; this user holds ${session.keyRing.size} client keys`,
  };
}

/**
 * Checks what a vault needs to open and to be trusted: the keys file, this workstation's
 * keychain entry, the user's sign-in, the database's integrity and the whole audit chain.
 * Every check runs that can; ok only when all hold.
 */
export async function doctorVault(input: {
  dir: string;
  username: string;
  password: string;
  /** The TOTP or a recovery code, as at any sign-in (admins and managers must have one). */
  totp?: string;
  keyStore: KeyStore;
  migrationsDir?: string;
}): Promise<DoctorReport> {
  const paths = vaultPaths(input.dir);
  const checks: DoctorCheck[] = [];
  const done = (vaultId: string | null): DoctorReport => ({ ok: checks.every((c) => c.ok), vaultId, checks });

  let keys;
  try {
    keys = readKeysFile(paths);
    checks.push({ id: 'keys-file', ok: true, detail: `vault ${keys.vaultId}, ${keys.slots.length} keyslots` });
  } catch (err) {
    checks.push(failed('keys-file', err));
    return done(null);
  }
  try {
    const secret = await input.keyStore.get(keys.vaultId);
    if (!secret) {
      checks.push({
        id: 'keychain',
        ok: false,
        code: 'E_KEYCHAIN',
        detail: `No device secret for this vault in the keychain. ${KEYCHAIN_HINT}`,
      });
      return done(keys.vaultId);
    }
    const authentic = hasValidDeviceMac(keys, secret);
    checks.push({
      id: 'keychain',
      ok: authentic,
      ...(authentic ? {} : { code: 'E_INTEGRITY' as const }),
      detail: authentic
        ? 'device secret present and matches the keys file'
        : "the keys file does not match this workstation's device secret",
    });
    if (!authentic) return done(keys.vaultId);
  } catch (err) {
    checks.push(failed('keychain', err));
    return done(keys.vaultId);
  }
  let session;
  try {
    session = await unlockVault({ ...input, mode: 'inspect' });
    checks.push({ id: 'sign-in', ok: true, detail: `signed in as ${session.user.username} (${session.user.role})` });
  } catch (err) {
    checks.push(failed('sign-in', err));
    return done(keys.vaultId);
  }
  try {
    checks.push(keysMatchCheck(session));
    checks.push(anchorCheck(session));
    checks.push(certificatesCheck(session, keys.version));
    const problems = checkDatabaseIntegrity(session.db, true);
    checks.push({
      id: 'database',
      ok: problems.length === 0,
      ...(problems.length === 0 ? {} : { code: 'E_INTEGRITY' as const }),
      detail: problems.length === 0 ? 'integrity_check ok, foreign keys ok' : problems.slice(0, 5).join('; '),
    });
    const current = readKeysFile(paths);
    const chain = verifyAuditChain(
      session.db,
      session.auditKey,
      current.auditHead,
      sessionDetailsOpener(session),
      sealContextOf(session),
      userNames(session),
    );
    checks.push({
      id: 'audit-chain',
      ok: chain.ok,
      ...(chain.ok ? {} : { code: 'E_INTEGRITY' as const }),
      detail: chain.ok
        ? `${chain.checked} events verified, head ${chain.head.seq}`
        : `broken at event ${chain.firstBadSeq} (${chain.kind}): ${chain.reason ?? ''}${chain.contradicts ? ` It contradicts ${chain.contradicts.text}.` : ''} ${chain.checked} events verified before it.`,
    });
    const report = done(keys.vaultId);
    const details = { checks: report.checks.map((c) => ({ id: c.id, ok: c.ok })) };
    if (!session.integrityAlarm) {
      session.write((ctx) => ctx.audit({ action: 'vault.doctor', outcome: report.ok ? 'ok' : 'failed', details }));
    } else {
      // The database takes no writes while an alarm stands, but the run is still recorded: in
      // vault.pending (and the keychain's copy of it), moved into the chain at the next unlock.
      await recordLockedEvent(paths, input.keyStore, session.deviceSecret, keys.vaultId, {
        username: session.user.username,
        action: 'vault.doctor',
        outcome: 'failed',
        details,
      });
    }
    return report;
  } finally {
    session.lock();
    await session.anchorsWritten();
  }
}
