import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/output';
import type { PartnersView } from '../../src/shared/partners/contract';
import type { RisksView } from '../../src/shared/risks/contract';
import { tempDir } from '../helpers/test-vault';
import { cli, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

/**
 * `ledgervault partner list` and `risk list|add-starter` (issue 17, Builds 6-7): the registers
 * through the same core calls as the screens; a new vault has no backup, so the suggested
 * "data loss" is listed raised, saying why.
 */
const PW = 'Partners-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
const admin = (args: string[], env: Record<string, string> = {}) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW, ...env });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-partners-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: partner list, risk list and add-starter', () => {
  it('partner list says none is recorded; --json prints the register', () => {
    const text = admin(['partner', 'list'], { LEDGERVAULT_LANG: 'en' });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No partner is recorded.');
    const json = admin(['partner', 'list', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout) as PartnersView).toMatchObject({ partners: [], canManage: true });
  });

  it('adds the suggested "data loss" in Chinese; with no verified backup it is listed raised, naming why', () => {
    const added = admin(['risk', 'add-starter', '--key', 'dataLoss'], { LEDGERVAULT_LANG: 'zh-CN' });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('数据丢失: 2x5=10 medium -> HIGH (raised)');
    expect(added.stdout).toContain('从未做过已验证的备份。');
    const view = JSON.parse(admin(['risk', 'list', '--json']).stdout) as RisksView;
    expect(view.risks[0]).toMatchObject({ title: '数据丢失', effectiveLevel: 'high', owner: 'boss', signal: 'backup' });
    expect(view.risks[0]!.raisedBy).toMatchObject({ id: 'backup', status: 'red' });
    expect(view.starters).not.toContain('dataLoss');
  });

  it('refuses an unknown starter and one already added (exit codes of E_INPUT and E_CONFLICT)', () => {
    expect(admin(['risk', 'add-starter', '--key', 'meteor']).code).toBe(EXIT_CODES.E_INPUT);
    expect(admin(['risk', 'add-starter', '--key', 'dataLoss']).code).toBe(EXIT_CODES.E_CONFLICT);
  });
});
