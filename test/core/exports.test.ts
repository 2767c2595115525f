import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents } from '../../src/core/db/schema';
import { exportAuditCsv, exportAuditJsonl } from '../../src/core/audit/audit-log';
import { verifyAuditExport } from '../../src/core/audit/verify-export';
import { exportRecords } from '../../src/core/records/export-records';
import { addRecord, listRecords } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { exportToMemory, memorySave } from '../helpers/exports';

const FULL_ACCOUNT = '6222021234567890123';
let vault: TestVault;
let manager: Staff;
let admin: Staff;
let clientId = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

/** Export and reveal events, oldest first: what an auditor would find about data leaving the vault. */
function exportEvents(s: VaultSession) {
  return s.orm
    .select()
    .from(auditEvents)
    .all()
    .filter((e) => ['records.export', 'records.reveal', 'audit.export'].includes(e.action))
    .map((e) => ({ action: e.action, outcome: e.outcome, details: JSON.parse(e.details) as Record<string, unknown> }));
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  manager = await addStaff(first.session, vault, 'manager', 'mgr');
  first.session.lock();
  await activate(vault, manager);
  await as(manager, (s) => {
    clientId = createClient(s, { name: '甲公司' }).id;
    for (const [i, amount] of ['12.00', '30.50', '7.25'].entries()) {
      // A list between entries, so the create events are not neighbours in the chain.
      listRecords(s, { clientId });
      addRecord(s, {
        clientId,
        occurredAt: `2024-03-0${i + 1} 10:00`,
        direction: 'out',
        amount,
        counterparty: '某某公司',
        counterpartyAccount: FULL_ACCOUNT,
        reference: `T${i}`,
      });
    }
  });
});
afterAll(async () => vault.cleanup());

describe('exports are audited only once the file is saved', () => {
  it('a cancelled save dialog leaves no export and no reveal event', async () => {
    await as(manager, async (s) => {
      const before = exportEvents(s).length;
      const cancelled = memorySave('cancelled');
      const result = await exportRecords(
        s,
        { clientId },
        { format: 'csv', reveal: { reason: '税务稽查需要' }, save: cancelled.save },
      );
      expect(result).toBeNull();
      expect(exportEvents(s)).toHaveLength(before);
      expect(await exportAuditCsv(s, {}, cancelled.save)).toBeNull();
      expect(await exportAuditJsonl(s, {}, cancelled.save)).toBeNull();
      expect(exportEvents(s)).toHaveLength(before);
    });
  });

  it('a failed write throws and leaves no event that claims an export', async () => {
    await as(manager, async (s) => {
      const before = exportEvents(s).length;
      const failing = memorySave('fails');
      await expect(
        exportRecords(s, { clientId }, { format: 'xlsx', reveal: { reason: '税务稽查需要' }, save: failing.save }),
      ).rejects.toThrow(/EACCES/);
      await expect(exportAuditCsv(s, {}, failing.save)).rejects.toThrow(/EACCES/);
      await expect(exportAuditJsonl(s, {}, failing.save)).rejects.toThrow(/EACCES/);
      expect(exportEvents(s)).toHaveLength(before);
    });
  });

  it('a saved export is audited with where it went; a revealed one also records the reveal', async () => {
    await as(manager, async (s) => {
      const before = exportEvents(s).length;
      const ok = memorySave();
      const saved = await exportRecords(
        s,
        { clientId },
        { format: 'csv', reveal: { reason: '税务稽查需要' }, save: ok.save },
      );
      expect(ok.files[0]!.name).toMatch(/^甲公司-截至\d{8}-支付记录\.csv$/);
      expect(ok.files[0]!.bytes.toString('utf8')).toContain(FULL_ACCOUNT);
      expect(saved).toEqual({ path: `/exports/${ok.files[0]!.name}`, bytes: ok.files[0]!.bytes.length, rows: 3 });
      expect(exportEvents(s).slice(before)).toEqual([
        {
          action: 'records.reveal',
          outcome: 'ok',
          details: expect.objectContaining({ reason: '税务稽查需要', rows: 3 }),
        },
        {
          action: 'records.export',
          outcome: 'ok',
          // Where it went, with the client's name (sealed under its key) replaced by its number.
          details: expect.objectContaining({
            rows: 3,
            revealed: true,
            path: saved!.path.replace('甲公司', `#${clientId}`),
          }),
        },
      ]);
      expect(JSON.stringify(exportEvents(s))).not.toContain('甲公司');
    });
  });

  it('when the event cannot be written after the save, the saved file is discarded', async () => {
    await as(manager, async (s) => {
      let discarded = '';
      await expectCode(
        exportRecords(
          s,
          { clientId },
          {
            format: 'csv',
            save: (name) => {
              s.lock(); // the idle lock struck while the save dialog was open
              return Promise.resolve({ path: `/exports/${name}`, discard: () => void (discarded = name) });
            },
          },
        ),
        'E_VAULT_LOCKED',
      );
      expect(discarded).toMatch(/^甲公司-.*-支付记录\.csv$/);
    });
  });
});

