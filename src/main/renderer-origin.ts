/**
 * Where the renderer comes from, and how to recognise a URL as the app's own. Production serves
 * the built renderer from the privileged custom scheme app://ledgervault (src/main/app-protocol.ts);
 * `electron-vite dev` serves it from its dev server instead. Navigation rules, request filtering
 * and the IPC sender check all ask this one object.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ledgervault';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface RendererOrigin {
  /** The page the main window loads. */
  readonly entryUrl: string;
  /** True only for URLs of the app's own renderer (same scheme and host, and port in dev). */
  isOwnUrl(url: string): boolean;
  /**
   * Whether a webContents may fetch this URL at all: anything on a network-capable scheme must be
   * the app's own (in dev also the dev server's hot-reload socket); other schemes (app:, data:,
   * blob:, devtools:) are left to the CSP.
   */
  allowsRequest(url: string): boolean;
  /** 'app' in production; 'dev-server' under `electron-vite dev`. */
  readonly kind: 'app' | 'dev-server';
}

/** Schemes that reach the network or the disk; a renderer request on one must be the app's own. */
const FILTERED_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Non-special schemes have an opaque origin in the WHATWG URL parser (`new URL('app://x/').origin`
 * is "null"), so the production check compares protocol and host, never `origin`.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * `devServerUrl` is electron-vite's ELECTRON_RENDERER_URL; the caller passes it only when the app
 * is not packaged, so that an environment variable can never point a packaged app at another page.
 */
export function rendererOrigin(devServerUrl?: string): RendererOrigin {
  if (!devServerUrl) {
    return {
      kind: 'app',
      entryUrl: APP_ENTRY_URL,
      isOwnUrl: isAppUrl,
      allowsRequest: (url) => {
        const parsed = parse(url);
        return parsed !== null && !FILTERED_SCHEMES.has(parsed.protocol);
      },
    };
  }
  const dev = parse(devServerUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) {
    throw new Error('ELECTRON_RENDERER_URL must be an http(s) URL');
  }
  const isOwnUrl = (url: string) => parse(url)?.origin === dev.origin;
  return {
    kind: 'dev-server',
    entryUrl: dev.href,
    isOwnUrl,
    allowsRequest: (url) => {
      const parsed = parse(url);
      if (parsed === null) return false;
      if (!FILTERED_SCHEMES.has(parsed.protocol)) return true;
      // Vite's hot-reload socket: ws(s):// on the dev server's own host and port.
      const socket = (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') && parsed.host === dev.host;
      return isOwnUrl(url) || socket;
    },
  };
}
