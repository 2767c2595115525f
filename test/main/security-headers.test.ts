import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../src/main/app-protocol';
import { installSecurityHeaders, SECURITY_HEADERS, withSecurityHeaders } from '../../src/main/security-headers';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { FakeSession } from './fake-electron';

describe('security headers', () => {
  it('carry the shared CSP and nosniff', () => {
    expect(SECURITY_HEADERS).toEqual({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('are set on every app:// response, including refusals', async () => {
    const handler = createAppRequestHandler('/root', async (file) => new TextEncoder().encode(file));
    for (const url of ['app://ledgervault/index.html', 'app://ledgervault/assets/a.js', 'app://ledgervault/../x']) {
      const response = await handler(new Request(url));
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('replace whatever policy the dev server sent, in any letter case', () => {
    const ses = new FakeSession();
    installSecurityHeaders(ses as unknown as Session);
    let responseHeaders: Record<string, string[]> | undefined;
    ses.headersReceived!(
      {
        url: 'http://localhost:5173/',
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
          'X-CONTENT-TYPE-OPTIONS': ['sniff-away'],
          'Content-Type': ['text/html'],
        },
      },
      (response) => {
        responseHeaders = (response as { responseHeaders: Record<string, string[]> }).responseHeaders;
      },
    );
    expect(responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
  });

  it('are added when a response had no headers at all', () => {
    expect(withSecurityHeaders(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
  });
});