describe('the signed JSON-lines audit export', () => {
  it('honours its filter, says so in the signed head, and still verifies offline', async () => {
    await as(admin, async (s) => {
      const all = s.orm.select().from(auditEvents).all();
      const creates = all.filter((e) => e.action === 'records.create').map((e) => e.seq);
      expect(creates).toHaveLength(3);
      expect(creates[1]! - creates[0]!).toBeGreaterThan(1);
      const { save, files } = memorySave();
      const saved = await exportAuditJsonl(s, { action: 'records.create' }, save);
      const text = files[0]!.bytes.toString('utf8');
      const lines = text.trim().split('\n');
      const events = lines.slice(0, -1).map((l) => JSON.parse(l) as { seq: number; action: string });
      expect(events.map((e) => e.seq)).toEqual(creates);
      const head = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
      expect(head).toMatchObject({ type: 'head', count: 3, filter: { action: 'records.create' } });
      expect(String(head.note)).toMatch(/only the events matching/);
      expect(saved!.rows).toBe(3);

      const check = verifyAuditExport(text);
      expect(check).toMatchObject({ ok: true, count: 3, filter: { action: 'records.create' } });

      // Dropping a matching event, or the filter from the head, does not verify.
      expect(verifyAuditExport([lines[0], lines[2], lines[3]].join('\n')).ok).toBe(false);
      const unfiltered = JSON.stringify({ ...head, filter: null });
      expect(verifyAuditExport([...lines.slice(0, -1), unfiltered].join('\n')).problem?.reason).toBe('sequence_gap');

      const logged = s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'audit.export')).all().at(-1)!;
      expect(JSON.parse(logged.details)).toMatchObject({ format: 'jsonl', filter: { action: 'records.create' } });
    });
  });

  it('an unfiltered export is a contiguous range, and a removed line is caught', async () => {
    await as(admin, async (s) => {
      const { save, files } = memorySave();
      await exportAuditJsonl(s, { fromSeq: 2, toSeq: 6 }, save);
      const lines = files[0]!.bytes.toString('utf8').trim().split('\n');
      expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 3, 4, 5, 6]);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ filter: null, fromSeq: 2, toSeq: 6 });
      expect(JSON.parse(lines.at(-1)!)).not.toHaveProperty('note');
      expect(verifyAuditExport(lines.join('\n'))).toMatchObject({ ok: true, filter: null });
      expect(verifyAuditExport([lines[0], ...lines.slice(2)].join('\n')).ok).toBe(false);
    });
  });
});

describe('CSV dates', () => {
  it('show Beijing time, and a record entered without a time shows its date alone', async () => {
    await as(manager, async (s) => {
      addRecord(s, { clientId, occurredAt: '2024-03-09', direction: 'in', amount: '1.00', counterparty: '日期无时间' });
      const { bytes } = await exportToMemory(s, { clientId }, { format: 'csv' });
      const lines = bytes.toString('utf8').split(/\r?\n/);
      const dateOnly = lines.find((l) => l.includes('日期无时间'))!;
      expect(dateOnly).toContain(',2024-03-09,');
      expect(dateOnly).not.toMatch(/2024-03-09[ T]00:00/);
      expect(lines.find((l) => l.includes(',T0,') || l.includes('T0'))).toContain('2024-03-01 10:00:00');
    });
  });
});
