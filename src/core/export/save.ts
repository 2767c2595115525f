import type { VaultSession, WriteContext } from '../vault/session';

/** Where a front end wrote an export; `discard` removes it again if the export cannot be audited. */
export interface SavedTo {
  path: string;
  discard?: () => void | Promise<void>;
}

/**
 * Writes an export where its front end decides (the app's save dialog, the CLI's --out, the
 * utility process's file write) and says where, or null when the user cancelled. A write that
 * fails throws.
 */
export type SaveExport = (suggestedName: string, bytes: Buffer) => Promise<SavedTo | null>;

export interface SavedExport {
  path: string;
  bytes: number;
  rows: number;
}

/** A file name that sorts by time: ledgervault-records-20240501093000.csv (UTC). */
export function exportFileName(kind: string, format: string, now = new Date()): string {
  return `ledgervault-${kind}-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}.${format}`;
}

/**
 * Saves first, audits second: the audit event says data left the vault into a file, so it is
 * written only once a file exists. A cancelled dialog or a failed write leaves no event. If the
 * event cannot be written (the vault locked while the dialog was open), the file is discarded
 * where the front end can, so no export exists without its event.
 */
export async function saveThenAudit(
  session: VaultSession,
  save: SaveExport,
  file: { name: string; bytes: Buffer; rows: number },
  audit: (ctx: WriteContext, path: string) => void,
): Promise<SavedExport | null> {
  const saved = await save(file.name, file.bytes);
  if (!saved) return null;
  try {
    session.write((ctx) => audit(ctx, saved.path));
  } catch (err) {
    try {
      await saved.discard?.();
    } catch {
      // The audit failure is the error the user must see, not the clean-up.
    }
    throw err;
  }
  return { path: saved.path, bytes: file.bytes.length, rows: file.rows };
}
