/**
 * `ledgervault backup verify FILE` (issue 13, Build 5), anywhere, no vault needed:
 * - with no secret: the structure, every chunk's hash and the manifest's signature;
 * - with `--key` (the office's root fingerprint, printed on the recovery kit): also that the
 *   signer was certified by that office when the backup was made;
 * - with the recovery key or the backup passphrase: also every chunk opened, SQLite's integrity
 *   check on the snapshot, and the audit chain and its seals verified inside it.
 *
 * The snapshot is opened from a private temporary folder holding only page-encrypted files (the
 * vault's own form on disk), removed afterwards whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyAuditChain, type ChainVerification } from '../audit/audit-verify';
import { formatFingerprint, rootFingerprintHex } from '../crypto/identity';
import { wipe } from '../crypto/primitives';
import { integrityError } from '../errors';
import { deriveAuditKey } from '../vault/audit-chain';
import { openVaultDatabase } from '../vault/database';
import { hasValidVaultMac, readKeysFile } from '../vault/keys-file';
import { vaultPaths } from '../vault/paths';
import { trustFromRows } from '../vault/trust';
import { pageCipherOf } from '../vault/vault-format';
import type { BackupHeader } from './backup-format';
import { fileKeyFromPassphrase, fileKeyFromRecoveryKey } from './backup-keys';
import { readBackup } from './backup-reader';

export interface BackupVerifyOptions {
  /** The office's root fingerprint (hex, any grouping). */
  key?: string;
  recoveryKey?: string;
  passphrase?: string;
  onChunk?: (index: number, atByte: number) => void;
}

export interface BackupVerifyReport {
  ok: true;
  backupId: string;
  vaultId: string;
  createdAt: string;
  appVersion: string;
  signer: { username: string; keyFingerprint: string };
  /** The signer was certified by the root the caller named (--key). */
  signerCertifiedBy: string | null;
  chunks: number;
  plainBytes: number;
  tableCounts: Record<string, number>;
  auditHead: { seq: number; hash: string } | null;
  /** Set when the contents were opened (a secret was given). */
  contents: { integrity: 'ok'; audit: Pick<ChainVerification, 'checked' | 'seals' | 'head'> } | null;
}

type Certificates = { id: number; userId: string; certificate: string }[];

