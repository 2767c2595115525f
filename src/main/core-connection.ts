import { utilityProcess } from 'electron';
import type { HostConnection } from '../core/host/client';
import type { FromHost, ToHost } from '../core/host/protocol';

/**
 * Starts the core in its own Electron utilityProcess (the entry is src/main/core-process.ts,
 * built as out/main/core.js) and presents it as a HostConnection for CoreClient. Messages posted
 * before the child has started are queued by Electron.
 */
export function launchCoreProcess(modulePath: string): HostConnection {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'LedgerVault core' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    // Posting to a child that has exited is at best dropped (and crashed main in some Electron
    // releases when done from the 'exit' listener), so after exit nothing is posted.
    post: (message: ToHost) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromHost)),
    onExit: (listener) => child.once('exit', (code: number) => listener(code)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
