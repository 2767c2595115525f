/**
 * Files kept in the vault (issue 17), for any register that keeps one with its records (people,
 * client agreements, partners). The whole API:
 *
 * - `createDocumentPicker(service)` in a feature's handlers: `pick()` opens the shell's open
 *   dialog (as the import wizard does: the core reads the chosen file itself, the renderer only
 *   ever sees a random handle), checks it (at most 20 MB; PDF, PNG or JPEG by content) and holds
 *   it for this session; `take(handle)` hands it over once. A new pick, a lock or a sign-in lets
 *   go of it.
 * - `storeDocument(session, ctx, doc, clientId, now)` keeps it inside the feature's own write
 *   transaction (sealed under the client's key when `clientId` is given) and audits it there.
 * - `documentInfos(session, ids)` for lists, `exportDocument(...)` to give a copy back through
 *   the save dialog (audited as 'document.export').
 *
 * Authorization is the calling feature's (its own list / manage operations), done before these.
 */
import { randomBytes } from 'node:crypto';
import { inputError } from '../errors';
import { saveThenAudit, type SaveExport } from '../export/save';
import type { HandlerContext } from '../ipc/context';
import type { VaultSession } from '../vault/session';
import type { PickedDocumentView, SavedDocumentView } from '../../shared/documents/contract';
import { checkDocument, DOCUMENT_MAX_BYTES, readDocument, type CheckedDocument } from './files';

export { checkDocument, documentInfos, readDocument, sniffDocument, storeDocument, DOCUMENT_MAX_BYTES } from './files';
export type { CheckedDocument } from './files';

export interface DocumentPicker {
  /** The open dialog, then the checks; null when the user cancelled. E_INPUT for a refused file. */
  pick(): Promise<PickedDocumentView | null>;
  /** The picked file, handed over once (E_INPUT 'document.pickAgain' for an unknown handle). */
  take(handle: string): CheckedDocument;
}

export function createDocumentPicker(service: Pick<HandlerContext, 'openFile' | 'onSessionChange'>): DocumentPicker {
  const held = new Map<string, CheckedDocument>();
  service.onSessionChange(() => held.clear());
  return {
    async pick() {
      const chosen = await service.openFile('compliance-file', DOCUMENT_MAX_BYTES);
      if (chosen === null) return null;
      const doc = checkDocument(chosen);
      // One file at a time: a new pick lets go of the previous one (up to 20 MB in memory).
      held.clear();
      const handle = randomBytes(16).toString('hex');
      held.set(handle, doc);
      return { handle, name: doc.name, size: doc.bytes.length, mime: doc.mime, sha256: doc.sha256 };
    },
    take(handle) {
      const doc = held.get(handle);
      if (!doc) throw inputError('document.pickAgain');
      held.delete(handle);
      return doc;
    },
  };
}

/**
 * Writes a copy of kept file `id` where the user chooses (the save dialog; the CLI's --out),
 * then audits 'document.export' with its id, type, size, SHA-256 and where it went; a cancel
 * writes nothing. `via` names the record it was reached through, for the audit log.
 */
export async function exportDocument(
  session: VaultSession,
  save: SaveExport,
  id: number,
  via: { targetType: string; targetId: string },
): Promise<SavedDocumentView> {
  const doc = readDocument(session, id);
  const saved = await saveThenAudit(session, save, { name: doc.name, bytes: doc.bytes, rows: 1 }, (ctx, path) =>
    ctx.audit({
      action: 'document.export',
      targetType: 'document',
      targetId: String(id),
      clientId: doc.clientId,
      details: {
        via: `${via.targetType}:${via.targetId}`,
        mime: doc.mime,
        size: doc.bytes.length,
        sha256: doc.sha256,
        path,
      },
    }),
  );
  return saved && { path: saved.path, bytes: saved.bytes };
}
