/**
 * Entry of the Electron utilityProcess that runs the core (built as out/main/core.js). Main forks
 * it at start-up; it owns the vault (SQLite, keys, Argon2id, the idle lock) so that none of that
 * work runs on the main process, which draws the window. It talks to main only through
 * `process.parentPort`, which Electron puts on `process` in a utility process; it never imports
 * 'electron' (a utility process has no Electron APIs).
 */
import { OsKeyStore } from '../core/keystore/keystore';
import { serveCoreHost } from '../core/host/core-host';
import type { FromHost, ToHost } from '../core/host/protocol';
import { PINNED_UPDATE_KEYS } from './update/pinned-key';

/** The part of Electron's ParentPort this entry uses. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  // Run any other way (plain node), there is no one to answer: stop rather than idle.
  process.stderr.write('core-process must be started by the LedgerVault main process\n');
  process.exit(2);
} else {
  serveCoreHost(
    {
      post: (message: FromHost) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToHost)),
    },
    {
      keyStore: new OsKeyStore(),
      updateKeys: PINNED_UPDATE_KEYS,
    },
  );
}
