import { MessageChannel } from 'node:worker_threads';
import type { HostConnection } from './client';
import { serveCoreHost, type CoreHostDeps } from './core-host';
import type { FromHost, ToHost } from './protocol';

/**
 * The core host in this process, behind a MessageChannel: the same messages, copied the same way
 * (structured clone) as between processes, without the isolation. For a front end that has no
 * window to keep responsive (the CLI) and for tests of the shell side. `kill` only closes the
 * channel (the service stays in memory): stop the client, which locks first, rather than kill it.
 */
export function launchInProcess(deps: CoreHostDeps): HostConnection {
  const { port1, port2 } = new MessageChannel();
  serveCoreHost(
    {
      post: (message: FromHost) => port2.postMessage(message),
      onMessage: (listener) => port2.on('message', (message: ToHost) => listener(message)),
    },
    deps,
  );
  const exitListeners: ((code: number | null) => void)[] = [];
  let closed = false;
  // The open ports keep this process alive until `kill` closes them, so a reply still on its way
  // is never lost to an exit.
  return {
    post: (message) => {
      if (!closed) port1.postMessage(message);
    },
    onMessage: (listener) => port1.on('message', (message: FromHost) => listener(message)),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (closed) return;
      closed = true;
      port1.close();
      port2.close();
      for (const listener of exitListeners) listener(null);
    },
  };
}
