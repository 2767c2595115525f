/**
 * Browser side of the test harness: gives the real renderer the same `window.ledgervault` the
 * preload gives it in Electron, carried over HTTP to the harness server on 127.0.0.1. It holds
 * no secret: the browser sends the harness's HttpOnly cookie, which only the browser the
 * harness's launcher started has. Built into an IIFE by the server at start-up; never part of a
 * production bundle.
 */
import { buildApi } from '../../src/shared/contract';
import type { DropBridge } from '../../src/shared/import/drop';

const api = buildApi(async (channel, input) => {
  const response = await fetch(`/__harness/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(input),
  });
  return response.json();
});

// A dropped file: the browser gives no path, so its bytes go to the harness, which stands in for
// the preload and main's drop channel (src/main/drop.ts) and has the core pick it.
const drop: DropBridge = Object.freeze({
  importFile: async (file: unknown) => {
    const f = file as File;
    const response = await fetch(`/__harness/drop?name=${encodeURIComponent(f.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      body: f,
    });
    return (await response.json()) as Awaited<ReturnType<DropBridge['importFile']>>;
  },
});

Object.defineProperty(globalThis, 'ledgervault', {
  value: Object.freeze({ ...api, drop }),
  writable: false,
  configurable: false,
});
