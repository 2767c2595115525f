/** The link side of `audit verify`: the last event, and telling a moved event from an edited one. */
import type { Database } from 'better-sqlite3';
import { chainHash, chainHashV2, GENESIS_HASH, type AuditHead, type AuditRow } from '../vault/audit-chain';
import { Break, SELECT_ALL } from './chain-break';

export function lastEvent(db: Database): AuditHead {
  return (
    (db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined) ?? {
      seq: 0,
      hash: GENESIS_HASH,
    }
  );
}

function linkOf(auditKey: Uint8Array, shaFrom: number, previous: string, row: Omit<AuditRow, 'hash'>): string {
  return row.seq >= shaFrom ? chainHashV2(previous, row) : chainHash(auditKey, previous, row);
}

/** Event `seq` follows from the one stored before it, computed the reference way (chainHashV2). */
export function linkHoldsByReference(db: Database, seq: number): boolean {
  const row = db.prepare<[number], AuditRow>(`${SELECT_ALL.replace(' ORDER BY seq', '')} WHERE seq = ?`).get(seq);
  if (!row) return false;
  const before = db
    .prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1')
    .get(seq);
  const { hash, ...content } = row;
  return chainHashV2(before?.hash ?? GENESIS_HASH, content) === hash;
}

/** An event that does not follow from the one before it: moved (it is a valid link elsewhere) or edited. */
export function linkBreak(db: Database, auditKey: Uint8Array, shaFrom: number, seq: number): Break {
  const full = db.prepare<[number], AuditRow>(`${SELECT_ALL.replace(' ORDER BY seq', '')} WHERE seq = ?`).get(seq)!;
  const moved = belongsElsewhere(db, auditKey, shaFrom, full);
  return new Break(
    seq,
    moved ? 'reordered' : 'edited',
    moved
      ? `Event ${seq} was moved from another place in the chain.`
      : `Event ${seq} does not match its link: it was edited.`,
  );
}

/**
 * A row that fails at its position but is a valid link somewhere else was moved, not edited.
 * Rows that do not follow from their stored predecessor mark where things moved; the moved row
 * must fit at one of those places, after one of the hashes found there. Runs once, at the first
 * break, so the intact case stays one pass.
 */
function belongsElsewhere(db: Database, auditKey: Uint8Array, shaFrom: number, row: AuditRow): boolean {
  const rows = db.prepare<[], AuditRow>(SELECT_ALL).all();
  const storedHash = new Map<number, string>(rows.map((r) => [r.seq, r.hash]));
  const broken: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const { hash, ...rest } = r;
    if (linkOf(auditKey, shaFrom, prev, rest) !== hash) broken.push(r);
    prev = hash;
  }
  const places = new Set(broken.flatMap((b) => [b.seq, b.seq + 1]));
  const { hash, ...content } = row;
  for (const k of places) {
    if (k === row.seq) continue;
    const predecessors = new Set([storedHash.get(k - 1) ?? GENESIS_HASH, ...broken.map((b) => b.hash)]);
    for (const p of predecessors) if (linkOf(auditKey, shaFrom, p, { ...content, seq: k }) === hash) return true;
  }
  return false;
}
