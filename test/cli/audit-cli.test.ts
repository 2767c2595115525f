import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockVault } from '../../src/core/index';
import { tempDir } from '../helpers/test-vault';
import { EXIT_CODES } from '../../src/cli/output';
import { cli, cliKeyStore, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

const PW = 'Audit-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
const admin = (args: string[]) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-audit-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: audit', () => {
  it('audit list --json prints the events with the documented fields', () => {
    const r = admin(['audit', 'list', '--json', '--action', 'vault.create']);
    expect(r.stderr).toBe('');
    const events = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0]!).sort()).toEqual(['action', 'actor', 'at', 'clientId', 'details', 'outcome', 'seq']);
    expect(events[0]).toMatchObject({ seq: 1, action: 'vault.create', actor: 'boss', outcome: 'ok', clientId: null });
  });

  it('--since and --until with a plain date cover that whole Beijing day', () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const r = admin(['audit', 'list', '--json', '--action', 'vault.create', '--since', today, '--until', today]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('audit verify exits 0 on an intact log; a signed export verifies offline, and an edited one does not', () => {
    const ok = admin(['audit', 'verify', '--json']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as { ok: boolean; exportKeyFingerprint: string };
    expect(report.ok).toBe(true);

    const file = path.join(root, 'audit.jsonl');
    expect(admin(['audit', 'export', '--format', 'jsonl', '--out', file]).code).toBe(0);
    const good = cli(['audit', 'verify-export', file, '--key', report.exportKeyFingerprint]);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/Export intact: events 1-\d+/);

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"outcome":"ok"', '"outcome":"failed"');
    const edited = path.join(root, 'edited.jsonl');
    writeFileSync(edited, lines.join('\n'));
    const bad = cli(['audit', 'verify-export', edited]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^E_INTEGRITY: export does not verify at line 3 \(link_mismatch\)/);
    expect(cli(['audit', 'verify-export', file, '--key', '0000-0000-0000-0000-0000-0000-0000-0000']).stderr).toMatch(
      /wrong_key/,
    );
  });

  it('doctor signs in like every command: with --totp it passes for an admin with two-step verification', () => {
    const without = cli(['doctor', '--vault', dir, '--user', 'boss'], { LEDGERVAULT_PASSWORD: PW });
    expect(without.stderr).toMatch(/^E_MFA_REQUIRED: /);
    expect(without.code).toBe(EXIT_CODES.E_MFA_REQUIRED);
    const ok = admin(['doctor', '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
  });

  it('a signed JSON-lines export honours its filter, names it in the signed head, and verifies offline', () => {
    const file = path.join(root, 'unlocks.jsonl');
    const r = admin(['audit', 'export', '--format', 'jsonl', '--action', 'auth.signin', '--out', file, '--json']);
    expect(r.stderr).toBe('');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const events = lines.slice(0, -1).map((l) => JSON.parse(l) as { seq: number; action: string });
    expect(events.length).toBeGreaterThan(3);
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['auth.signin']));
    expect(JSON.parse(r.stdout)).toMatchObject({ out: file, rows: events.length });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ filter: { action: 'auth.signin' }, count: events.length });
    const check = cli(['audit', 'verify-export', file]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(
      /^Export intact: the \d+ events matching \{"action":"auth.signin"\}.*a filtered export/,
    );
  });

  it('audit export refuses --out inside the vault folder and an existing file without --force', () => {
    const keys = readFileSync(path.join(dir, 'vault.keys'));
    const refused = (out: string, extra: string[] = []) =>
      cli(['audit', 'export', '--vault', dir, '--user', 'boss', '--format', 'csv', '--out', out, ...extra], {
        LEDGERVAULT_PASSWORD: PW,
      });
    const inside = refused(path.join(dir, 'vault.keys'), ['--force']);
    expect(inside.stderr).toMatch(/^E_INPUT: --out .* is inside the vault folder/);
    expect(readFileSync(path.join(dir, 'vault.keys'))).toEqual(keys);
    const existing = path.join(root, 'audit.jsonl');
    const before = readFileSync(existing);
    const again = refused(existing);
    expect(again.stderr).toMatch(/^E_EXISTS: .*--force/);
    expect(again.code).toBe(EXIT_CODES.E_EXISTS);
    expect(readFileSync(existing)).toEqual(before);
  });

  it('audit verify exits non-zero and names the first edited event', async () => {
    const s = await unlockVault({
      dir,
      username: 'boss',
      password: PW,
      keyStore: cliKeyStore(),
      mode: 'inspect',
      totp: codes.shift(),
    });
    s.db.prepare(`UPDATE audit_events SET details = '{}' WHERE seq = 2`).run();
    s.lock();
    const r = admin(['audit', 'verify']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^E_INTEGRITY: audit log broken at event 2 \(edited\)/);
  });
});
