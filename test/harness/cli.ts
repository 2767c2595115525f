/**
 * Starts the harness as its own process (what Playwright and `npm run start:browser` run) and
 * prints one JSON line `{"url": ...}` when it is ready.
 *   LEDGERVAULT_VAULT_DIR   the vault folder (required)
 *   LEDGERVAULT_KDF=floor   Argon2id at its floor (64 MiB, t=3) instead of calibrating: tests only
 *   LEDGERVAULT_TEST_IDLE_MS  the idle lock after this many ms (tests of the idle lock)
 *   LEDGERVAULT_EXPORT_DIR  where exports are written (default: beside the vault folder)
 */
import { ARGON2_FLOOR, OsKeyStore } from '../../src/core/index';
import { startHarness } from './server';

const vaultDir = process.env.LEDGERVAULT_VAULT_DIR;
if (!vaultDir) {
  process.stderr.write('LEDGERVAULT_VAULT_DIR is required\n');
  process.exit(2);
}
const harness = await startHarness({
  vaultDir,
  keyStore: new OsKeyStore(),
  kdf: process.env.LEDGERVAULT_KDF === 'floor' ? ARGON2_FLOOR : 'calibrate',
  port: Number(process.env.LEDGERVAULT_HARNESS_PORT ?? 0),
  exportDir: process.env.LEDGERVAULT_EXPORT_DIR,
  idleMsOverride: process.env.LEDGERVAULT_TEST_IDLE_MS ? Number(process.env.LEDGERVAULT_TEST_IDLE_MS) : undefined,
});
process.stdout.write(`${JSON.stringify({ url: harness.url })}\n`);
const stop = () => {
  void harness.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
