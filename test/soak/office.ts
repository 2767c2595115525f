/**
 * A busy office's day for the soak (issue 16 item 4), driven through the core in one process:
 * staff sign in (20 sessions an hour), add records one by one and by importing a payment export,
 * correct and delete a few, list and search, move a batch between clients, and sign out; a
 * manager seals the audit log every hour and exports the backup once a day. 5,000 records a day.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setClientGrant } from '../../src/core/access/grants';
import { exportBackup } from '../../src/core/backup/backup-export';
import { createClient } from '../../src/core/clients/clients';
import { commitImport } from '../../src/core/import/import-file';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { addRecord, deleteRecord, listRecords, updateRecord } from '../../src/core/records';
import { batchMoveRecords } from '../../src/core/records/batch';
import { updateSettings } from '../../src/core/settings/settings';
import { seeded } from '../helpers/backup-vault';
import { activate, addStaff, adminSession, type Staff } from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';

export interface Office {
  vault: TestVault;
  manager: Staff;
  accountants: Staff[];
  clients: number[];
  backups: string;
}

export interface Counts {
  sessions: number;
  recordsAdded: number;
  imports: number;
  updates: number;
  deletes: number;
  reads: number;
  moves: number;
  seals: number;
  backups: number;
  refusals: number;
}

export const newCounts = (): Counts => ({
  sessions: 0,
  recordsAdded: 0,
  imports: 0,
  updates: 0,
  deletes: 0,
  reads: 0,
  moves: 0,
  seals: 0,
  backups: 0,
  refusals: 0,
});

/** A manager and five accountants (MFA for admins only, as the crash campaign's vault), twelve clients. */
export async function openOffice(root: string): Promise<Office> {
  const vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  updateSettings(admin, { mfaRequiredRoles: ['admin'] });
  const manager = await addStaff(admin, vault, 'manager', 'soakmgr');
  const accountants: Staff[] = [];
  for (let i = 1; i <= 5; i += 1) accountants.push(await addStaff(admin, vault, 'accountant', `soakacc${i}`));
  admin.lock();
  await admin.anchorsWritten();
  for (const s of [manager, ...accountants]) await activate(vault, s);
  const s = await signInAs(vault, manager);
  const clients = Array.from({ length: 12 }, (_, i) => createClient(s, { name: `客户${i + 1}号有限公司` }).id);
  // Each accountant keeps four clients; neighbours share two, so a batch move has somewhere to go.
  accountants.forEach((a, i) => {
    for (let k = 0; k < 4; k += 1)
      setClientGrant(s, { username: a.username, clientId: clients[(i * 2 + k) % clients.length]!, canWrite: true });
  });
  s.lock();
  await s.anchorsWritten();
  const backups = path.join(root, 'backups');
  mkdirSync(backups, { recursive: true });
  return { vault, manager, accountants, clients, backups };
}

export function signInAs(vault: TestVault, staff: Staff): Promise<VaultSession> {
  return unlockVault({ dir: vault.dir, username: staff.username, password: staff.password, keyStore: vault.keyStore });
}

async function lockFully(s: VaultSession): Promise<void> {
  s.lock();
  await s.anchorsWritten();
}

let serial = 0;

