/**
 * A vault with a manager who may export backups (issue 13: managers export, admins do not),
 * for the backup tests that need a real export: tamper, marker, disk-full, busy and cancel.
 */
import type { KeyStore, VaultSession } from '../../src/core/index';
import { activate, addStaff, adminSession, signIn, type Staff } from './staff';
import { createTestVault, type TestVault } from './test-vault';

export interface BackupVault {
  vault: TestVault;
  admin: Staff;
  manager: Staff;
  /** Signs the manager in (a fresh TOTP step each time). */
  signInManager(): Promise<VaultSession>;
}

export async function backupVault(opts: { keyStore?: KeyStore; manager?: string } = {}): Promise<BackupVault> {
  const vault = await createTestVault({ keyStore: opts.keyStore });
  const first = await adminSession(vault);
  const manager = await addStaff(first.session, vault, 'manager', opts.manager ?? 'backup.mgr');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, manager);
  return { vault, admin: first.admin, manager, signInManager: () => signIn(vault, manager) };
}

/** Audit events with `padding` characters each: a cheap way to make vault.db a few MiB. */
export function padVault(s: VaultSession, n: number, padding: number): void {
  s.write((ctx) => {
    for (let i = 0; i < n; i += 1)
      ctx.audit({ action: 'records.view', details: { page: i, note: 'x'.repeat(padding) } });
  });
}

/** Locks and waits for the lock's keychain anchor, as the tests' sign-ins expect. */
export async function lockFully(s: VaultSession): Promise<void> {
  if (s.isOpen) s.lock();
  await s.anchorsWritten();
}

/** A seeded generator (mulberry32), so a failing offset can be replayed with the printed seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
