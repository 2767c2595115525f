/**
 * Signed offline updates (issue 15): an admin checks an update folder (a USB drive or a share)
 * or the office update URL, sees what was verified, installs, and restarts. The renderer holds a
 * handle to a checked release, never a path; the core verifies again before anything installs.
 */
import { z } from 'zod';
import { empty, out } from '../schema-kit';

const handle = z.string().regex(/^[0-9a-f]{32}$/);

/** Where the keychain's copy of the highest installed version stands. */
export type UpdateMirrorState = 'present' | 'missing' | 'unreadable';

export interface UpdateStatusView {
  currentVersion: string;
  /** The floor a release must be above (rollback), and where it was read. */
  highestInstalled: string;
  vaultCopy: string | null;
  keychainCopy: string | null;
  mirror: UpdateMirrorState;
  /** Fingerprints of the publisher keys this app trusts (compiled in, then learned). */
  trustedKeys: { fingerprint: string; source: 'pinned' | 'learned' }[];
  /** The office update URL from settings, when one is set. */
  officeUrl: string | null;
  /** A release checked and handed to the installer in this session, waiting for a restart. */
  readyToRestart: string | null;
}

/** A release that passed every check, and what each check compared. */
export interface UpdateCheckView {
  handle: string;
  source: 'folder' | 'office-url';
  /** The folder's own name, or the URL (never a full local path). */
  sourceName: string;
  currentVersion: string;
  version: string;
  releaseDate: string;
  expiresAt: string;
  releaseNotes: { 'zh-CN': string; en: string } | null;
  key: { fingerprint: string; trust: 'pinned' | 'learned' | 'endorsed'; endorsedBy: string | null };
  nextKey: string | null;
  highestInstalled: string;
  checkedAt: string;
  files: { name: string; size: number; sha512: string }[];
}

export interface UpdateInstallView {
  version: string;
  /** 'ready': the installer has the verified files; a restart installs them. */
  state: 'ready';
}

export const updateContract = {
  'update:status': { input: empty, output: out<UpdateStatusView>() },
  /** Opens the folder dialog; null when cancelled. A refusal is an error naming the reason. */
  'update:checkFolder': { input: empty, output: out<UpdateCheckView | null>() },
  'update:checkOffice': { input: empty, output: out<UpdateCheckView>() },
  'update:install': { input: z.strictObject({ handle }), output: out<UpdateInstallView>() },
  'update:restart': { input: empty, output: out<null>() },
  'update:setOfficeUrl': {
    input: z.strictObject({ url: z.string().trim().max(500).nullable() }),
    output: out<UpdateStatusView>(),
  },
} as const;
