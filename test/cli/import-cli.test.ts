import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { EXIT_CODES } from '../../src/cli/output';
import { createTestVault, tempDir, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { cli, cliKeyStore } from './cli-helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/import/pipeline');
const MARCH = path.join(FIXTURES, 'alipay-march.csv');
const APRIL = path.join(FIXTURES, 'alipay-april.csv');

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let granted = 0;
let other = 0;

function run(staff: Staff, args: string[]) {
  const totp = staff.recoveryCodes?.length ? ['--totp', staff.recoveryCodes.shift()!] : [];
  return cli([...args, '--vault', vault.dir, '--user', staff.username, ...totp], {
    LEDGERVAULT_PASSWORD: staff.password,
  });
}

interface Printed {
  format: string;
  encoding: string | null;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  dryRun: boolean;
  batchId: number | null;
  rejections: { line: number; reasons: string[] }[];
}

async function live(clientId: number) {
  const s = await signIn(vault, manager);
  try {
    return s.orm
      .select({ id: paymentRecords.id })
      .from(paymentRecords)
      .where(and(eq(paymentRecords.clientId, clientId), isNull(paymentRecords.deletedAt)))
      .all().length;
  } finally {
    s.lock();
  }
}

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  vault = await createTestVault({ keyStore: cliKeyStore() });
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'imgr');
  accountant = await addStaff(admin, vault, 'accountant', 'iacc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  const s = await signIn(vault, manager);
  granted = createClient(s, { name: '甲公司' }).id;
  other = createClient(s, { name: '乙公司' }).id;
  setClientGrant(s, { username: 'iacc', clientId: granted, canWrite: true });
  s.lock();
});
afterAll(async () => vault.cleanup());

