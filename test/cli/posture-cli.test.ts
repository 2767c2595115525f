import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/output';
import type { PostureView } from '../../src/shared/posture/contract';
import { shanghaiDate } from '../../src/shared/time';
import { tempDir } from '../helpers/test-vault';
import { cli, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

const PW = 'Posture-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
const admin = (args: string[], env: Record<string, string> = {}) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW, ...env });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-posture-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: posture and review', () => {
  it('posture --json prints every fact with its status, params and the screen that fixes it', () => {
    const r = admin(['posture', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as PostureView;
    expect(view.facts).toHaveLength(16);
    const byId = Object.fromEntries(view.facts.map((f) => [f.id, f]));
    // A new vault: never reviewed, never backed up, never verified in full; the admin has MFA.
    expect(byId.reviewAge).toMatchObject({ status: 'red', detail: 'never', fixRoute: '/review' });
    expect(byId.backup).toMatchObject({ status: 'red', detail: 'none', fixRoute: '/backup' });
    expect(byId.audit).toMatchObject({ status: 'amber', detail: 'neverVerified', fixAction: 'audit.verify' });
    expect(byId.mfa).toMatchObject({ status: 'green', params: { admin: '1/1' } });
    expect(byId.incidents).toMatchObject({ status: 'green', detail: 'none', fixRoute: '/incidents' });
    expect(view.counts.red + view.counts.amber + view.counts.green + view.counts.unknown).toBe(16);
  });

  it('after audit verify the chain fact is green; the text output says so in the CLI language', () => {
    expect(admin(['audit', 'verify']).code).toBe(0);
    const en = admin(['posture'], { LEDGERVAULT_LANG: 'en' });
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/Good\s+Audit chain and newest seal/);
    expect(en.stdout).toContain('No access review was ever completed');
  });

  it('review start with no grants is refused as E_INPUT; a due date before today too', () => {
    const today = shanghaiDate();
    const none = admin(['review', 'start', '--due', today]);
    expect(none.code).toBe(EXIT_CODES.E_INPUT);
    const past = admin(['review', 'start', '--due', '2020-01-01']);
    expect(past.code).toBe(EXIT_CODES.E_INPUT);
    const list = admin(['review', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject({ open: null, rounds: [] });
  });
});