/** An Alipay export (the crash campaign's layout) of `rows` new transactions. */
function alipayCsv(rows: number, rng: () => number): Uint8Array {
  const lines = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '起始时间：[2024-04-01 00:00:00]    终止时间：[2024-04-30 23:59:59]',
    '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
  ];
  for (let i = 0; i < rows; i += 1) {
    serial += 1;
    const ref = `2024${String(serial).padStart(18, '0')}`;
    const cents = 100 + Math.floor(rng() * 100_000);
    lines.push(
      `2024-04-${String(1 + (serial % 28)).padStart(2, '0')} 10:00:00,日用百货,对方${serial},,货款${serial},${rng() < 0.5 ? '支出' : '收入'},${(cents / 100).toFixed(2)},余额,交易成功,${ref},,,`,
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

interface Row {
  id: number;
  version: number;
}

function someRecords(s: VaultSession, clientIds: number[], n: number, rng: () => number): Row[] {
  const where = `deleted_at IS NULL AND client_id IN (${clientIds.join(',')})`;
  const total = s.db.prepare(`SELECT count(*) FROM payment_records WHERE ${where}`).pluck().get() as number;
  if (!total) return [];
  return s.db
    .prepare(`SELECT id, version FROM payment_records WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`)
    .all(n, Math.floor(rng() * Math.max(1, total - n))) as Row[];
}

/**
 * One accountant's session: `records` new records (about a third of them by one import), three
 * reads (a list, a page further on, a search), two corrections, a deletion, and now and then a
 * batch move. A refusal (a version another session moved on, say) is counted, not thrown.
 */
export async function staffSession(o: Office, who: Staff, records: number, seed: number, c: Counts): Promise<void> {
  const rng = seeded(seed);
  const index = o.accountants.indexOf(who);
  const mine = [0, 1, 2, 3].map((k) => o.clients[(index * 2 + k) % o.clients.length]!);
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;
  const s = await signInAs(o.vault, who);
  c.sessions += 1;
  const attempt = async (fn: () => unknown) => {
    try {
      await fn();
      return true;
    } catch {
      c.refusals += 1;
      return false;
    }
  };
  try {
    const imported = rng() < 0.35 ? Math.min(records, 20 + Math.floor(rng() * 40)) : 0;
    if (imported) {
      const bytes = alipayCsv(imported, rng);
      if (await attempt(() => commitImport(s, { clientId: pick(mine), bytes, fileName: 'alipay.csv' }))) {
        c.imports += 1;
        c.recordsAdded += imported;
      }
    }
    for (let i = imported; i < records; i += 1) {
      serial += 1;
      const ok = await attempt(() =>
        addRecord(s, {
          clientId: pick(mine),
          occurredAt: `2024-05-${String(1 + (serial % 28)).padStart(2, '0')}`,
          direction: rng() < 0.6 ? 'out' : 'in',
          amount: `${1 + Math.floor(rng() * 99_999)}.${String(Math.floor(rng() * 100)).padStart(2, '0')}`,
          counterparty: `往来单位${serial % 500}`,
          memo: `凭证${serial}`,
        }),
      );
      if (ok) c.recordsAdded += 1;
    }
    for (const query of [{ clientId: pick(mine) }, { clientId: pick(mine), offset: 50 }, { text: '往来单位1' }]) {
      if (await attempt(() => listRecords(s, query))) c.reads += 1;
    }
    for (const r of someRecords(s, mine, 2, rng))
      if (await attempt(() => updateRecord(s, r.id, r.version, { memo: `更正${serial}` }))) c.updates += 1;
    for (const r of someRecords(s, mine, 1, rng))
      if (await attempt(() => deleteRecord(s, r.id, r.version, '重复录入'))) c.deletes += 1;
    if (rng() < 0.25) {
      const from = pick(mine);
      const rows = someRecords(s, [from], 5, rng);
      const to = pick(mine.filter((m) => m !== from));
      if (rows.length && (await attempt(() => batchMoveRecords(s, { items: rows, toClientId: to })))) c.moves += 1;
    }
  } finally {
    await lockFully(s);
  }
}

/** The manager's hourly round: the audit log sealed; at the end of the office's day, the backup too. */
export async function managerRound(o: Office, backup: boolean, c: Counts): Promise<void> {
  const s = await signInAs(o.vault, o.manager);
  c.sessions += 1;
  try {
    if (s.sealAudit('daily')) c.seals += 1;
    if (backup) {
      await exportBackup(s, o.backups, { appVersion: '1.0.0' });
      c.backups += 1;
    }
  } finally {
    await lockFully(s);
  }
}
