import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/errors';
import { EXIT_CODES } from '../../src/cli/output';
import { tempDir } from '../helpers/test-vault';
import { cli } from './cli-helpers';

/** A vault folder that does not exist: every refusal below must come before anything opens it. */
let nowhere = '';
const signIn = () => ['--vault', nowhere, '--user', 'boss'];

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  nowhere = path.join(tempDir('lv-cli-flags-'), 'no-vault');
});

describe('CLI parse tables', () => {
  it('a flag the command does not take is E_INPUT naming it, even one another command takes', () => {
    for (const [args, named] of [
      [['doctor', ...signIn(), '--client', '1'], '--client'],
      [['record', 'list', ...signIn(), '--client', '1', '--format', 'csv'], '--format'],
      [['client', 'list', ...signIn(), '--write'], '--write'],
      [['user', 'list', ...signIn(), '--frobnicate'], '--frobnicate'],
      [['init', '--vault', nowhere, '--admin', 'boss', '--totp', '123456'], '--totp'],
    ] as const) {
      const r = cli([...args], { LEDGERVAULT_PASSWORD: 'Some-Password-123', LEDGERVAULT_NEW_PASSWORD: 'x' });
      expect(r.stderr).toMatch(new RegExp(`^E_INPUT: ${named} is not an option of "ledgervault `));
      expect(r.code).toBe(EXIT_CODES.E_INPUT);
    }
    expect(existsSync(nowhere)).toBe(false);
  });

  it('a flag that would be ignored is refused rather than ignored', () => {
    const reasonAlone = cli(['record', 'list', ...signIn(), '--client', '1', '--reason', '对账核对']);
    expect(reasonAlone.stderr).toMatch(/^E_INPUT: --reason goes with --reveal/);
    const csvRange = cli([
      'audit',
      'export',
      ...signIn(),
      '--format',
      'csv',
      '--out',
      path.join(nowhere, '..', 'a.csv'),
      '--from-seq',
      '3',
    ]);
    expect(csvRange.stderr).toMatch(/^E_INPUT: --from-seq and --to-seq go with --format jsonl/);
    expect(cli(['client', 'list', ...signIn(), '--json=yes']).stderr).toMatch(/^E_INPUT: --json is a switch/);
    expect(cli(['client', 'list', ...signIn(), '--user', 'other']).stderr).toMatch(/^E_INPUT: --user is given twice/);
    expect(cli(['record', 'add', ...signIn(), '--client', '1', '--amount', '--json']).stderr).toMatch(
      /^E_INPUT: --amount needs a value/,
    );
    expect(cli(['client', 'list', ...signIn(), 'stray']).stderr).toMatch(/^E_INPUT: Unexpected argument "stray"/);
  });

  it('ids are safe integers: twenty-three digits are refused as typed, never echoed as 1e+23', () => {
    for (const bad of ['99999999999999999999999', '9007199254740992', '0', '-1', '1e3', '0x10', '1.5']) {
      const r = cli(['record', 'list', ...signIn(), '--client', bad]);
      expect(r.stderr).toBe(
        `E_INPUT: --client takes an id (a whole number from 1 to 9007199254740991), not "${bad}".\n`,
      );
    }
    expect(cli(['grant', ...signIn(), '--username', 'li', '--client', '99999999999999999999999']).stderr).not.toContain(
      'e+',
    );
  });

  it('every sign-in command takes --totp, the same sign-in flags as doctor', () => {
    const help = cli(['--help']).stdout;
    const signingIn = help.split('\n').filter((l) => /^ {2}ledgervault \S+.*--user NAME/.test(l));
    expect(signingIn.length).toBeGreaterThan(15);
    // `report verify` signs in only when given --vault, so its sign-in flags are optional, in the same order.
    for (const line of signingIn)
      expect(line).toMatch(
        /(--vault DIR --user NAME|\[--vault DIR\] \[--user NAME\]) \[--password-stdin\] \[--totp CODE\]/,
      );
  });
});

describe('exit statuses', () => {
  it('every error code has its own non-zero exit status', () => {
    expect(Object.keys(EXIT_CODES).sort()).toEqual([...ERROR_CODES].sort());
    const numbers = Object.values(EXIT_CODES);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).not.toContain(0);
  });

  it('--help prints the whole table, and the README (Chinese and English) has the same one', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    for (const [code, n] of Object.entries(EXIT_CODES))
      expect(help.stdout).toMatch(new RegExp(`^ {2}${n} +${code} `, 'm'));

    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) \| `(E_[A-Z_]+)` \|/gm)].map((m) => [m[2]!, Number(m[1])] as const);
    expect(rows).toHaveLength(2 * ERROR_CODES.length);
    for (const [code, n] of rows) expect(n).toBe(EXIT_CODES[code as keyof typeof EXIT_CODES]);
  });

  it('a bare call prints the usage and exits with the E_INPUT status; a command takes --help', () => {
    const bare = cli([]);
    expect(bare.code).toBe(EXIT_CODES.E_INPUT);
    expect(bare.stdout).toMatch(/^Usage: ledgervault/);
    const one = cli(['record', 'list', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/ledgervault record list .*--client ID/);
    expect(one.stdout).toMatch(/\[--limit N\] \[--offset N\]/);
  });
});
