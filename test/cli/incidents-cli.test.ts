import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/clients/clients';
import { setAffectedClient } from '../../src/core/incidents/index';
import { EXIT_CODES } from '../../src/cli/output';
import type { IncidentDetail, IncidentsView } from '../../src/shared/incidents/contract';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { cli, cliKeyStore } from './cli-helpers';

/** `ledgervault incident add|list|notify` (issue 17, Builds 3 and 11), signed in as the app does. */
let vault: TestVault;
let manager: Staff;
let auditor: Staff;
let clientId = 0;

function run(staff: Staff, args: string[]) {
  const totp = staff.recoveryCodes?.length ? ['--totp', staff.recoveryCodes.shift()!] : [];
  return cli([...args, '--vault', vault.dir, '--user', staff.username, ...totp], {
    LEDGERVAULT_PASSWORD: staff.password,
  });
}

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  vault = await createTestVault({ keyStore: cliKeyStore() });
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'zhou');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, auditor);
  const s = await signIn(vault, manager);
  clientId = createClient(s, { name: '杭州明达' }).id;
  s.lock();
});
afterAll(async () => vault.cleanup());

describe('CLI: incidents', () => {
  let id = 0;

  it('incident add prints the id; a drill is marked; a bad time is E_INPUT', () => {
    const add = run(manager, [
      'incident',
      'add',
      '--title',
      '笔记本电脑丢失',
      '--severity',
      'high',
      '--found-at',
      '2026-12-01 08:30',
      '--found-by',
      '陈会计',
      '--what',
      '存有导出文件的电脑丢失',
      '--contact',
      '周经理 0571-88886666',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    id = Number(add.stdout.trim());
    expect(id).toBeGreaterThan(0);
    const drill = run(
      manager,
      ['incident', 'add', '--drill', '--json', '--title', '演练', '--severity', 'low'].concat([
        '--found-at',
        '2026-12-02',
        '--found-by',
        '周',
        '--what',
        '桌面推演',
      ]),
    );
    expect(drill.code).toBe(0);
    expect(JSON.parse(drill.stdout)).toMatchObject({ isDrill: true, status: 'open', title: '演练' });
    const bad = run(
      manager,
      ['incident', 'add', '--title', 't', '--severity', 'low', '--found-at', '昨天'].concat([
        '--found-by',
        'x',
        '--what',
        'y',
      ]),
    );
    expect(bad.code).toBe(EXIT_CODES.E_INPUT);
    expect(bad.stderr).toMatch(/^E_INPUT/);
  });

  it('incident notify is refused before the letter is written (incident letters writes it), then records who, when and how', async () => {
    const early = run(manager, ['incident', 'notify', '--incident', String(id), '--client', '1', '--how', '电话']);
    expect(early.code).toBe(EXIT_CODES.E_INPUT);
    const s = await signIn(vault, manager);
    setAffectedClient(s, { id, clientId, whichData: '11 月付款记录' });
    s.lock();
    const noLetter = run(
      manager,
      ['incident', 'notify', '--incident', String(id), '--client', String(clientId)].concat(['--how', '电话']),
    );
    expect(noLetter.code).toBe(EXIT_CODES.E_CONFLICT);
    const letters = run(manager, [
      'incident',
      'letters',
      '--incident',
      String(id),
      '--advice',
      '请修改网银密码',
      '--json',
    ]);
    expect(letters.stderr).toBe('');
    expect(letters.code).toBe(0);
    expect((JSON.parse(letters.stdout) as IncidentDetail).affected[0]).toMatchObject({ hasLetter: true });
    const ok = run(
      manager,
      ['incident', 'notify', '--incident', String(id), '--client', String(clientId)].concat([
        '--how',
        '电话及挂号信',
        '--json',
      ]),
    );
    expect(ok.code).toBe(0);
    const detail = JSON.parse(ok.stdout) as IncidentDetail;
    expect(detail.affected[0]).toMatchObject({
      clientName: '杭州明达',
      notifiedBy: 'zhou',
      notifiedHow: '电话及挂号信',
    });
    expect(detail.affected[0]!.letter).toContain('尊敬的杭州明达');
  });

  it('incident list: the register as JSON and text; an auditor reads it but cannot add (E_FORBIDDEN)', () => {
    const list = run(auditor, ['incident', 'list', '--json']);
    expect(list.code).toBe(0);
    const view = JSON.parse(list.stdout) as IncidentsView;
    expect(view.canManage).toBe(false);
    expect(view.incidents.map((i) => [i.title, i.isDrill, `${i.notified}/${i.clients}`])).toEqual([
      ['演练', true, '0/0'],
      ['笔记本电脑丢失', false, '1/1'],
    ]);
    const one = run(auditor, ['incident', 'list', '--id', String(id)]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`client ${clientId}: 0 records; notified`);
    const text = run(manager, ['incident', 'list']);
    expect(text.stdout).toMatch(/DRILL\s+open/);
    const refused = run(
      auditor,
      ['incident', 'add', '--title', 't', '--severity', 'low', '--found-at'].concat([
        '2026-12-01',
        '--found-by',
        'x',
        '--what',
        'y',
      ]),
    );
    expect(refused.code).toBe(EXIT_CODES.E_FORBIDDEN);
  });
});
