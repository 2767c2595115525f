import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { auditEvents } from '../db/schema';
import { toCsv } from '../export/csv';
import { readKeysFile } from '../vault/keys-file';
import type { VaultSession } from '../vault/session';
import { GENESIS_HASH, type AuditRow } from './audit-chain';
import { verifyAuditChain, type ChainVerification } from './audit-verify';
import { exportSigningKey, keyFingerprint, signBytes } from './signing-key';
import { sha256 } from '../crypto/primitives';
import type { AuditEventView } from '../../shared/ipc-contract';

export interface AuditFilter {
  clientId?: number;
  action?: string;
  actor?: string;
  outcome?: 'ok' | 'denied' | 'failed';
  since?: string;
  until?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

export type { AuditEventView };

function where(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.clientId !== undefined) parts.push(eq(auditEvents.clientId, filter.clientId));
  if (filter.action) parts.push(eq(auditEvents.action, filter.action));
  if (filter.actor) parts.push(eq(auditEvents.actorName, filter.actor));
  if (filter.outcome) parts.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.since) parts.push(gte(auditEvents.at, new Date(filter.since).toISOString()));
  if (filter.until) parts.push(lte(auditEvents.at, new Date(filter.until).toISOString()));
  return parts.length > 0 ? and(...parts) : undefined;
}

function rows(session: VaultSession, filter: AuditFilter): AuditRow[] {
  const q = session.orm
    .select()
    .from(auditEvents)
    .where(where(filter))
    .orderBy(filter.order === 'desc' ? desc(auditEvents.seq) : asc(auditEvents.seq));
  return (filter.limit ? q.limit(filter.limit) : q).all() as AuditRow[];
}

function view(r: AuditRow): AuditEventView {
  return {
    seq: r.seq,
    at: r.at,
    tz: r.tz,
    actor: r.actorName,
    workstation: r.workstation,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    clientId: r.clientId,
    outcome: r.outcome,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}

/** Events matching a filter, oldest first. Viewing the log is itself an audited event. */
export function listAuditEvents(session: VaultSession, filter: AuditFilter = {}): AuditEventView[] {
  authorize(session, 'audit.view');
  const result = rows(session, filter).map(view);
  session.write((ctx) => ctx.audit({ action: 'audit.view', details: { filter: { ...filter }, rows: result.length } }));
  return result;
}

/** The span kept (events are never deleted by the app): PCI DSS 10.5.1 asks for 12 months. */
export function auditSpan(session: VaultSession): { count: number; firstAt: string | null; lastAt: string | null } {
  authorize(session, 'audit.view');
  const r = session.db
    .prepare('SELECT count(*) AS count, min(at) AS firstAt, max(at) AS lastAt FROM audit_events')
    .get() as {
    count: number;
    firstAt: string | null;
    lastAt: string | null;
  };
  return r;
}

export interface AuditVerifyReport extends ChainVerification {
  /** The vault's export-signing key, to compare with the one on an exported file. */
  exportKeyFingerprint: string;
}

/** Re-computes the whole chain (ledgervault audit verify, and the button in the viewer). */
export function verifyAudit(session: VaultSession): AuditVerifyReport {
  authorize(session, 'audit.view');
  const result = verifyAuditChain(session.db, session.auditKey, readKeysFile(session.paths).auditHead);
  if (!session.integrityAlarm) {
    session.write((ctx) =>
      ctx.audit({
        action: 'audit.verify',
        outcome: result.ok ? 'ok' : 'failed',
        details: { checked: result.checked, firstBadSeq: result.firstBadSeq, kind: result.kind },
      }),
    );
  }
  const { publicKeyHex } = exportSigningKey(session.dek, session.vaultId);
  return { ...result, exportKeyFingerprint: keyFingerprint(publicKeyHex) };
}

const CSV_HEADER = [
  'seq',
  'at',
  'tz',
  'actor',
  'workstation',
  'action',
  'target_type',
  'target_id',
  'client_id',
  'outcome',
  'details',
];

/** The filtered events as formula-safe CSV. Audited with its filter and row count. */
export function exportAuditCsv(session: VaultSession, filter: AuditFilter = {}): Buffer {
  authorize(session, 'audit.export');
  const list = rows(session, filter);
  const csv = toCsv(
    CSV_HEADER,
    list.map((r) => [
      r.seq,
      r.at,
      r.tz,
      r.actorName,
      r.workstation,
      r.action,
      r.targetType,
      r.targetId,
      r.clientId,
      r.outcome,
      r.details,
    ]),
  );
  session.write((ctx) =>
    ctx.audit({ action: 'audit.export', details: { format: 'csv', filter: { ...filter }, rows: list.length } }),
  );
  return csv;
}

export const EXPORT_FORMAT = 'ledgervault-audit-export/1';

/**
 * A contiguous range of the chain as JSON lines: each event with its chain hash and a keyless
 * link (SHA-256 over the previous link and the line), then a last line with the vault's chain
 * head and an Ed25519 signature over the final link. `ledgervault audit verify-export` checks it
 * anywhere, without the vault.
 */
export function exportAuditJsonl(session: VaultSession, range: { fromSeq?: number; toSeq?: number } = {}): string {
  authorize(session, 'audit.export');
  const from = Math.max(1, range.fromSeq ?? 1);
  const all = session.db
    .prepare<[number, number], AuditRow>(
      `SELECT seq, at, tz, actor_id AS actorId, actor_name AS actorName, workstation, action, target_type AS targetType,
              target_id AS targetId, client_id AS clientId, outcome, details, hash
       FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq`,
    )
    .all(from, range.toSeq ?? Number.MAX_SAFE_INTEGER);
  const previous =
    from > 1
      ? (session.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(from - 1) as
          { hash: string } | undefined)
      : undefined;
  let link = sha256(Buffer.from(EXPORT_FORMAT)).toString('hex');
  const lines: string[] = [];
  for (const r of all) {
    const body = JSON.stringify({ type: 'event', ...r });
    link = sha256(Buffer.from(link, 'hex'), Buffer.from(body)).toString('hex');
    lines.push(JSON.stringify({ type: 'event', ...r, link }));
  }
  const keys = readKeysFile(session.paths);
  const { privateKey, publicKeyHex } = exportSigningKey(session.dek, session.vaultId);
  const head = {
    type: 'head',
    format: EXPORT_FORMAT,
    vaultId: session.vaultId,
    fromSeq: all[0]?.seq ?? from,
    toSeq: all.at(-1)?.seq ?? from - 1,
    count: all.length,
    previousChainHash: previous?.hash ?? GENESIS_HASH,
    vaultChainHead: keys.auditHead,
    finalLink: link,
    exportedAt: new Date().toISOString(),
    exportedBy: session.user.username,
    publicKey: publicKeyHex,
  };
  const signature = signBytes(privateKey, Buffer.from(JSON.stringify(head)));
  lines.push(JSON.stringify({ ...head, signature }));
  session.write((ctx) =>
    ctx.audit({
      action: 'audit.export',
      details: { format: 'jsonl', fromSeq: head.fromSeq, toSeq: head.toSeq, rows: all.length },
    }),
  );
  return `${lines.join('\n')}\n`;
}
