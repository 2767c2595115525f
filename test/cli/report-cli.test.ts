import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/output';
import { tempDir } from '../helpers/test-vault';
import { cli, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

/**
 * `ledgervault report --out FILE` and `report verify FILE` (issue 17, Builds 10-11): the signed
 * HTML verifies offline and against its vault; an edited copy does not, naming the content.
 */
const PW = 'Report-Admin-Password-1';
let root: string;
let dir: string;
let vaultId = '';
let codes: string[] = [];
let rootFingerprint = '';
const admin = (args: string[], env: Record<string, string> = {}) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW, ...env });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-report-');
  dir = path.join(root, 'vault');
  ({ vaultId, codes, rootFingerprint } = initWithMfaAdmin(dir, PW));
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: report', () => {
  it('report --out writes the signed HTML; verify says valid offline and against the vault', () => {
    const out = path.join(root, 'report.html');
    const r = admin(['report', '--out', out, '--lang', 'en', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout) as { out: string; contentHash: string; sealId: number | null };
    expect(written.out).toBe(out);
    expect(written.sealId).not.toBeNull();
    expect(readFileSync(out, 'utf8')).toContain('Information security and compliance evidence report');

    const offline = cli(['report', 'verify', out]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('VALID');
    expect(offline.stdout).toContain(written.contentHash);
    expect(offline.stdout).toContain('Signer not checked against the office: add --key');

    // With the root fingerprint from the recovery kit (as printed, in groups): the signers are the office's.
    const anchored = cli(['report', 'verify', out, '--key', rootFingerprint, '--json']);
    expect(anchored.code).toBe(0);
    const a = JSON.parse(anchored.stdout) as { valid: boolean; checks: { id: string; ok: boolean }[] };
    expect(a.checks.find((c) => c.id === 'office')).toMatchObject({ ok: true });
    const text = cli(['report', 'verify', out, '--key', rootFingerprint]);
    expect(text.stdout).not.toContain('Signer not checked');
    const foreign = cli(['report', 'verify', out, '--key', 'ab'.repeat(32)]);
    expect(foreign.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(foreign.stderr).toMatch(/Not certified by the office root abab/);
    expect(cli(['report', 'verify', out, '--key', '1234']).code).toBe(EXIT_CODES.E_INPUT);

    const online = admin(['report', 'verify', out, '--json']);
    expect(online.code).toBe(0);
    const v = JSON.parse(online.stdout) as { valid: boolean; checks: { id: string; ok: boolean }[] };
    expect(v.valid).toBe(true);
    expect(v.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['vault.seal', 'vault.chain', 'vault.recorded']));
  });

  it('an edited copy (one fact turned green) is invalid: exit E_INTEGRITY, naming the content', () => {
    const out = path.join(root, 'report-zh.html');
    expect(admin(['report', '--out', out]).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    const edited = html.replace(/(<tr data-fact="backup">.*?data-status=")red(">■ )需处理/, '$1green$2良好');
    expect(edited).not.toBe(html);
    const copy = path.join(root, 'report-edited.html');
    writeFileSync(copy, edited);
    const r = cli(['report', 'verify', copy]);
    expect(r.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(r.stdout).toContain('INVALID');
    expect(r.stderr).toMatch(/content does not match the signed facts/);
  });

  it('refuses a PDF to write or to verify, an existing file without --force, and --vault without --user', () => {
    expect(admin(['report', '--out', path.join(root, 'x.pdf')]).code).toBe(EXIT_CODES.E_INPUT);
    const pdf = path.join(root, 'print.pdf');
    writeFileSync(pdf, '%PDF-1.7\n');
    const r = cli(['report', 'verify', pdf]);
    expect(r.code).toBe(EXIT_CODES.E_INPUT);
    expect(r.stderr).toMatch(/Verify the HTML file/);
    expect(admin(['report', '--out', path.join(root, 'report.html')]).code).toBe(EXIT_CODES.E_EXISTS);
    expect(cli(['report', 'verify', path.join(root, 'report.html'), '--vault', dir]).code).toBe(EXIT_CODES.E_INPUT);
  });
});
