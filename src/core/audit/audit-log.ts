import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { auditEvents } from '../db/schema';
import { toCsv } from '../export/csv';
import { exportFileName, saveThenAudit, type SaveExport, type SavedExport } from '../export/save';
import { readKeysFile } from '../vault/keys-file';
import type { VaultSession } from '../vault/session';
import { GENESIS_HASH, type AuditRow } from '../vault/audit-chain';
import { verifyAuditChain, type ChainVerification, type SealContext, type SealedDetailsOpener } from './audit-verify';
import { readableDetails, sessionDetailsOpener } from './legacy-details';
import { exportSigningKey, keyFingerprint, signBytes } from './signing-key';
import { sha256 } from '../crypto/primitives';
import { auditRepeatable } from './collapse';
import { clientNameMap, visibleClientNames, type ClientName } from './names';
import { parseInput } from '../parse-input';
import { inputError } from '../errors';
import type { SealAnchor } from '../vault/audit-seals';
import { verifyAuditExport } from './verify-export';
import { auditFilter, type AuditFilter } from '../../shared/audit/contract';
import type { AuditEventView } from '../../shared/contract';
import { shanghaiDayBounds } from '../../shared/time';

export type { AuditEventView, AuditFilter };

/** The stored form (UTC ISO) of a filter bound: a plain date is that Beijing day, start or end. */
function bound(text: string, edge: 'start' | 'end'): string {
  const day = shanghaiDayBounds(text);
  return new Date(day ? day[edge] : Date.parse(text)).toISOString();
}

function where(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.clientId !== undefined) parts.push(eq(auditEvents.clientId, filter.clientId));
  if (filter.action) parts.push(eq(auditEvents.action, filter.action));
  if (filter.actor) parts.push(eq(auditEvents.actorName, filter.actor));
  if (filter.outcome) parts.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.since) parts.push(gte(auditEvents.at, bound(filter.since, 'start')));
  if (filter.until) parts.push(lte(auditEvents.at, bound(filter.until, 'end')));
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

function view(r: AuditRow, names: Map<number, string>, openSealed: SealedDetailsOpener): AuditEventView {
  // Details a version-1 vault's upgrade sealed show as they were to whoever holds the key.
  const details = readableDetails(openSealed, r);
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
    clientName: r.clientId === null ? null : (names.get(r.clientId) ?? null),
    outcome: r.outcome,
    details: JSON.parse(details) as Record<string, unknown>,
  };
}

/**
 * Events matching a filter (checked with the contract's schema), oldest first unless it says
 * otherwise. Viewing the log is itself an audited event.
 */
export function listAuditEvents(session: VaultSession, query: AuditFilter = {}): AuditEventView[] {
  const filter = parseInput(auditFilter, query);
  authorize(session, 'audit.view');
  const names = clientNameMap(session);
  const openSealed = sessionDetailsOpener(session);
  const result = rows(session, filter).map((r) => view(r, names, openSealed));
  // Paging through the same filter again is counted, not written again (collapse.ts).
  auditRepeatable(session, {
    action: 'audit.view',
    identity: filter,
    details: { filter: { ...filter }, rows: result.length },
  });
  return result;
}

/** The clients the viewer can filter by: those whose names this user may see, in pinyin order. */
export function auditClients(session: VaultSession): ClientName[] {
  authorize(session, 'audit.view');
  return visibleClientNames(session);
}

/**
 * The span kept. Events are never deleted by the app: 《会计档案管理办法》 keeps 会计档案 for 10 or
 * 30 years by kind, 等保 2.0 (GB/T 22239-2019) asks that audit records be kept and protected, the
 * 网络安全法 for at least 6 months, PCI DSS 10.5.1 for 12 months.
 */
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
  /** The export or backup the chain was also held to: its file name and the head it recorded. */
  evidence?: { file: string; seq: number };
}

/**
 * What the walk checks seals with: the certified keys of every user (all their keys, so a seal
 * made before a key change still checks) and the anchors outside the database: the keys file's
 * newest seal and the keychain's, as this session's unlock read it.
 */
