import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { cli } from './cli-helpers';

const FULL = '6222029876543210987';
let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let granted = 0;
let other = 0;
const outputs: string[] = [];

function run(staff: Staff, args: string[]) {
  const totp = staff.recoveryCodes?.length ? ['--totp', staff.recoveryCodes.shift()!] : [];
  const r = cli([...args, '--vault', vault.dir, '--user', staff.username, ...totp], {
    LEDGERVAULT_PASSWORD: staff.password,
  });
  outputs.push(r.stdout, r.stderr);
  return r;
}

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'mgr');
  accountant = await addStaff(admin, vault, 'accountant', 'acc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  const s = await signIn(vault, manager);
  granted = createClient(s, { name: '甲公司' }).id;
  other = createClient(s, { name: '乙公司' }).id;
  setClientGrant(s, { username: 'acc', clientId: granted, canWrite: true });
  s.lock();
});
afterAll(async () => vault.cleanup());

describe('CLI: payment records', () => {
  it('record add prints the id; record list --json has the documented fields, masked', () => {
    const add = (extra: string[]) =>
      run(accountant, [
        'record',
        'add',
        '--client',
        String(granted),
        '--date',
        '2024-05-01 09:30',
        '--direction',
        'out',
        ...extra,
      ]);
    const first = add([
      '--amount',
      '¥1,234.56',
      '--counterparty',
      '张三',
      '--account-no',
      FULL,
      '--ref',
      'R1',
      '--memo',
      '房租',
    ]);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toMatch(/^\d+$/);
    expect(add(['--amount', '0.1', '--counterparty', '李四', '--ref', 'R2']).code).toBe(0);
    const dup = add(['--amount', '5', '--counterparty', '王五', '--ref', 'R1']);
    expect(dup.stderr).toMatch(/^E_CONFLICT: .*same reference/);

    const list = run(accountant, ['record', 'list', '--client', String(granted), '--json']);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const k of [
      'id',
      'clientId',
      'accountId',
      'occurredAt',
      'direction',
      'amountMinor',
      'currency',
      'counterparty',
      'counterpartyAccount',
      'reference',
      'status',
    ]) {
      expect(rows[0]).toHaveProperty(k);
    }
    const zhang = rows.find((r) => r.counterparty === '张三')!;
    expect(zhang).toMatchObject({
      amountMinor: 123456,
      currency: 'CNY',
      direction: 'out',
      occurredAt: '2024-05-01T09:30:00+08:00',
      counterpartyAccount: '****0987',
    });
  });

  it('searches by a two-character Chinese name', () => {
    const r = JSON.parse(
      run(accountant, ['record', 'list', '--client', String(granted), '--text', '张三', '--json']).stdout,
    ) as { reference: string }[];
    expect(r.map((x) => x.reference)).toEqual(['R1']);
  });

  it('an accountant without a grant gets E_FORBIDDEN for listing, searching and exporting, and cannot reveal', () => {
    expect(run(accountant, ['record', 'list', '--client', String(other)]).stderr).toMatch(/^E_FORBIDDEN: /);
    expect(run(accountant, ['record', 'list', '--client', String(other), '--text', '张三']).stderr).toMatch(
      /^E_FORBIDDEN: /,
    );
    expect(
      run(accountant, [
        'record',
        'export',
        '--client',
        String(other),
        '--format',
        'csv',
        '--out',
        path.join(path.dirname(vault.dir), 'x.csv'),
      ]).stderr,
    ).toMatch(/^E_FORBIDDEN: /);
    expect(
      run(accountant, ['record', 'list', '--client', String(granted), '--reveal', '--reason', '对账']).stderr,
    ).toMatch(/^E_FORBIDDEN: /);
  });

  it('a manager sees full numbers only with --reveal and a reason; exports are masked unless revealed', () => {
    expect(run(manager, ['record', 'list', '--client', String(granted), '--reveal']).stderr).toMatch(
      /^E_INPUT: .*--reason/,
    );
    const revealed = run(manager, [
      'record',
      'list',
      '--client',
      String(granted),
      '--reveal',
      '--reason',
      '银行对账核对',
      '--json',
    ]);
    expect(revealed.stdout).toContain(FULL);
    const csv = path.join(path.dirname(vault.dir), 'records.csv');
    expect(run(manager, ['record', 'export', '--client', String(granted), '--format', 'csv', '--out', csv]).code).toBe(
      0,
    );
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('****0987');
    expect(text).not.toContain(FULL);
    const xlsx = path.join(path.dirname(vault.dir), 'records.xlsx');
    expect(
      run(manager, [
        'record',
        'export',
        '--client',
        String(granted),
        '--format',
        'xlsx',
        '--out',
        xlsx,
        '--reveal',
        '--reason',
        '税务检查',
      ]).code,
    ).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('no output except the revealed ones ever held the full number, nor did the audit log', () => {
    const withFull = outputs.filter((o) => o.includes(FULL));
    expect(withFull).toHaveLength(1); // the one `record list --reveal --reason` above
    const log = run(manager, ['audit', 'list', '--json']);
    expect(log.stdout).not.toContain(FULL);
    expect(log.stdout).toContain('银行对账核对');
  });
});
