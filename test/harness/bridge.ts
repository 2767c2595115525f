/**
 * Browser side of the test harness: gives the real renderer the same `window.ledgervault` the
 * preload gives it in Electron, carried over HTTP to the harness server on 127.0.0.1. Built into
 * an IIFE by the server at start-up; never part of a production bundle.
 */
import { buildApi } from '../../src/shared/ipc-contract';

declare const __HARNESS_TOKEN__: string;

const api = buildApi(async (channel, input) => {
  const response = await fetch(`/__harness/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ledgervault-harness': __HARNESS_TOKEN__ },
    body: JSON.stringify(input),
  });
  return response.json();
});

Object.defineProperty(globalThis, 'ledgervault', { value: api, writable: false, configurable: false });
