/**
 * Client agreements (issue 17, Build 5; seed 五.2): the data-protection agreement with each
 * client, its scope sealed under that client's key (client_agreements.scope_enc, re-sealed with
 * the key: vault/sealed-columns.ts) and its signed copy kept in the vault under the same key.
 * Admins and managers record, auditors read; a new agreement (a renewal) is a new row, so the
 * history stays. Every change audited in its transaction; refusals through `authorize`.
 */
import { desc, eq } from 'drizzle-orm';
import { authorize, authorizeRole, decide } from '../access/authorize';
import { clientNames, requireClientKey } from '../access/client-names';
import { auditRepeatable } from '../audit/collapse';
import { clientAgreements } from '../db/registers-schema';
import { clients, users } from '../db/schema';
import { documentInfos, exportDocument, storeDocument, type CheckedDocument } from '../documents';
import type { SaveExport } from '../export/save';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import { nextRowId } from '../vault/row-ids';
import { openText, sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import {
  agreementExportFile,
  agreementRecord,
  type AgreementRecord,
  type AgreementsView,
  type AgreementView,
  type ClientAgreementView,
} from '../../shared/agreements/contract';
import { agreementState } from '../../shared/agreements/rules';
import type { SavedDocumentView } from '../../shared/documents/contract';
import { shanghaiDate } from '../../shared/time';

type Row = typeof clientAgreements.$inferSelect;

const scopeAt = (row: { id: number; clientId: number }) =>
  ({ clientId: row.clientId, table: 'client_agreements', rowId: row.id, field: 'scope' }) as const;

/** Every agreement, newest signing first (then newest record), grouped by client. */
function byClient(session: VaultSession): Map<number, Row[]> {
  const rows = session.orm
    .select()
    .from(clientAgreements)
    .orderBy(desc(clientAgreements.signedOn), desc(clientAgreements.id))
    .all();
  const out = new Map<number, Row[]>();
  for (const r of rows) out.set(r.clientId, [...(out.get(r.clientId) ?? []), r]);
  return out;
}

/** The counts the posture judges: active clients, and how many are red or (only) amber. */
export function agreementCounts(session: VaultSession, now: Date): { clients: number; red: number; amber: number } {
  const today = shanghaiDate(now);
  const agreements = byClient(session);
  const active = session.orm.select({ id: clients.id }).from(clients).where(eq(clients.status, 'active')).all();
  const counts = { clients: active.length, red: 0, amber: 0 };
  for (const c of active) {
    const status = agreementState(agreements.get(c.id)?.[0] ?? null, today).status;
    if (status === 'red') counts.red += 1;
    else if (status === 'amber') counts.amber += 1;
  }
  return counts;
}

function agreementsView(session: VaultSession, now: Date): AgreementsView {
  const today = shanghaiDate(now);
  const agreements = byClient(session);
  const people = new Map(
    session.orm
      .select()
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  const names = clientNames(session);
  const files = documentInfos(
    session,
    [...agreements.values()].flat().flatMap((r) => (r.fileId === null ? [] : [r.fileId])),
  );
  const view = (r: Row): AgreementView => ({
    id: r.id,
    signedOn: r.signedOn,
    scope: session.keyRing.has(r.clientId) ? openText(session, scopeAt(r), r.scopeEnc) : null,
    renewalDate: r.renewalDate,
    file: r.fileId === null ? null : (files.get(r.fileId) ?? null),
    recordedAt: r.recordedAt,
    recordedBy: people.get(r.recordedBy) ?? r.recordedBy,
  });
  const rows = session.orm.select({ id: clients.id, status: clients.status }).from(clients).orderBy(clients.id).all();
  const list: ClientAgreementView[] = rows.map((c) => {
    const history = (agreements.get(c.id) ?? []).map(view);
    const current = history[0] ?? null;
    return {
      clientId: c.id,
      clientName: names.get(c.id) ?? null,
      clientStatus: c.status,
      ...agreementState(current, today),
      current,
      history,
    };
  });
  // Active clients first, the ones needing action at the top.
  const rank = { red: 0, amber: 1, green: 2 } as const;
  list.sort(
    (a, b) =>
      Number(a.clientStatus === 'archived') - Number(b.clientStatus === 'archived') ||
      rank[a.status] - rank[b.status] ||
      a.clientId - b.clientId,
  );
  return { today, clients: list, canManage: decide(session, 'agreement.manage').allowed };
}

/** Every client's agreement state, for admins, managers and auditors; audited as agreement.list. */
export function getAgreements(session: VaultSession, now = new Date()): AgreementsView {
  authorize(session, 'agreement.list');
  const view = agreementsView(session, now);
  if (!session.integrityAlarm)
    auditRepeatable(
      session,
      { action: 'agreement.list', identity: {}, details: { clients: view.clients.length } },
      now,
    );
  return view;
}

/** Records a signed agreement (or its renewal) for a client (admins, managers). */
export function recordAgreement(
  session: VaultSession,
  input: AgreementRecord,
  files: { take(handle: string): CheckedDocument },
  now = new Date(),
): AgreementsView {
  const { clientId, signedOn, scope, renewalDate, fileHandle } = parseInput(agreementRecord, input);
  authorizeRole(session, 'agreement.manage', { clientId, targetType: 'client', targetId: String(clientId) });
  const client = session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId)).get();
  if (!client) throw inputError('agreement.clientNotFound', { id: clientId });
  requireClientKey(session, 'agreement.manage', clientId);
  const today = shanghaiDate(now);
  if (signedOn > today) throw inputError('agreement.signedInFuture', { today });
  if (renewalDate && renewalDate < signedOn) throw inputError('agreement.renewalBeforeSigned', { signedOn });
  const doc = fileHandle === undefined ? null : files.take(fileHandle);
  const at = now.toISOString();
  session.write((ctx) => {
    const fileId = doc ? storeDocument(session, ctx, doc, clientId, at) : null;
    const id = nextRowId(ctx.db, 'client_agreements');
    ctx.orm
      .insert(clientAgreements)
      .values({
        id,
        clientId,
        signedOn,
        scopeEnc: sealText(session, scopeAt({ id, clientId }), scope),
        renewalDate: renewalDate ?? null,
        fileId,
        recordedAt: at,
        recordedBy: session.user.id,
      })
      .run();
    // The scope is the client's data (sealed): the event names the agreement, not its words.
    ctx.audit({
      action: 'agreement.record',
      targetType: 'client',
      targetId: String(clientId),
      clientId,
      details: { agreement: id, signedOn, renewalDate: renewalDate ?? null, fileId },
    });
  });
  return agreementsView(session, now);
}

/** A copy of an agreement's signed file, through the save dialog (audited as document.export). */
export async function exportAgreementFile(
  session: VaultSession,
  input: { agreementId: number },
  save: SaveExport,
): Promise<SavedDocumentView> {
  const { agreementId } = parseInput(agreementExportFile, input);
  authorizeRole(session, 'agreement.list', { targetType: 'agreement', targetId: String(agreementId) });
  const row = session.orm.select().from(clientAgreements).where(eq(clientAgreements.id, agreementId)).get();
  if (!row) throw inputError('agreement.notFound', { id: agreementId });
  requireClientKey(session, 'agreement.list', row.clientId);
  if (row.fileId === null) throw inputError('agreement.noFile');
  return exportDocument(session, save, row.fileId, { targetType: 'agreement', targetId: String(agreementId) });
}
