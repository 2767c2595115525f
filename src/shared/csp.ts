/**
 * The renderer's Content-Security-Policy, sent as a header by the main process's app:// protocol
 * (and by the test harness). No inline script, no remote origin, no eval; 'unsafe-inline' for
 * styles only, because antd injects its CSS-in-JS as <style> elements. The <meta> tag in
 * src/renderer/index.html repeats it (minus frame-ancestors, which a meta tag cannot carry).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
