/**
 * Column mappings saved per bank (issue 14): an accountant maps an unknown layout once; the
 * bank's next export, with its header a few lines further down, is read by the saved mapping
 * (the reader finds the header by its names); saving checks the columns, replaces by name, is
 * audited, and is refused to a role that may not import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { importMappings } from '../../src/core/db/import-schema';
import { genericReader } from '../../src/core/import/bank/generic';
import { readImport } from '../../src/core/import/detect';
import {
  deleteMapping,
  listMappings,
  mappingNamed,
  mappingsFor,
  saveMapping,
} from '../../src/core/import/import-mappings';
import type { VaultSession } from '../../src/core/index';
import { inputMessage } from '../../src/shared/messages';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/** A call's refusal as a promise, for expectCode (the mapping calls are synchronous). */
const attempt = (fn: () => unknown) => Promise.resolve().then(fn);

let vault: TestVault;
let accountant: Staff;
let auditor: Staff;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

/** The importer's readers with the generic one reading by this mapping, as a mapped import does. */
const byMapping = (mapping: unknown) => ({ table: [genericReader(mapping as never)], text: [] });

const HEADER = ['记账日', '对方名称', '发生额', '方向', '流水号'];
/** A bank layout no profile knows: a preamble of `preamble` lines, then the header and rows. */
function export_(preamble: number, rows: string[][]): Uint8Array {
  const lines = [
    ...Array.from({ length: preamble }, (_, i) => `某某农商银行对账单 第${i + 1}行说明`),
    HEADER.join(','),
    ...rows.map((r) => r.join(',')),
  ];
  return new TextEncoder().encode(lines.join('\n'));
}

const MAPPING = {
  headerRow: 3,
  date: '记账日',
  counterparty: '对方名称',
  amount: '发生额',
  direction: { column: '方向', in: ['收'], out: ['付'] },
  reference: '流水号',
};

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  accountant = await addStaff(admin, vault, 'accountant', 'macc');
  auditor = await addStaff(admin, vault, 'auditor', 'maud');
  admin.lock();
  await activate(vault, accountant);
  await activate(vault, auditor);
});
afterAll(() => vault?.cleanup());

describe('saved column mappings', () => {
  it("reads the bank's next export by the saved mapping though its header moved down", async () => {
    const saved = await as(accountant, (s) =>
      saveMapping(s, { name: '某某农商银行', mapping: MAPPING, header: HEADER }),
    );
    expect(saved.header).toEqual(HEADER);

    // Two lines more of preamble: headerRow 3 would be wrong, the header's names are not.
    const later = export_(4, [
      ['2024-05-02', '甲公司', '"1,200.50"', '收', 'L001'],
      ['2024-05-03', '乙公司', '80.00', '付', 'L002'],
    ]);
    const read = await readImport(later, { format: 'csv', registry: byMapping(saved.mapping) });
    const records = read.rows.filter((r) => r.kind === 'record');
    expect(records.map((r) => r.kind === 'record' && [r.line, r.record.direction, r.record.amount])).toEqual([
      [6, 'in', '1200.50'],
      [7, 'out', '80.00'],
    ]);

    // The same layout is recognised from the first rows the wizard shows.
    const rows = [
      { line: 1, cells: ['说明'] },
      { line: 5, cells: [' 记账日 ', '对方名称', '发生额', '方向', '流水号', ''] },
    ];
    const found = await as(accountant, (s) => mappingsFor(s, { rows }));
    expect(found.map((f) => [f.name, f.headerRow])).toEqual([['某某农商银行', 5]]);
    expect(await as(accountant, (s) => mappingsFor(s, { rows: [{ line: 1, cells: ['日期', '金额'] }] }))).toEqual([]);

    const events = await as(accountant, (s) =>
      s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'import.mappingSave')).all(),
    );
    expect(events).toHaveLength(1);
  });

  it("refuses every row, in the user's words, when a saved header is not in the file", async () => {
    const saved = await as(accountant, (s) => mappingNamed(s, '某某农商银行'));
    const other = new TextEncoder().encode('日期,金额,对方\n2024-01-01,1.00,甲\n');
    const read = await readImport(other, { format: 'csv', registry: byMapping(saved.mapping) });
    expect(read.rows.every((r) => r.kind === 'rejected')).toBe(true);
    const first = read.rows[0]!;
    expect(first.kind === 'rejected' && inputMessage(first.why.key, 'zh-CN', first.why.params)).toMatch(
      /^文件前面的行中找不到所保存映射的表头行（记账日、对方名称/,
    );
  });

  it('checks the columns, replaces by name, and deletes with an audit event', async () => {
    await as(accountant, async (s) => {
      const before = listMappings(s).length;
      await expectCode(
        attempt(() =>
          saveMapping(s, { name: '坏映射', mapping: { ...MAPPING, counterparty: '户名' }, header: HEADER }),
        ),
        'E_INPUT',
      );
      await expectCode(
        attempt(() => saveMapping(s, { name: '坏映射', mapping: { headerRow: 1 }, header: HEADER })),
        'E_INPUT',
      );
      expect(listMappings(s)).toHaveLength(before);

      const again = saveMapping(s, {
        name: '某某农商银行',
        mapping: { ...MAPPING, reference: undefined },
        header: HEADER,
      });
      expect(listMappings(s)).toHaveLength(before);
      expect(again.mapping).not.toHaveProperty('reference');

      deleteMapping(s, again.id);
      expect(listMappings(s)).toHaveLength(before - 1);
      const last = s.orm.select().from(auditEvents).orderBy(desc(auditEvents.seq)).get();
      expect(last).toMatchObject({ action: 'import.mappingDelete', targetId: String(again.id) });
      await expectCode(
        attempt(() => deleteMapping(s, again.id)),
        'E_NOT_FOUND',
      );
    });
  });

  it('is refused, and the refusal audited, for a role that may not import', async () => {
    await as(auditor, async (s) => {
      await expectCode(
        attempt(() => saveMapping(s, { name: '审计员', mapping: MAPPING, header: HEADER })),
        'E_FORBIDDEN',
      );
      await expectCode(
        attempt(() => listMappings(s)),
        'E_FORBIDDEN',
      );
      expect(s.orm.select().from(importMappings).where(eq(importMappings.name, '审计员')).all()).toEqual([]);
      const last = s.orm.select().from(auditEvents).orderBy(desc(auditEvents.seq)).get();
      expect(last).toMatchObject({ action: 'records.import', outcome: 'denied' });
    });
  });
});
