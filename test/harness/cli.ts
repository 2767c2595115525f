/**
 * Starts the harness as its own process (what the Playwright fixtures run) and prints one JSON
 * line `{"url": ..., "token": ...}` when it is ready, to the process that started it, which
 * hands the token to the browser it launches (see TOKEN_COOKIE in ./server.ts) and to no one else.
 *   LEDGERVAULT_VAULT_DIR   the vault folder (required)
 *   LEDGERVAULT_KDF=floor   Argon2id at its floor (64 MiB, t=3) instead of calibrating: tests only
 *   LEDGERVAULT_TEST_IDLE_MS  the idle lock after this many ms (tests of the idle lock)
 *   LEDGERVAULT_EXPORT_DIR  where exports are written (default: beside the vault folder)
 *   LEDGERVAULT_TEST_DRIVES  JSON list of removable drives the core sees instead of the machine's
 *     ({id, label, mountPoint, sizeBytes, freeBytes}[]): tests of the backup screen's drive list
 *   LEDGERVAULT_TEST_UPDATE_KEYS  comma-separated publisher keys (raw Ed25519, base64) the core trusts for
 *     updates instead of the app's compiled-in one; the folder dialog answers `to-update` beside the vault
 *   LEDGERVAULT_KEYCHAIN_SERVICE  the keychain service for this run's device secret (tests: the
 *     production OsKeyStore ignores the environment, so the harness passes it explicitly)
 */
import { ARGON2_FLOOR } from '../../src/core/crypto/argon2id';
import { startHarness } from './server';

const vaultDir = process.env.LEDGERVAULT_VAULT_DIR;
if (!vaultDir) {
  process.stderr.write('LEDGERVAULT_VAULT_DIR is required\n');
  process.exit(2);
}
const harness = await startHarness({
  vaultDir,
  keychainService: process.env.LEDGERVAULT_KEYCHAIN_SERVICE || undefined,
  kdf: process.env.LEDGERVAULT_KDF === 'floor' ? ARGON2_FLOOR : 'calibrate',
  port: Number(process.env.LEDGERVAULT_HARNESS_PORT ?? 0),
  exportDir: process.env.LEDGERVAULT_EXPORT_DIR,
  idleMsOverride: process.env.LEDGERVAULT_TEST_IDLE_MS ? Number(process.env.LEDGERVAULT_TEST_IDLE_MS) : undefined,
  drivesOverride: process.env.LEDGERVAULT_TEST_DRIVES ? JSON.parse(process.env.LEDGERVAULT_TEST_DRIVES) : undefined,
});
process.stdout.write(`${JSON.stringify({ url: harness.url, token: harness.token })}\n`);
const stop = () => {
  void harness.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
