/**
 * `ledgervault audit accept-rollback` (issue 12, Build 4): a vault folder put back from an earlier
 * copy is refused by every signed-in command as rolled back, against the newest seal the real
 * keychain holds, until an admin (with two-step verification, as in the README) accepts it.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-vault';
import { EXIT_CODES } from '../../src/cli/output';
import { cli, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

const PW = 'Rollback-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
const admin = (args: string[]) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-rollback-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: a rolled-back vault folder', () => {
  it('is refused as rolled back until an admin accepts it with audit accept-rollback, which is audited', () => {
    const earlier = path.join(root, 'earlier');
    cpSync(dir, earlier, { recursive: true });
    expect(admin(['audit', 'list', '--json', '--limit', '1']).code).toBe(0);
    // A signed export made now and kept off the workstation: an anchor the folder cannot roll back.
    const report = path.join(root, 'report.jsonl');
    expect(admin(['audit', 'export', '--format', 'jsonl', '--out', report]).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    cpSync(earlier, dir, { recursive: true });

    const refused = admin(['audit', 'verify']);
    expect(refused.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(refused.stderr).toMatch(/^E_INTEGRITY: .*rolled back/);
    const doctor = admin(['doctor', '--json']);
    expect(doctor.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: false });

    const accepted = admin(['audit', 'accept-rollback', '--json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ accepted: true, details: { what: 'folder' } });
    const events = JSON.parse(
      admin(['audit', 'list', '--json', '--action', 'audit.rollback_accepted']).stdout,
    ) as unknown[];
    expect(events).toHaveLength(1);
    const verify = admin(['audit', 'verify']);
    expect(verify.stdout).toMatch(/^Audit log intact: .* seals checked/);
    expect(verify.code).toBe(0);
    // Accepted on this workstation, the rollback still shows against the export kept elsewhere.
    const held = admin(['audit', 'verify', '--anchor', report]);
    expect(held.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(held.stderr, held.stderr).toMatch(/rolled_back.*evidence report/);
  });
});
