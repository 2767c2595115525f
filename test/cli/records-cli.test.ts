import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents } from '../../src/core/db/schema';
import { addRecord } from '../../src/core/records/index';
import { EXIT_CODES } from '../../src/cli/output';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { cli, cliKeyStore } from './cli-helpers';

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
  // The CLI under test reads the device secret from the keychain, so not the in-memory default.
  vault = await createTestVault({ keyStore: cliKeyStore() });
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
    const { rows } = JSON.parse(list.stdout) as { rows: Record<string, unknown>[] };
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
    ) as { rows: { reference: string }[] };
    expect(r.rows.map((x) => x.reference)).toEqual(['R1']);
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

describe('CLI: pages and export files', () => {
  let many = 0;
  const exportTo = (out: string, extra: string[] = []) =>
    run(accountant, ['record', 'export', '--client', String(granted), '--format', 'csv', '--out', out, ...extra]);
  const exportEvents = async () => {
    const s = await signIn(vault, manager);
    try {
      return s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'records.export')).all();
    } finally {
      s.lock();
    }
  };

  beforeAll(async () => {
    const s = await signIn(vault, manager);
    many = createClient(s, { name: '丙公司' }).id;
    setClientGrant(s, { username: 'acc', clientId: many, canWrite: true });
    for (let i = 0; i < 105; i += 1)
      addRecord(s, {
        clientId: many,
        occurredAt: `2024-06-01 10:${String(i % 60).padStart(2, '0')}`,
        direction: 'in',
        amount: '1.00',
        counterparty: `客户${i}`,
        reference: `P${i}`,
      });
    s.lock();
  });

  it('record list shows one page, says which rows of how many and where the next page starts', () => {
    const list = (extra: string[]) => run(accountant, ['record', 'list', '--client', String(many), ...extra]);
    const first = list([]);
    expect(first.stdout.trim().split('\n')).toHaveLength(101);
    expect(first.stdout).toMatch(
      /\nRecords 1-100 of 105 \(all 105: in 105\.00, out 0\.00\)\. Next page: --offset 100\n$/,
    );
    const last = list(['--offset', '100']);
    expect(last.stdout.trim().split('\n')).toHaveLength(6);
    expect(last.stdout).toMatch(/\nRecords 101-105 of 105 \(all 105: .*\)\.\n$/);
    const page = JSON.parse(list(['--limit', '2', '--offset', '3', '--json']).stdout) as {
      total: number;
      offset: number;
      limit: number;
      rows: { reference: string }[];
    };
    expect(page).toMatchObject({ total: 105, offset: 3, limit: 2 });
    expect(page.rows).toHaveLength(2);
    expect(list(['--limit', '1001']).stderr).toMatch(/^E_INPUT: --limit: /);
    expect(list(['--limit', '0']).stderr).toMatch(/^E_INPUT: --limit: /);
    expect(list(['--offset', '200']).stdout).toMatch(/^No records at offset 200 of 105/);
  });

  it('record export refuses --out inside the vault folder, however the path is spelled', () => {
    const root = path.dirname(vault.dir);
    const keysFile = path.join(vault.dir, 'vault.keys');
    const keys = readFileSync(keysFile);
    symlinkSync(vault.dir, path.join(root, 'link-to-vault'));
    symlinkSync(keysFile, path.join(root, 'keys.csv'));
    mkdirSync(path.join(root, 'elsewhere'));
    for (const out of [
      keysFile,
      path.join(vault.dir, 'export.csv'),
      path.relative(process.cwd(), keysFile),
      `${root}/elsewhere/../${path.basename(vault.dir)}/vault.keys`,
      path.join(root, 'link-to-vault', 'vault.keys'),
      path.join(root, 'keys.csv'),
      vault.dir,
    ]) {
      const r = exportTo(out, ['--force']);
      expect(r.stderr).toMatch(/^E_INPUT: --out .* is inside the vault folder/);
    }
    expect(readFileSync(keysFile)).toEqual(keys);
    expect(existsSync(path.join(vault.dir, 'export.csv'))).toBe(false);
  });

  it('never replaces an existing file without --force', () => {
    const file = path.join(path.dirname(vault.dir), 'kept.csv');
    writeFileSync(file, 'mine');
    const r = exportTo(file);
    expect(r.stderr).toMatch(/^E_EXISTS: .*already exists; add --force/);
    expect(r.code).toBe(EXIT_CODES.E_EXISTS);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(exportTo(file, ['--force']).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Counterparty');
  });

  it('a failed write leaves no audit event that claims an export', async () => {
    const before = (await exportEvents()).length;
    // A folder nobody may write to: /proc refuses even root, who ignores a read-only mode.
    const readOnly = process.getuid?.() === 0 ? '/proc' : path.join(path.dirname(vault.dir), 'read-only');
    if (readOnly !== '/proc') mkdirSync(readOnly, { mode: 0o500 });
    const denied = exportTo(path.join(readOnly, 'records.csv'));
    expect(denied.stderr).toMatch(/^E_INPUT: Cannot write .*records\.csv .*nothing was exported/);
    const missing = exportTo(path.join(path.dirname(vault.dir), 'no-such-folder', 'records.csv'));
    expect(missing.stderr).toMatch(/^E_INPUT: --out .*the folder .*no-such-folder does not exist/);
    expect(await exportEvents()).toHaveLength(before);

    const file = path.join(path.dirname(vault.dir), 'written.csv');
    expect(exportTo(file).code).toBe(0);
    const after = await exportEvents();
    expect(after).toHaveLength(before + 1);
    expect(JSON.parse(after.at(-1)!.details)).toMatchObject({ path: file, format: 'csv' });
  });
});
