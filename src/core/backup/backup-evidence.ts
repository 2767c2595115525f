/**
 * A backup file as an anchor for `audit verify` (issue 12, Build 3: "any backup file it is
 * given"): the chain head its snapshot held and the seal the backup took must still be in the
 * vault's chain, unchanged. Here, in the backup folder, so that the audit log does not depend on it.
 */
import type { BackupEvidence } from '../audit/audit-log';
import { inputError, LedgerVaultError } from '../errors';
import type { SealAnchor } from '../vault/audit-seals';
import type { VaultSession } from '../vault/session';
import { readBackup } from './backup-reader';

/**
 * The anchors in a `.lvbak` of this vault (`audit verify --anchor FILE.lvbak`): its manifest,
 * checked with no secret (every chunk, the signature) and signed by a key this vault certified.
 */
export async function backupEvidence(session: VaultSession, file: string): Promise<BackupEvidence> {
  let manifest;
  try {
    manifest = (await readBackup(file)).manifest;
  } catch (err) {
    const reason = err instanceof LedgerVaultError ? err.detail : 'unreadable';
    throw inputError('audit.evidenceNotValid', { reason });
  }
  if (manifest.vaultId !== session.vaultId) throw inputError('audit.evidenceNotValid', { reason: 'other vault' });
  const keys = session.trust?.signingKeysEver(manifest.signer.userId) ?? [];
  if (!keys.some((k) => k.toString('hex') === manifest.signer.ed25519Public))
    throw inputError('audit.evidenceNotValid', { reason: 'not signed by a member of this office' });
  const facts = manifest.vault as { auditHead?: { seq: number; hash: string }; seal?: SealAnchor | null };
  if (!facts.auditHead) throw inputError('audit.evidenceNotValid', { reason: 'no audit head' });
  return { head: facts.auditHead, seal: facts.seal ?? null };
}
