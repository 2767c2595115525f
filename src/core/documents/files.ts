/**
 * Files kept in the vault (issue 17: scanned acknowledgements, clients' signed agreements,
 * partners' contracts), in the table compliance_files. A file is checked when it is picked: at
 * most 20 MB, and a PDF, PNG or JPEG by its first bytes (its name and extension are the user's
 * and prove nothing). A client's file has its name and bytes sealed under that client's key
 * (sealed-fields.ts; a key rotation re-seals them, vault/sealed-files.ts); the office's own
 * files are stored as they are, under the page encryption. Nothing is ever written to disk
 * apart from the database, except by an export the user asked for (save dialog, audited).
 */
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { complianceFiles } from '../db/registers-schema';
import { inputError, integrityError } from '../errors';
import type { ChosenFile } from '../fs/read-chosen';
import { nextRowId } from '../vault/row-ids';
import { openBytes, openText, sealBytes, sealText } from '../vault/sealed-fields';
import type { VaultSession, WriteContext } from '../vault/session';
import { DOCUMENT_MAX_MB, type DocumentInfoView, type DocumentType } from '../../shared/documents/contract';

export const DOCUMENT_MAX_BYTES = DOCUMENT_MAX_MB * 2 ** 20;

/** A picked file that passed the checks, ready to keep. */
export interface CheckedDocument {
  name: string;
  bytes: Buffer;
  mime: DocumentType;
  sha256: string;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the first bytes say, or null: '%PDF-', the PNG signature, or a JPEG's SOI marker. */
export function sniffDocument(bytes: Uint8Array): DocumentType | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  return null;
}

/** E_INPUT for an empty, oversized or unsupported file; its type and SHA-256 otherwise. */
export function checkDocument(file: ChosenFile): CheckedDocument {
  const name = file.name.slice(0, 255);
  if (file.bytes.length === 0) throw inputError('document.empty', { name });
  if (file.bytes.length > DOCUMENT_MAX_BYTES) throw inputError('file.tooLarge', { name, maxMb: DOCUMENT_MAX_MB });
  const mime = sniffDocument(file.bytes);
  if (!mime) throw inputError('document.type', { name });
  return { name, bytes: file.bytes, mime, sha256: createHash('sha256').update(file.bytes).digest('hex') };
}

const at = (clientId: number, rowId: number, field: 'name' | 'content') =>
  ({ clientId, table: 'compliance_files', rowId, field }) as const;

/**
 * Keeps `doc` in the caller's write transaction (with the record it belongs to), sealed under
 * `clientId`'s key when given (E_FORBIDDEN without it), and audits 'document.store' there: its
 * id, type, size and SHA-256, never its name. Returns the new file's id.
 */
export function storeDocument(
  session: VaultSession,
  ctx: WriteContext,
  doc: CheckedDocument,
  clientId: number | null,
  now: string,
): number {
  const id = nextRowId(ctx.db, 'compliance_files');
  const name =
    clientId === null ? Buffer.from(doc.name, 'utf8') : sealText(session, at(clientId, id, 'name'), doc.name)!;
  const content = clientId === null ? doc.bytes : sealBytes(session, at(clientId, id, 'content'), doc.bytes);
  ctx.orm
    .insert(complianceFiles)
    .values({
      id,
      clientId,
      name,
      mime: doc.mime,
      size: doc.bytes.length,
      sha256: doc.sha256,
      content,
      uploadedAt: now,
      uploadedBy: session.user.id,
    })
    .run();
  ctx.audit({
    action: 'document.store',
    targetType: 'document',
    targetId: String(id),
    clientId,
    details: { mime: doc.mime, size: doc.bytes.length, sha256: doc.sha256 },
  });
  return id;
}

/** The kept files `ids` as lists show them (no bytes read); a client's name only with its key. */
export function documentInfos(session: VaultSession, ids: readonly number[]): Map<number, DocumentInfoView> {
  const wanted = [...new Set(ids)];
  const out = new Map<number, DocumentInfoView>();
  if (wanted.length === 0) return out;
  const rows = session.orm
    .select({
      id: complianceFiles.id,
      clientId: complianceFiles.clientId,
      name: complianceFiles.name,
      mime: complianceFiles.mime,
      size: complianceFiles.size,
      sha256: complianceFiles.sha256,
      uploadedAt: complianceFiles.uploadedAt,
    })
    .from(complianceFiles)
    .where(inArray(complianceFiles.id, wanted))
    .all();
  for (const r of rows) {
    let name: string | null;
    if (r.clientId === null) name = r.name.toString('utf8');
    else name = session.keyRing.has(r.clientId) ? openText(session, at(r.clientId, r.id, 'name'), r.name) : null;
    const { clientId: _c, ...rest } = r;
    void _c;
    out.set(r.id, { ...rest, name });
  }
  return out;
}

/** A kept file, opened: E_FORBIDDEN without its client's key, E_INTEGRITY if it was changed. */
export function readDocument(
  session: VaultSession,
  id: number,
): { name: string; mime: string; bytes: Buffer; sha256: string; clientId: number | null } {
  const r = session.orm.select().from(complianceFiles).where(eq(complianceFiles.id, id)).get();
  if (!r) throw inputError('document.notFound', { id });
  const name = r.clientId === null ? r.name.toString('utf8') : openText(session, at(r.clientId, r.id, 'name'), r.name)!;
  const bytes = r.clientId === null ? r.content : openBytes(session, at(r.clientId, r.id, 'content'), r.content);
  // The recorded SHA-256 is what the user can compare a copy against: a file that no longer has it is not handed out.
  if (createHash('sha256').update(bytes).digest('hex') !== r.sha256)
    throw integrityError(`compliance_files row ${r.id} does not match its SHA-256.`);
  return { name, mime: r.mime, bytes, sha256: r.sha256, clientId: r.clientId };
}