export function sealContextOf(session: VaultSession): SealContext | null {
  const trust = session.trust;
  if (!trust) return null;
  const keys = readKeysFile(session.paths);
  const anchors: SealContext['anchors'] = [];
  if (keys.auditSeal) anchors.push({ source: 'keys file', anchor: keys.auditSeal });
  if (session.seals.anchorAtUnlock) anchors.push({ source: 'keychain', anchor: session.seals.anchorAtUnlock });
  return {
    vaultId: session.vaultId,
    signingKeysEver: (id) => trust.signingKeysEver(id),
    roleOf: (id) => trust.of(id)?.body.role ?? null,
    anchors,
  };
}

/** User names for a verification report (ids are what events and seals store). */
export function userNames(session: VaultSession): (id: string) => string {
  const rows = session.db.prepare('SELECT id, username FROM users').all() as { id: string; username: string }[];
  const map = new Map(rows.map((r) => [r.id, r.username]));
  return (id) => map.get(id) ?? id;
}

/** The chain head a signed export of this vault vouches for; E_INPUT when the file is not one. */
function evidenceHead(session: VaultSession, text: string): { source: 'evidence report'; seq: number; hash: string } {
  const { publicKeyHex } = exportSigningKey(session.dek, session.vaultId);
  const checked = verifyAuditExport(text, keyFingerprint(publicKeyHex));
  if (!checked.ok || checked.vaultId !== session.vaultId)
    throw inputError('audit.evidenceNotValid', { reason: checked.problem?.reason ?? 'other vault' });
  const lastLine = text.trim().split('\n').at(-1)!;
  const { vaultChainHead } = JSON.parse(lastLine) as { vaultChainHead: { seq: number; hash: string } };
  return { source: 'evidence report', seq: vaultChainHead.seq, hash: vaultChainHead.hash };
}

/** What a backup file vouches for: the chain head of its snapshot and the seal it took. */
export interface BackupEvidence {
  head: { seq: number; hash: string };
  seal: SealAnchor | null;
}

/**
 * Re-computes the whole chain (ledgervault audit verify, and the button in the viewer).
 * `evidence`: a signed JSON-lines audit export of this vault, whose head (the chain head when it
 * was made) must still be in the chain: an anchor kept outside the workstation.
 */
