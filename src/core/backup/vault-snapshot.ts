/**
 * A consistent snapshot of the vault while the app keeps working (issue 13, Build 2), without
 * one plaintext byte on disk: the page-encrypted vault.db as it is on disk, read while no
 * checkpoint may write to it, plus the keys and pending files read in the same instant.
 *
 * Why this way (docs/backup-design-notes.md, §1-2): in WAL mode the main file changes only at a
 * checkpoint, so with automatic checkpoints off and the WAL checkpointed to empty first, the
 * first `pageCount` pages stay exactly the snapshot while new commits go to the WAL. SQLite's
 * backup API cannot write an encrypted copy through better-sqlite3, `serialize` would hold
 * plaintext pages in memory, and VACUUM INTO blocks the process for the whole copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { LedgerVaultError } from '../errors';
import { readAuditHead, type AuditHead } from '../vault/audit-chain';
import type { VaultSession } from '../vault/session';

/** SQLite's default, restored when the snapshot is released. */
const AUTO_CHECKPOINT_PAGES = 1000;
/** Windows holds byte-range locks in the page at 1 GiB even against our own second handle; SQLite keeps no data there. */
const LOCK_BYTE_OFFSET = 0x40000000;
const READ_BYTES = 1 << 20;

export interface VaultSnapshot {
  /** Bytes of vault.db in the snapshot (page size times page count). */
  dbBytes: number;
  pageSize: number;
  keysFile: Buffer;
  pendingFile: Buffer | null;
  auditHead: AuditHead;
  /** Rows per table, for the manifest and the restore check. */
  tableCounts: Record<string, number>;
  /** vault.db's pages, in order, as on disk. */
  dbPages(signal?: { cancelled: boolean }): AsyncIterable<Buffer>;
  /** Checkpoints again; the snapshot's pages may change from then on. */
  release(): void;
}

export function takeSnapshot(session: VaultSession): VaultSnapshot {
  const db = session.db;
  if (db.inTransaction) throw new LedgerVaultError('E_BUSY', 'The vault is in the middle of a change; try again.');
  db.pragma('wal_autocheckpoint=0');
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (!db.open) return;
    db.pragma(`wal_autocheckpoint=${AUTO_CHECKPOINT_PAGES}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  };
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (!result || result.busy !== 0 || result.log !== 0)
      throw new LedgerVaultError('E_BUSY', 'The vault could not be brought to a consistent state for a backup.');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const tableCounts: Record<string, number> = {};
    for (const t of tables) {
      tableCounts[t] = db
        .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number;
    }
    const paths = session.paths;
    const dbBytes = pageSize * pageCount;
    return {
      dbBytes,
      pageSize,
      keysFile: readFileSync(paths.keys),
      pendingFile: existsSync(paths.pending) ? readFileSync(paths.pending) : null,
      auditHead: readAuditHead(db),
      tableCounts,
      dbPages: (signal) => readPages(paths.db, dbBytes, pageSize, signal),
      release,
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * vault.db's bytes in order, in two buffers taken in turn: the next read is under way while the
 * caller works on the part just given (which it must be done with when it asks for the next).
 */
async function* readPages(file: string, total: number, pageSize: number, signal?: { cancelled: boolean }) {
  const handle = await open(file, 'r');
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)];
  /** The next part: where it starts and how long it is (the lock-byte page on Windows stands alone). */
  const partAt = (at: number): number => {
    const n = Math.min(READ_BYTES, total - at);
    const lockPage = process.platform === 'win32' && at <= LOCK_BYTE_OFFSET && LOCK_BYTE_OFFSET < at + n;
    if (!lockPage) return n;
    return at === LOCK_BYTE_OFFSET ? pageSize : LOCK_BYTE_OFFSET - at;
  };
  const readPart = async (buffer: Buffer, at: number, n: number): Promise<Buffer> => {
    if (process.platform === 'win32' && at === LOCK_BYTE_OFFSET) return buffer.fill(0, 0, n).subarray(0, n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await handle.read(buffer, got, n - got, at + got);
      if (bytesRead === 0) throw new LedgerVaultError('E_IO', 'vault.db ended before the snapshot did.');
      got += bytesRead;
    }
    return buffer.subarray(0, n);
  };
  let ahead: Promise<Buffer> | null = null;
  try {
    let at = 0;
    let turn = 0;
    if (total > 0) ahead = readPart(buffers[0]!, 0, partAt(0));
    while (ahead) {
      if (signal?.cancelled) throw new LedgerVaultError('E_CANCELLED', 'The backup was cancelled.');
      const part = await ahead;
      at += part.length;
      turn ^= 1;
      ahead = at < total ? readPart(buffers[turn]!, at, partAt(at)) : null;
      yield part;
    }
  } finally {
    // A read still under way (the caller stopped early) finishes before the handle closes.
    await ahead?.catch(() => undefined);
    await handle.close();
  }
}
