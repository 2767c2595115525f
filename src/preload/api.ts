/**
 * The surface the preload script exposes to the renderer as `window.ledgervault`.
 *
 * This file holds types only and imports nothing, so the renderer may `import type` it without
 * pulling Electron or Node typings into the browser program (see tsconfig.web.json).
 */
export interface LedgerVaultApi {
  /** The app version, from package.json at build time. */
  readonly version: string;
}
