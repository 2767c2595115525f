import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TEST_SERVICE } from '../helpers/test-vault';

export const BIN = path.resolve(__dirname, '../../bin/ledgervault');

/** Runs the built CLI as a user would, with the test keychain service. */
export function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LEDGERVAULT_KEYCHAIN_SERVICE: TEST_SERVICE, LEDGERVAULT_LANG: 'en', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