describe('CLI: import', () => {
  it('--dry-run prints the counts and each rejected line, and writes nothing', async () => {
    const r = run(accountant, ['import', MARCH, '--client', String(granted), '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Printed;
    expect(p).toMatchObject({ format: 'alipay', encoding: 'utf-8', imported: 5, duplicates: 1, rejected: 2 });
    expect(p.dryRun).toBe(true);
    expect(p.rows).toBe(p.imported + p.duplicates + p.rejected + p.skipped);
    expect(p.rejections.map((x) => x.line)).toEqual([14, 15]);
    expect(p.rejections[0]!.reasons[0]).toMatch(/\w/);
    expect(await live(granted)).toBe(0);
    const text = run(accountant, ['import', MARCH, '--client', String(granted), '--dry-run']);
    expect(text.stdout).toMatch(/Rows \d+: to import 5, duplicates 1 \(possible 0\), rejected 2/);
    expect(text.stdout).toMatch(/line 14: rejected: /);
    expect(text.stdout).toMatch(/Dry run: nothing was imported/);
  });

  it('imports, adds nothing the second time, adds the union of an overlapping export; list and undo', async () => {
    const first = JSON.parse(
      run(accountant, ['import', MARCH, '--client', String(granted), '--json']).stdout,
    ) as Printed;
    expect(first).toMatchObject({ imported: 5, dryRun: false });
    expect(first.batchId).toBeGreaterThan(0);
    const again = JSON.parse(
      run(accountant, ['import', MARCH, '--client', String(granted), '--json']).stdout,
    ) as Printed;
    expect(again.imported).toBe(0);
    const april = JSON.parse(
      run(accountant, ['import', APRIL, '--client', String(granted), '--format', 'alipay', '--json']).stdout,
    ) as Printed;
    expect(april.imported).toBe(2);
    expect(await live(granted)).toBe(7);

    const list = run(accountant, ['import', 'list', '--client', String(granted)]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('alipay-april.csv');
    expect(list.stdout).toMatch(/3 import batch/);

    // Another user with the right to delete the client's records undoes it.
    const undo = run(manager, [
      'import',
      'undo',
      '--batch',
      String(april.batchId),
      '--reason',
      '导入了错误的文件',
      '--json',
    ]);
    expect(undo.stderr).toBe('');
    expect(JSON.parse(undo.stdout)).toEqual({ batchId: april.batchId, count: 2 });
    expect(await live(granted)).toBe(5);
    const s = await signIn(vault, manager);
    try {
      const events = s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'records.import')).all();
      expect(events).toHaveLength(3);
      expect(events.map((e) => e.details ?? '').join('\n')).not.toMatch(/LVIMPORT|餐厅|alipay-march/);
      expect(s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'records.importUndo')).all()).toHaveLength(
        1,
      );
    } finally {
      s.lock();
    }
  });

  it('refusals: no grant is E_FORBIDDEN, a missing file, a bad --format and an unreadable file are E_INPUT', async () => {
    const forbidden = run(accountant, ['import', MARCH, '--client', String(other)]);
    expect(forbidden.code).toBe(EXIT_CODES.E_FORBIDDEN);
    expect(await live(other)).toBe(0);
    const missing = run(accountant, ['import', path.join(FIXTURES, 'nope.csv'), '--client', String(granted)]);
    expect(missing.code).toBe(EXIT_CODES.E_INPUT);
    expect(missing.stderr).toMatch(/^E_INPUT: .*no such file/);
    const format = run(accountant, ['import', MARCH, '--client', String(granted), '--format', 'lotus']);
    expect(format.stderr).toMatch(/^E_INPUT: --format is one of auto, alipay, wechat/);
    const junk = path.join(tempDir('lv-import-cli-'), 'junk.txt');
    writeFileSync(junk, 'hello\nworld\n');
    const unreadable = run(accountant, ['import', junk, '--client', String(granted)]);
    expect(unreadable.code).toBe(EXIT_CODES.E_INPUT);
    const noFile = run(accountant, ['import', '--client', String(granted)]);
    expect(noFile.stderr).toMatch(/^E_INPUT: FILE is required/);
  });
  it('saves a column mapping per bank and imports by its name; reasons in the CLI language', async () => {
    const dir = tempDir('lv-import-map-');
    const header = ['记账日', '对方名称', '发生额', '方向', '流水号'];
    const mappingFile = path.join(dir, 'bank.json');
    writeFileSync(
      mappingFile,
      JSON.stringify({
        headerRow: 2,
        date: '记账日',
        counterparty: '对方名称',
        amount: '发生额',
        direction: { column: '方向', in: ['收'], out: ['付'] },
        reference: '流水号',
        header,
      }),
    );
    const saved = run(accountant, ['import', 'mapping-save', '--name', '某某农商银行', '--mapping', mappingFile]);
    expect(saved.stderr).toBe('');
    expect(saved.stdout).toMatch(/Saved mapping \d+ "某某农商银行"/);
    const listed = run(accountant, ['import', 'mappings', '--json']);
    expect((JSON.parse(listed.stdout) as { name: string; header: string[] }[]).map((m) => [m.name, m.header])).toEqual([
      ['某某农商银行', header],
    ]);

    // The next export has a longer preamble and a row whose amount is not one.
    const file = path.join(dir, 'statement.csv');
    writeFileSync(
      file,
      [
        '某某农商银行 对账单',
        '账号 6222***1234',
        '期间 2024-05',
        header.join(','),
        '2024-05-02,丙公司,300.00,收,M1',
        '2024-05-03,丁公司,abc,付,M2',
      ].join('\n'),
    );
    const before = await live(granted);
    const args = ['import', file, '--client', String(granted), '--saved-mapping', '某某农商银行', '--json'];
    const r = run(accountant, args);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout) as Printed;
    expect(p).toMatchObject({ format: 'csv', imported: 1, rejected: 1 });
    expect(p.rejections[0]!.reasons).toEqual(['发生额 "abc" is not an amount.']);
    expect(await live(granted)).toBe(before + 1);

    const zh = cli(
      [
        'import',
        file,
        '--client',
        String(granted),
        '--saved-mapping',
        '某某农商银行',
        '--dry-run',
        '--json',
        '--vault',
        vault.dir,
        '--user',
        accountant.username,
      ],
      { LEDGERVAULT_PASSWORD: accountant.password, LEDGERVAULT_LANG: 'zh-CN' },
    );
    expect((JSON.parse(zh.stdout) as Printed).rejections[0]!.reasons).toEqual(['发生额“abc”不是有效金额。']);

    const unknown = run(accountant, ['import', file, '--client', String(granted), '--saved-mapping', '工商']);
    expect(unknown.code).toBe(EXIT_CODES.E_INPUT);
    expect(unknown.stderr).toMatch(/no saved column mapping named "工商"\. Saved ones: 某某农商银行/);
  });
});
