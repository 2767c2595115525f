import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostConnection } from '../../src/core/host/client';
import type { FromHost, ToHost } from '../../src/core/host/protocol';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the core host in a child process (./host-child.ts under tsx), as the app starts it in
 * a utility process: a process of its own, so that its SQLite and crypto work never blocks the
 * caller's event loop, and messages copied by structured clone ('advanced' serialization).
 */
export function launchHostProcess(opts: { keychainService?: string } = {}): HostConnection {
  const env = { ...process.env };
  if (opts.keychainService) env.LEDGERVAULT_KEYCHAIN_SERVICE = opts.keychainService;
  const child = fork(path.join(ROOT, 'test/harness/host-child.ts'), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exitListeners: ((code: number | null) => void)[] = [];
  const ended = (code: number | null) => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(code);
  };
  child.once('exit', (code) => ended(code));
  // A child that cannot be started at all reports 'error' and may never report 'exit'.
  child.once('error', () => ended(null));
  return {
    post: (message: ToHost) => {
      if (!exited && child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromHost)),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
