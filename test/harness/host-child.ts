/**
 * The browser harness's stand-in for Electron's utility process: a child process that runs the
 * same core host (src/core/host) as the app, talking to its parent over Node's IPC channel.
 * Started by ./host-process.ts; never part of a production build.
 *   LEDGERVAULT_KEYCHAIN_SERVICE  the keychain service for device secrets (tests and benches:
 *     the production OsKeyStore ignores the environment, so it is passed explicitly here)
 */
import { OsKeyStore } from '../../src/core/index';
import { serveCoreHost } from '../../src/core/host/core-host';
import type { FromHost, ToHost } from '../../src/core/host/protocol';

const send = process.send?.bind(process);
if (!send) {
  process.stderr.write('host-child must be started with an IPC channel (see host-process.ts)\n');
  process.exit(2);
}
// The parent is gone (killed, crashed): no one is left to answer, and the vault must not stay open.
process.on('disconnect', () => process.exit(0));

serveCoreHost(
  {
    post: (message: FromHost) => {
      send(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToHost)),
  },
  {
    keyStore: new OsKeyStore(process.env.LEDGERVAULT_KEYCHAIN_SERVICE || undefined),
    // The app compiles its publisher key in; the harness trusts the test keys it is given.
    updateKeys: (process.env.LEDGERVAULT_TEST_UPDATE_KEYS ?? '').split(',').filter(Boolean),
  },
);
