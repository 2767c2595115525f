/**
 * Files kept in the vault (issue 17: a scanned confidentiality agreement, a client's signed
 * agreement, a partner's contract): what a feature's channels say about one. The documents
 * feature has no channels of its own; each register offers its pick and export channels and
 * passes the picked file's handle with the record it belongs to (src/core/documents).
 */
import { z } from 'zod';

/** What the core accepts, by the file's content (never its name). */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Files larger than this are refused at the pick (E_INPUT 'file.tooLarge'). */
export const DOCUMENT_MAX_MB = 20;

/** A file the user picked in the open dialog, held by the core until it is kept or another is picked. */
export interface PickedDocumentView {
  handle: string;
  name: string;
  size: number;
  mime: DocumentType;
  sha256: string;
}

/** A kept file as a list shows it; `name` is null when it is a client's and this session lacks the key. */
export interface DocumentInfoView {
  id: number;
  name: string | null;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

/** Where an exported file went; null when the user cancelled the save dialog. */
export type SavedDocumentView = { path: string; bytes: number } | null;

/** The handle a pick returned (random hex, never a path). */
export const documentHandle = z.string().regex(/^[0-9a-f]{32}$/);