export function verifyAudit(
  session: VaultSession,
  evidence?: string | BackupEvidence,
  evidenceName = 'evidence',
): AuditVerifyReport {
  authorize(session, 'audit.view');
  const head = readKeysFile(session.paths).auditHead;
  const context = sealContextOf(session);
  const anchor =
    evidence === undefined
      ? null
      : typeof evidence === 'string'
        ? evidenceHead(session, evidence)
        : { source: 'backup file' as const, ...evidence.head };
  if (anchor && context) context.heads = [anchor];
  if (context && typeof evidence === 'object' && evidence.seal)
    context.anchors.push({ source: 'backup file', anchor: evidence.seal });
  const held = anchor && context ? { evidence: { file: evidenceName, seq: anchor.seq } } : {};
  const result = verifyAuditChain(
    session.db,
    session.auditKey,
    head,
    sessionDetailsOpener(session),
    context,
    userNames(session),
  );
  if (!session.integrityAlarm) {
    session.write(
      (ctx) =>
        ctx.audit({
          action: 'audit.verify',
          outcome: result.ok ? 'ok' : 'failed',
          details: {
            checked: result.checked,
            seals: result.seals ?? 0,
            firstBadSeq: result.firstBadSeq,
            kind: result.kind,
            ...(result.contradicts ? { contradicts: result.contradicts } : {}),
            ...held,
          },
        }),
      { read: true },
    );
  }
  const { publicKeyHex } = exportSigningKey(session.dek, session.vaultId);
  return { ...result, ...held, exportKeyFingerprint: keyFingerprint(publicKeyHex) };
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

/**
 * The filtered events as formula-safe CSV, handed to `save`; audited with its filter, row count
 * and path once saved (a cancelled dialog or a failed write leaves no export event).
 */
export async function exportAuditCsv(
  session: VaultSession,
  filter: AuditFilter,
  save: SaveExport,
): Promise<SavedExport | null> {
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
  const file = { name: exportFileName('audit', 'csv'), bytes: csv, rows: list.length };
  return saveThenAudit(session, save, file, (ctx, path) =>
    ctx.audit({ action: 'audit.export', details: { format: 'csv', filter: { ...filter }, rows: list.length, path } }),
  );
}

export const EXPORT_FORMAT = 'ledgervault-audit-export/1';

/** Which events a signed export holds: the viewer's filter, a range of sequence numbers, or both. */
export interface AuditExportFilter extends AuditFilter {
  fromSeq?: number;
  toSeq?: number;
}

/** Written into a filtered export's signed head, so whoever checks it knows what the check proves. */
export const FILTERED_EXPORT_NOTE =
  'Filtered export: only the events matching "filter", in chain order, with gaps between their seq numbers. ' +
  'The links and the signature prove this file is exactly what the vault selected with that filter ' +
  '(nothing edited, removed, added or reordered since); they cannot show that the events left out are intact. ' +
  'The whole chain is checked inside the vault (ledgervault audit verify).';

/**
 * Events as JSON lines: each event with its chain hash and a keyless link (SHA-256 over the
 * previous link and the line), then a last line with the vault's chain head and an Ed25519
 * signature over the final link. `ledgervault audit verify-export` checks it anywhere, without
 * the vault. With no filter (a seq range at most) the file is a contiguous range of the chain;
 * with one, its head names the filter and says what the check then means (FILTERED_EXPORT_NOTE).
 * Audited once saved, like the CSV.
 */
export async function exportAuditJsonl(
  session: VaultSession,
  filter: AuditExportFilter,
  save: SaveExport,
): Promise<SavedExport | null> {
  authorize(session, 'audit.export');
  // Always in chain order (a viewer's `order` is for its screen), so the links can be re-walked.
  const { fromSeq, toSeq, limit, order: _order, ...matching } = filter;
  const from = Math.max(1, fromSeq ?? 1);
  const selected = Object.entries({ ...matching, limit }).filter(([, v]) => v !== undefined);
  const byFilter = selected.length > 0 ? Object.fromEntries(selected) : null;
  const q = session.orm
    .select()
    .from(auditEvents)
    .where(and(where(matching), gte(auditEvents.seq, from), lte(auditEvents.seq, toSeq ?? Number.MAX_SAFE_INTEGER)))
    .orderBy(asc(auditEvents.seq));
  const all = (limit ? q.limit(limit) : q).all() as AuditRow[];
  const first = all[0]?.seq ?? from;
  const previous =
    first > 1
      ? (session.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(first - 1) as
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
    fromSeq: first,
    toSeq: all.at(-1)?.seq ?? from - 1,
    count: all.length,
    // Only a filtered export may skip sequence numbers; the verifier holds it to that.
    filter: byFilter,
    ...(byFilter ? { note: FILTERED_EXPORT_NOTE } : {}),
    previousChainHash: previous?.hash ?? GENESIS_HASH,
    vaultChainHead: keys.auditHead,
    finalLink: link,
    exportedAt: new Date().toISOString(),
    exportedBy: session.user.username,
    publicKey: publicKeyHex,
  };
  const signature = signBytes(privateKey, Buffer.from(JSON.stringify(head)));
  lines.push(JSON.stringify({ ...head, signature }));
  const bytes = Buffer.from(`${lines.join('\n')}\n`);
  const file = { name: exportFileName('audit', 'jsonl'), bytes, rows: all.length };
  return saveThenAudit(session, save, file, (ctx, path) =>
    ctx.audit({
      action: 'audit.export',
      details: {
        format: 'jsonl',
        fromSeq: head.fromSeq,
        toSeq: head.toSeq,
        filter: byFilter,
        rows: all.length,
        path,
      },
    }),
  );
}
