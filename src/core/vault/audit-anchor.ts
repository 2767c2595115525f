/**
 * Anchors outside the vault folder (issue 12, Build 4): the keychain keeps the newest audit seal
 * this workstation has seen, with the keys file's generation at that moment. Whoever copies the
 * whole folder back from an earlier copy gets a database and a keys file that agree with each
 * other, but not with the keychain: the unlock refuses it (E_INTEGRITY, "rolled back") unless an
 * admin accepts it as a deliberate restore, which is audited.
 *
 * The keychain is readable and writable by every program of the signed-in OS user, so this stops
 * a rollback of the folder alone; an insider who is the OS user can roll back both (see
 * docs/security.md, "What an insider who is the OS user can still do").
 */
import { z } from 'zod';
import { integrityError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { anchorOf, sealById, type SealAnchor, type StoredSeal } from './audit-seals';
import { localTimeZone, readAuditHead } from './audit-chain';
import type { SqliteDb } from './database';
import type { KeysFile } from './keys-file';

const anchorSchema = z.strictObject({
  format: z.literal('ledgervault-audit-anchor/1'),
  vaultId: z.string(),
  seal: z.strictObject({
    sealId: z.number().int().positive(),
    lastSeq: z.number().int().nonnegative(),
    headHash: z.string(),
    userId: z.string(),
    sealedAt: z.string(),
    signature: z.string(),
  }),
  keysGeneration: z.number().int().nonnegative(),
});
export type AuditAnchor = z.infer<typeof anchorSchema>;

export async function readAuditAnchor(store: KeyStore, vaultId: string): Promise<AuditAnchor | null> {
  const raw = await store.getNote(vaultId, 'audit-anchor');
  if (raw === null) return null;
  try {
    const parsed = anchorSchema.safeParse(JSON.parse(raw));
    if (parsed.success && parsed.data.vaultId === vaultId) return parsed.data;
  } catch {
    // fall through
  }
  // Garbage where the anchor should be is itself a finding; it must not open the vault unchecked.
  throw integrityError('The audit anchor in the system keychain is not readable: it was edited.');
}

/**
 * Writes the anchor unless the keychain already holds a newer one (another process sealed
 * later), or `force` (an admin accepted a rollback: the older folder is now the truth).
 */
export async function writeAuditAnchor(
  store: KeyStore,
  vaultId: string,
  seal: StoredSeal,
  keysGeneration: number,
  force = false,
): Promise<void> {
  if (!force) {
    const current = await readAuditAnchor(store, vaultId).catch(() => null);
    if (current && current.seal.sealId > seal.id && current.keysGeneration >= keysGeneration) return;
  }
  const anchor: AuditAnchor = {
    format: 'ledgervault-audit-anchor/1',
    vaultId,
    seal: anchorOf(seal),
    keysGeneration,
  };
  await store.setNote(vaultId, 'audit-anchor', JSON.stringify(anchor));
}

export interface RollbackFinding {
  what: 'folder' | 'keys-file';
  /** English, for logs, the CLI's detail and doctor. */
  detail: string;
  folderHead: number;
  anchor: SealAnchor;
  keysGeneration: number;
  anchorGeneration: number;
}

/**
 * Compares the opened folder with the keychain's anchor: the anchored seal must be in the
 * database exactly as it was signed, and the keys file no older than the one anchored with it.
 */
export function compareWithAnchor(db: SqliteDb, keys: KeysFile, anchor: AuditAnchor): RollbackFinding | null {
  const head = readAuditHead(db);
  let seal: StoredSeal | null = null;
  try {
    seal = sealById(db, anchor.seal.sealId);
  } catch {
    seal = null;
  }
  const base = {
    folderHead: head.seq,
    anchor: anchor.seal,
    keysGeneration: keys.generation,
    anchorGeneration: anchor.keysGeneration,
  };
  if (!seal || seal.signature !== anchor.seal.signature) {
    return {
      what: 'folder',
      detail:
        `The vault folder was rolled back: its audit log ends at event ${head.seq}, but this workstation's keychain ` +
        `holds seal ${anchor.seal.sealId} over event ${anchor.seal.lastSeq} (by ${anchor.seal.userId} at ${anchor.seal.sealedAt}), ` +
        `which the folder ${seal ? 'holds in another form' : 'does not have'}.`,
      ...base,
    };
  }
  if (keys.generation < anchor.keysGeneration) {
    return {
      what: 'keys-file',
      detail: `The keys file (vault.keys) was rolled back: generation ${keys.generation}, but this workstation has seen generation ${anchor.keysGeneration}.`,
      ...base,
    };
  }
  return null;
}

/** A seal's time as this workstation's clock reads it ("2026-12-03 06:25"), not raw UTC ISO. */
function localTime(iso: string): string {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: localTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The finding as the error a user reads, in their language (src/shared/messages.ts). */
export function rollbackError(finding: RollbackFinding, userName: string): Error {
  if (finding.what === 'keys-file') {
    return integrityError(finding.detail, undefined, {
      messageKey: 'integrity.keysRolledBack',
      params: { generation: finding.keysGeneration, anchorGeneration: finding.anchorGeneration },
    });
  }
  return integrityError(finding.detail, undefined, {
    messageKey: 'integrity.rolledBack',
    params: {
      folderHead: finding.folderHead,
      anchorSeq: finding.anchor.lastSeq,
      user: userName,
      sealedAt: localTime(finding.anchor.sealedAt),
    },
  });
}
