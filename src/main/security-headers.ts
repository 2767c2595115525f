import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

/**
 * Headers on every response the renderer receives: the app:// protocol adds them to each file it
 * serves, and `installSecurityHeaders` adds them to http(s) responses (the electron-vite dev
 * server). The policy itself lives in src/shared/csp.ts, shared with the test harness.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
});

/** A copy of `headers` without any casing of ours, then ours: a server cannot weaken the policy. */
export function withSecurityHeaders(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string | string[]> {
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((name) => name.toLowerCase()));
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!ours.has(name.toLowerCase())) result[name] = value;
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) result[name] = [value];
  return result;
}

/** Sets the CSP (and nosniff) on every http(s) response in `ses`, replacing whatever the server sent. */
export function installSecurityHeaders(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
}
