/**
 * The messages between a front end (Electron's main process, the browser harness, a bench) and
 * the core host that owns the vault. Everything here is plain data, so it crosses any transport
 * that copies messages: an Electron utilityProcess port, a worker thread, a forked child, or a
 * MessageChannel inside one process. The renderer never sees these; it keeps its IPC contract.
 */
import type { FolderPurpose, OpenPurpose } from '../fs/read-chosen';
import type { IpcResult } from '../../shared/contract';
import type { Argon2Params } from '../crypto/argon2id';
import type { LockReason } from '../app/app-service';
import type { UpdateInstallRequest } from '../update/update-flows';

export type { FolderPurpose, LockReason, OpenPurpose, UpdateInstallRequest };

/** What the host needs to know before the first call: which vault, and as what build. */
export interface HostInit {
  vaultDir: string;
  version: string;
  /** Argon2id costs for new keyslots; 'calibrate' (the default) measures this machine. */
  kdf?: Argon2Params | 'calibrate';
  /** Test harness only: the idle lock after this many ms instead of the vault's setting. */
  idleMsOverride?: number;
  /** Test harness only: these removable drives instead of asking the system. */
  drivesOverride?: {
    id: string;
    label: string;
    mountPoint: string;
    sizeBytes: number | null;
    freeBytes: number | null;
  }[];
}

/**
 * What only the shell can do, asked by the host: pick where an export goes (a save dialog in
 * Electron), and the system clipboard. The host writes export files itself, so record bytes
 * never pass through the shell.
 */
export type ShellRequest =
  | { method: 'chooseExportPath'; suggestedName: string }
  /** A file the user picks for the core to read (an open dialog in Electron): only its path comes back. */
  | { method: 'chooseOpenPath'; purpose: OpenPurpose }
  /** A folder the user picks (where a backup goes): only its path comes back. */
  | { method: 'chooseFolder'; purpose: FolderPurpose }
  | { method: 'clipboardWrite'; text: string }
  | { method: 'clipboardRead' }
  /** Show a file this host saved in the system file manager (打开所在文件夹). */
  | { method: 'showInFolder'; path: string }
  /** Hand a release the core verified to the platform installer (src/main/update/), which verifies it again. */
  | { method: 'installUpdate'; request: UpdateInstallRequest }
  /** Quit and let the installer replace the app with the release handed over. */
  | { method: 'restartToUpdate' }
  /** Print a self-contained HTML page (the evidence report) to PDF with the shell's Chromium; base64 comes back. */
  | { method: 'printPdf'; html: string };

export type ShellReply = { type: 'shell-reply'; id: number } & ({ ok: true; value: unknown } | { ok: false });

/** Front end -> host. */
export type ToHost =
  | { type: 'init'; options: HostInit }
  /** One renderer call (channel and payload as the IPC contract has them). */
  | { type: 'call'; id: number; channel: string; payload: unknown }
  /** Lock now (OS lock, suspend, window closed, quit); answered like a call. */
  | { type: 'lock'; id: number; reason: LockReason }
  /** A call the shell refused (untrusted sender): audited when a vault is unlocked. */
  | { type: 'refused'; channel: string }
  | ShellReply;

/** Host -> front end. */
export type FromHost =
  /** Sent once the host listens: messages before it could be lost on a port that does not queue. */
  | { type: 'ready' }
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'shell'; id: number; request: ShellRequest };

/** One end of a message transport, whatever carries it. */
export interface Port<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

export type HostPort = Port<ToHost, FromHost>;
