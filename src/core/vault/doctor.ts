import { verifyAuditChain } from '../audit/audit-chain';
import { LedgerVaultError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { checkDatabaseIntegrity } from './database';
import { hasValidDeviceMac, readKeysFile } from './keys-file';
import { vaultPaths } from './paths';
import { unlockVault } from './unlock-vault';

export type DoctorCheckId = 'keys-file' | 'keychain' | 'sign-in' | 'database' | 'audit-chain';

export interface DoctorCheck {
  id: DoctorCheckId;
  ok: boolean;
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  vaultId: string | null;
  checks: DoctorCheck[];
}

function describe(err: unknown): string {
  return err instanceof LedgerVaultError ? `${err.code}: ${err.detail}` : String(err);
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
    checks.push({ id: 'keys-file', ok: false, detail: describe(err) });
    return done(null);
  }
  try {
    const secret = await input.keyStore.get(keys.vaultId);
    if (!secret) {
      checks.push({ id: 'keychain', ok: false, detail: 'E_KEYCHAIN: no device secret for this vault in the keychain (locked, unavailable or lost); use the recovery key.' });
      return done(keys.vaultId);
    }
    const authentic = hasValidDeviceMac(keys, secret);
    checks.push({
      id: 'keychain',
      ok: authentic,
      detail: authentic ? 'device secret present and matches the keys file' : 'E_INTEGRITY: the keys file does not match this workstation\'s device secret',
    });
    if (!authentic) return done(keys.vaultId);
  } catch (err) {
    checks.push({ id: 'keychain', ok: false, detail: describe(err) });
    return done(keys.vaultId);
  }
  let session;
  try {
    session = await unlockVault({ ...input, mode: 'inspect' });
    checks.push({ id: 'sign-in', ok: true, detail: `signed in as ${session.user.username} (${session.user.role})` });
  } catch (err) {
    checks.push({ id: 'sign-in', ok: false, detail: describe(err) });
    return done(keys.vaultId);
  }
  try {
    const problems = checkDatabaseIntegrity(session.db, true);
    checks.push({
      id: 'database',
      ok: problems.length === 0,
      detail: problems.length === 0 ? 'integrity_check ok, foreign keys ok' : problems.slice(0, 5).join('; '),
    });
    const current = readKeysFile(paths);
    const chain = verifyAuditChain(session.db, session.auditKey, current.auditHead);
    checks.push({
      id: 'audit-chain',
      ok: chain.ok,
      detail: chain.ok
        ? `${chain.checked} events verified, head ${chain.head.seq}`
        : `broken at event ${chain.firstBadSeq} (${chain.kind}); ${chain.checked} events verified before it`,
    });
    const report = done(keys.vaultId);
    if (!session.integrityAlarm) {
      session.write((ctx) =>
        ctx.audit({ action: 'vault.doctor', outcome: report.ok ? 'ok' : 'failed', details: { checks: report.checks.map((c) => ({ id: c.id, ok: c.ok })) } }),
      );
    }
    return report;
  } finally {
    session.lock();
  }
}
