import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementsView } from '../../src/shared/agreements/contract';
import type { PeopleView } from '../../src/shared/people/contract';
import { tempDir } from '../helpers/test-vault';
import { cli, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

/** `people list` and `agreement list` (issue 17, Builds 4-5): the same views, sign-in and audit as the screens. */
const PW = 'People-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
const admin = (args: string[], env: Record<string, string> = {}) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW, ...env });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-people-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: people and agreements', () => {
  it('people list --json: the admin has neither trained nor signed, so all three duties are red (never)', () => {
    const r = admin(['people', 'list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as PeopleView;
    expect(view.canManage).toBe(true);
    expect(view.staff).toHaveLength(1);
    expect(view.staff[0]).toMatchObject({
      username: 'boss',
      status: 'red',
      training: { status: 'red', detail: 'never' },
      confidentiality: { status: 'red', detail: 'never', latest: null },
    });
  });

  it('people list as text marks the overdue; agreement list --json lists the clients (none yet)', () => {
    const text = admin(['people', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/■ boss\s+admin\s+confidentiality ■ never/);
    const r = admin(['agreement', 'list', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as AgreementsView).clients).toEqual([]);
  });
});
