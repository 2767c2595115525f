/**
 * The full-disk campaign's vault (issue 16 item 2): on a tmpfs of its own (the vault disk), with
 * a second small tmpfs for export and backup targets (the target disk). An admin (MFA), a manager
 * without a second factor (so doctor and the campaign sign in without a clock), one client with
 * records. `committed` counts the records the campaign saw committed: every one must survive.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { createClient } from '../../src/core/clients/clients';
import { paymentRecords } from '../../src/core/db/schema';
import { ARGON2_FLOOR, createVault, doctorVault, unlockVault, type VaultSession } from '../../src/core/index';
import { addRecord } from '../../src/core/records/index';
import { updateSettings } from '../../src/core/settings/settings';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { LedgerVaultError } from '../../src/core/errors';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { ADMIN, ADMIN_PASSWORD, type TestVault } from '../helpers/test-vault';
import { smallDisk, type SmallDisk } from './small-disk';

export interface Fixture {
  vaultDisk: SmallDisk;
  targetDisk: SmallDisk;
  vault: TestVault;
  admin: Staff;
  manager: Staff;
  clientId: number;
  /** The manager's session, or null while a case has it locked. */
  session: VaultSession | null;
  committed: number;
}

/** A vault disk of this many MiB: the vault, its WAL (up to ~4 MiB before a checkpoint) and room to grow. */
const VAULT_DISK_MB = 24;
const TARGET_DISK_MB = 8;

export async function setUpFixture(): Promise<Fixture> {
  const vaultDisk = smallDisk(VAULT_DISK_MB);
  let targetDisk: SmallDisk | null = null;
  try {
    targetDisk = smallDisk(TARGET_DISK_MB);
    const dir = path.join(vaultDisk.root, 'vault');
    const keyStore = new MemoryKeyStore();
    const created = await createVault({
      dir,
      adminUsername: ADMIN,
      adminPassword: ADMIN_PASSWORD,
      keyStore,
      kdf: ARGON2_FLOOR,
    });
    const vault: TestVault = {
      dir,
      vaultId: created.vaultId,
      recoveryKey: created.recoveryKey,
      keyStore,
      unlock: (username = ADMIN, password = ADMIN_PASSWORD) => unlockVault({ dir, username, password, keyStore }),
      cleanup: async () => {},
    };
    const { session: a, admin } = await adminSession(vault);
    updateSettings(a, { mfaRequiredRoles: ['admin'] });
    const manager = await addStaff(a, vault, 'manager', 'disk.mgr');
    a.lock();
    await a.anchorsWritten();
    await activate(vault, manager);
    const session = await signIn(vault, manager);
    const clientId = createClient(session, { name: '满盘测试有限公司' }).id;
    const fx: Fixture = { vaultDisk, targetDisk, vault, admin, manager, clientId, session, committed: 0 };
    for (let i = 0; i < 20; i += 1) addOne(fx, `before-${i}`);
    for (const d of ['exports', 'backups']) mkdirSync(path.join(targetDisk.root, d));
    return fx;
  } catch (err) {
    targetDisk?.unmount();
    vaultDisk.unmount();
    throw err;
  }
}

export async function tearDownFixture(fx: Fixture | null): Promise<void> {
  if (!fx) return;
  try {
    await lockSession(fx);
  } finally {
    fx.targetDisk.unmount();
    fx.vaultDisk.unmount();
  }
}

export function session(fx: Fixture): VaultSession {
  if (!fx.session) throw new Error('the campaign lost its session');
  return fx.session;
}

/** One record through the app's own path (checked, audited, indexed); counted once committed. */
export function addOne(fx: Fixture, memo: string): void {
  addRecord(session(fx), {
    clientId: fx.clientId,
    occurredAt: '2024-03-01 10:00',
    direction: 'out',
    amount: '12.34',
    counterparty: '房东',
    memo,
    allowDuplicate: true,
  });
  fx.committed += 1;
}

export function liveRecords(s: VaultSession, clientId: number): number {
  return s.orm
    .select({ id: paymentRecords.id })
    .from(paymentRecords)
    .where(and(eq(paymentRecords.clientId, clientId), isNull(paymentRecords.deletedAt)))
    .all().length;
}

export async function lockSession(fx: Fixture): Promise<void> {
  const s = fx.session;
  fx.session = null;
  if (s?.isOpen) s.lock();
  await s?.anchorsWritten();
}

export async function signInManager(fx: Fixture): Promise<VaultSession> {
  fx.session = await signIn(fx.vault, fx.manager);
  return fx.session;
}

/**
 * What the campaign expects of the vault at any point: every committed record, SQLite's integrity
 * check, and (with `audit`) an audit chain that verifies: a verify writes its own event, so on a
 * full disk it is refused like any other look, and only the first two can be checked there.
 */
export function vaultProblems(fx: Fixture, s: VaultSession, opts: { audit?: boolean } = {}): string[] {
  const problems: string[] = [];
  const records = liveRecords(s, fx.clientId);
  if (records !== fx.committed) problems.push(`${fx.committed} records committed, ${records} in the vault`);
  const audit = opts.audit === false ? { ok: true as const } : verifyAudit(s);
  if (!audit.ok) problems.push(`audit verify: ${audit.kind} at ${audit.firstBadSeq}: ${audit.reason ?? ''}`);
  const integrity = s.db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  return problems;
}

/** Signed out and in again (nothing held in memory), then doctor: the vault as the next person finds it. */
export async function reopenProblems(fx: Fixture): Promise<string[]> {
  await lockSession(fx);
  const s = await signInManager(fx);
  const problems = vaultProblems(fx, s);
  await lockSession(fx);
  const doctor = await doctorVault({
    dir: fx.vault.dir,
    username: fx.manager.username,
    password: fx.manager.password,
    keyStore: fx.vault.keyStore,
  });
  for (const c of doctor.checks.filter((c) => !c.ok)) problems.push(`doctor ${c.id}: ${c.detail}`);
  await signInManager(fx);
  return problems;
}

/** A file's bytes, or null when it is not there. */
export function bytesOf(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** Files in `dir` a failed write may have left: temp copies, partials, lock files. */
export function leftovers(dir: string, keep: readonly string[]): string[] {
  return readdirSync(dir).filter((n) => !keep.includes(n));
}

export { LedgerVaultError };
