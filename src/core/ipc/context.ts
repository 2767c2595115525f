import type { AppInfo, VaultStatus } from '../../shared/contract';
import type { VaultSession } from '../vault/session';
import type { SavedTo } from '../export/save';
import type { ChosenFile, FolderPurpose, OpenPurpose } from '../fs/read-chosen';
import type { DriveListView } from '../../shared/backup/contract';

/**
 * What a feature's IPC handlers may ask of the front end's service (AppService implements it).
 * An interface here, not the class, so that features do not import the app folder that in turn
 * signs users in through them.
 */
export interface HandlerContext {
  /** The signed-in session; E_VAULT_LOCKED otherwise. */
  requireSession(): VaultSession;
  status(): VaultStatus;
  /** Takes new settings into effect for this session (the idle timeout). */
  applySettings(settings: { idleMinutes: number }): void;
  /** Puts an export where the user chooses; null when they cancel. */
  saveExport(suggestedName: string, bytes: Buffer): Promise<(SavedTo & { bytes: number }) | null>;
  /** The PDF print of a self-contained HTML page (the evidence report), by the front end's Chromium. */
  printPdf(html: string): Promise<Buffer>;
  /** Reads a file the user picks in the shell's open dialog (at most maxBytes); null when they cancel. */
  openFile(purpose: OpenPurpose, maxBytes: number): Promise<ChosenFile | null>;
  /** A folder the user picks in the shell's dialog; null when they cancel. */
  chooseFolder(purpose: FolderPurpose): Promise<string | null>;
  /** A file the user picks in the shell's open dialog, for the core to stream itself; null when they cancel. */
  chooseOpenPath(purpose: OpenPurpose): Promise<string | null>;
  /** The removable drives mounted now (the system's tools; the harness may fake them). */
  listRemovableDrives(): Promise<DriveListView>;
  /** Told the new session at every sign-in, and null at every lock (the daily backup's timer). */
  onSessionChange(listener: (session: VaultSession | null) => void): void;
  /** The app's version and vault folder. */
  info(): AppInfo;
  copySecret(text: string): { clearsAt: number };
  /** A handle for a file this service saved (an export), for showing it later; never a path from outside. */
  rememberSavedFile(path: string): string;
  /** Shows a remembered saved file in the file manager; E_NOT_FOUND for any other handle. */
  showSavedFile(handle: string): Promise<void>;
}
