/**
 * Browser side of the test harness: gives the real renderer the same `window.ledgervault` the
 * preload gives it in Electron, carried over HTTP to the harness server on 127.0.0.1. It holds
 * no secret: the browser sends the harness's HttpOnly cookie, which only the browser the
 * harness's launcher started has. Built into an IIFE by the server at start-up; never part of a
 * production bundle.
 */
import { buildApi } from '../../src/shared/contract';

const api = buildApi(async (channel, input) => {
  const response = await fetch(`/__harness/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(input),
  });
  return response.json();
});

Object.defineProperty(globalThis, 'ledgervault', { value: api, writable: false, configurable: false });