export async function verifyBackupFile(file: string, opts: BackupVerifyOptions = {}): Promise<BackupVerifyReport> {
  const root = opts.key === undefined ? null : rootFingerprintHex(opts.key);
  const secret = async (header: BackupHeader) => {
    if (opts.recoveryKey !== undefined) return fileKeyFromRecoveryKey(header, opts.recoveryKey);
    return fileKeyFromPassphrase(header, opts.passphrase!);
  };
  const opening = opts.recoveryKey !== undefined || opts.passphrase !== undefined;
  const work = opening ? mkdtempSync(path.join(os.tmpdir(), 'lvbak-verify-')) : null;
  try {
    const files = new Map<string, string>();
    const dek: Buffer[] = [];
    const handles: Promise<FileHandle>[] = [];
    const check = await readBackup(file, {
      fileKey: opening ? secret : undefined,
      onChunk: opts.onChunk,
      // Each part is copied or written, never kept: its memory serves later chunks.
      partsFreedOnWrite: true,
      onEntry: (name) => {
        if (name === 'vault/dek') return { write: (p) => void dek.push(Buffer.from(p)) };
        const base = { 'vault/vault.db': 'vault.db', 'vault/vault.keys': 'vault.keys' }[name];
        if (!base || !work) return null;
        const target = path.join(work, base);
        files.set(name, target);
        const handle = open(target, 'w', 0o600);
        handles.push(handle);
        return { write: async (p) => void (await (await handle).write(p)) };
      },
    });
    await Promise.all(handles.map(async (h) => (await h).close()));
    const m = check.manifest;
    const vault = m.vault as {
      tableCounts?: Record<string, number>;
      auditHead?: { seq: number; hash: string };
      certificates?: Certificates;
    };
    let signerCertifiedBy: string | null = null;
    if (root) {
      const trust = trustFromRows(vault.certificates ?? [], m.vaultId, root);
      const keys = trust.signingKeysEver(m.signer.userId);
      if (!keys.some((k) => k.toString('hex') === m.signer.ed25519Public))
        throw integrityError('This backup is not signed by a member of the office with that fingerprint.', undefined, {
          messageKey: 'backup.signerNotOffice',
        });
      signerCertifiedBy = formatFingerprint(Buffer.from(root, 'hex'));
    }
    let contents: BackupVerifyReport['contents'] = null;
    if (work) contents = checkSnapshot(work, files, Buffer.concat(dek), m.vaultId, vault.tableCounts);
    wipe(...dek);
    return {
      ok: true,
      backupId: m.backupId,
      vaultId: m.vaultId,
      createdAt: m.createdAt,
      appVersion: check.header.appVersion,
      signer: {
        username: m.signer.username,
        keyFingerprint: formatFingerprint(Buffer.from(m.signer.ed25519Public, 'hex')),
      },
      signerCertifiedBy,
      chunks: check.chunks,
      plainBytes: m.plainBytes,
      tableCounts: vault.tableCounts ?? {},
      auditHead: vault.auditHead ?? null,
      contents,
    };
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Opens the snapshot with its DEK: SQLite's integrity check, then the audit chain with its seals.
 * Also the restore's check before a snapshot becomes a working vault.
 */
export function checkSnapshot(
  work: string,
  files: Map<string, string>,
  dek: Buffer,
  vaultId: string,
  tableCounts: Record<string, number> = {},
) {
  const dbFile = files.get('vault/vault.db');
  if (!dbFile || !files.has('vault/vault.keys') || dek.length !== 32)
    throw integrityError('This backup lacks a part of the vault.');
  const keys = readKeysFile(vaultPaths(work));
  if (keys.vaultId !== vaultId || !hasValidVaultMac(keys, dek))
    throw integrityError('The keys file inside this backup does not belong with its vault.');
  const db = openVaultDatabase(dbFile, dek, { create: false, cipher: pageCipherOf(keys) });
  const auditKey = deriveAuditKey(dek, vaultId);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw integrityError(`The vault inside this backup fails SQLite's integrity check: ${String(integrity)}`);
    // The signed manifest's row counts are what the snapshot holds, table by table.
    for (const [table, expected] of Object.entries(tableCounts)) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      const found = exists
        ? (db
            .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
            .pluck()
            .get() as number)
        : null;
      if (found !== expected)
        throw integrityError(
          `The backup's manifest lists ${expected} rows in ${table}; the vault inside holds ${found ?? 'no such table'}.`,
        );
    }
    // The snapshot's own certificates, from the root its keys file pins (not the manifest's copy).
    const certificates = db
      .prepare('SELECT id, user_id AS userId, certificate FROM user_certificates ORDER BY id')
      .all() as Certificates;
    const trust = keys.rootFingerprint ? trustFromRows(certificates, vaultId, keys.rootFingerprint) : null;
    const result = verifyAuditChain(
      db,
      auditKey,
      keys.auditHead,
      () => null,
      trust
        ? {
            vaultId,
            signingKeysEver: (id) => trust.signingKeysEver(id),
            roleOf: (id) => trust.of(id)?.body.role ?? null,
            anchors: keys.auditSeal ? [{ source: 'keys file', anchor: keys.auditSeal }] : [],
          }
        : null,
    );
    if (!result.ok)
      throw integrityError(`The audit log inside this backup does not verify: ${result.reason ?? result.kind}`);
    return { integrity: 'ok' as const, audit: { checked: result.checked, seals: result.seals, head: result.head } };
  } finally {
    db.close();
    wipe(auditKey);
  }
}
