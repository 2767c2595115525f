/**
 * Purging deleted records whose retention period has ended (会计档案管理办法 第十四条 to 第十八条):
 * one admin or manager requests it for a client, listing the records eligible then; another
 * approves, and only then are the rows removed, in one transaction with everything that refers
 * to them, and audited with counts (never the records' contents). Refused while the client is
 * under a legal hold, and for records still inside their period (the message names the day).
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, authorizeRole } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { purgeRequests } from '../db/registers-schema';
import { inputError, integrityError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import type { SqliteDb } from '../vault/database';
import type { VaultSession, WriteContext } from '../vault/session';
import { retentionClient, retentionRequestId, type PurgePlan } from '../../shared/retention/contract';
import { id } from '../../shared/schema-kit';
import { shanghaiDate } from '../../shared/time';
import { deletedRecords } from './eligibility';
import { activeHold, heldError, requireClient } from './holds';
import { approverSetUpBy } from './independence';

type RequestRow = typeof purgeRequests.$inferSelect;

function pendingFor(session: VaultSession, clientId: number): RequestRow | undefined {
  return session.orm
    .select()
    .from(purgeRequests)
    .where(and(eq(purgeRequests.clientId, clientId), eq(purgeRequests.status, 'pending')))
    .orderBy(desc(purgeRequests.id))
    .get();
}

/** What a purge of the client would remove now; changes nothing (the look is audited). */
export function planPurge(session: VaultSession, input: { clientId: number }, now = new Date()): PurgePlan {
  const { clientId } = parseInput(retentionClient, input);
  authorize(session, 'retention.list');
  requireClient(session, clientId);
  const plan = planOf(session, clientId, now);
  session.write(
    (ctx) =>
      ctx.audit({
        action: 'retention.plan',
        targetType: 'client',
        targetId: String(clientId),
        clientId,
        details: { eligible: plan.eligible.length, notYet: plan.notYet, held: plan.hold !== null },
      }),
    { read: true },
  );
  return plan;
}

function planOf(session: VaultSession, clientId: number, now: Date): PurgePlan {
  const records = deletedRecords(session, now, clientId);
  const waiting = records.filter((r) => !r.eligible).map((r) => r.purgeableFrom);
  const hold = activeHold(session, clientId);
  return {
    clientId,
    clientName: clientNames(session, [clientId]).get(clientId) ?? null,
    today: shanghaiDate(now),
    eligible: records
      .filter((r) => r.eligible)
      .map((r) => ({ id: r.id, date: r.date, kind: r.kind, purgeableFrom: r.purgeableFrom })),
    notYet: waiting.length,
    nextPurgeableFrom: waiting.length === 0 ? null : waiting.reduce((a, b) => (a < b ? a : b)),
    hold: hold ? { id: hold.id, reason: hold.reason, placedAt: hold.placedAt } : null,
    pendingRequest: pendingFor(session, clientId)?.id ?? null,
  };
}

function notYetError(date: string): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `No deleted record of this client may be purged before ${date}.`, {
    messageKey: 'retention.notYet',
    params: { date },
  });
}

/** Audits a refusal in its own transaction (so it stays), then throws it. */
function refuse(session: VaultSession, action: string, target: RequestRow | number, reason: string, err: Error): never {
  const clientId = typeof target === 'number' ? target : target.clientId;
  session.write((ctx) =>
    ctx.audit({
      action,
      outcome: 'denied',
      targetType: typeof target === 'number' ? 'client' : 'purge-request',
      targetId: String(typeof target === 'number' ? target : target.id),
      clientId,
      details: { reason, role: session.user.role },
    }),
  );
  throw err;
}

/**
 * Requests the purge of the client's deleted records whose period has ended (admins and
 * managers). Refused under a legal hold, while another request for the client waits, and when
 * none has ended its period (naming the first day one will). Returns the request's number.
 */
export function requestPurge(session: VaultSession, input: { clientId: number }, now = new Date()): number {
  const { clientId } = parseInput(retentionClient, input);
  authorize(session, 'retention.purgeRequest');
  requireClient(session, clientId);
  const plan = planOf(session, clientId, now);
  const action = 'retention.purgeRequest';
  const hold = activeHold(session, clientId);
  if (hold) refuse(session, action, clientId, 'legal_hold', heldError(hold));
  if (plan.pendingRequest !== null)
    throw new LedgerVaultError('E_CONFLICT', `Purge request ${plan.pendingRequest} is waiting.`, {
      messageKey: 'retention.requestPending',
      params: { id: plan.pendingRequest },
    });
  if (plan.eligible.length === 0) {
    if (plan.nextPurgeableFrom === null) throw inputError('retention.nothingDeleted');
    refuse(session, action, clientId, 'period_not_ended', notYetError(plan.nextPurgeableFrom));
  }
  const ids = plan.eligible.map((r) => r.id);
  return session.write((ctx) => {
    const row = ctx.orm
      .insert(purgeRequests)
      .values({
        clientId,
        recordIds: JSON.stringify(ids),
        requestedAt: now.toISOString(),
        requestedBy: session.user.id,
        status: 'pending',
      })
      .returning()
      .get();
    ctx.audit({
      action,
      targetType: 'purge-request',
      targetId: String(row.id),
      clientId,
      details: { request: row.id, records: ids.length, notYet: plan.notYet },
    });
    return row.id;
  });
}

const recordIdList = z.array(id).min(1);

function requestRow(session: VaultSession, requestId: number): RequestRow {
  const row = session.orm.select().from(purgeRequests).where(eq(purgeRequests.id, requestId)).get();
  if (!row) throw inputError('retention.requestNotFound', { id: requestId });
  if (row.status !== 'pending')
    throw new LedgerVaultError('E_CONFLICT', `Purge request ${requestId} is ${row.status}.`, {
      messageKey: 'retention.requestDecided',
    });
  return row;
}

export interface PurgeResult {
  request: number;
  records: number;
  history: number;
}

/**
 * Approves a waiting request (another admin or manager than the requester): the records are
 * checked again (still this client's, still deleted, still past their period under the periods
 * in force now, no hold) and removed with their history and search entries in one transaction.
 */
export function approvePurge(session: VaultSession, input: { requestId: number }, now = new Date()): PurgeResult {
  const { requestId } = parseInput(retentionRequestId, input);
  const action = 'retention.purgeApprove';
  authorizeRole(session, action, { targetType: 'purge-request', targetId: String(requestId) });
  const row = requestRow(session, requestId);
  if (row.requestedBy === session.user.id)
    refuse(
      session,
      action,
      row,
      'same_person',
      new LedgerVaultError('E_FORBIDDEN', `${session.user.username} requested purge ${requestId}.`, {
        messageKey: 'retention.samePerson',
      }),
    );
  const hold = activeHold(session, row.clientId);
  if (hold) refuse(session, action, row, 'legal_hold', heldError(hold));
  const parsed = recordIdList.safeParse(JSON.parse(row.recordIds));
  if (!parsed.success) throw integrityError(`Purge request ${requestId} lists no valid record ids.`);
  const wanted = new Set(parsed.data);
  const found = deletedRecords(session, now, row.clientId).filter((r) => wanted.has(r.id));
  if (found.length !== wanted.size)
    refuse(
      session,
      action,
      row,
      'records_changed',
      new LedgerVaultError('E_CONFLICT', `Records of purge ${requestId} changed.`, { messageKey: 'retention.changed' }),
    );
  const waiting = found.filter((r) => !r.eligible).map((r) => r.purgeableFrom);
  if (waiting.length > 0)
    refuse(session, action, row, 'period_not_ended', notYetError(waiting.reduce((a, b) => (a > b ? a : b))));
  const ids = [...wanted];
  const setUp = approverSetUpBy(session, row.requestedBy, session.user.id, now);
  return session.write((ctx) => {
    const removed = removeRecords(ctx, row.clientId, ids);
    if (removed.records !== ids.length) throw new Error('purge removed a different number of records than checked');
    ctx.orm
      .update(purgeRequests)
      .set({ status: 'approved', decidedAt: now.toISOString(), decidedBy: session.user.id, purgedCount: ids.length })
      .where(and(eq(purgeRequests.id, requestId), eq(purgeRequests.status, 'pending')))
      .run();
    ctx.audit({
      action: 'retention.purge',
      targetType: 'purge-request',
      targetId: String(requestId),
      clientId: row.clientId,
      details: {
        request: requestId,
        records: removed.records,
        history: removed.history,
        requestedBy: row.requestedBy,
        // Not independent, as far as the log tells: the requester set up the approver's account.
        ...(setUp.length > 0 ? { approverSetUpBy: setUp } : {}),
      },
    });
    return { request: requestId, ...removed };
  });
}

function hasTable(db: SqliteDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Everything that refers to a payment record, removed with it: its search document (record_search,
 * rowid = record id; and the version-1 table payment_records_search where an old vault still has
 * it), its history (record_history, a foreign key), and the row itself with its duplicate hashes
 * (payment_records.dup_ref / dup_txn). Audit events keep naming the id: the log is never edited.
 */
function removeRecords(ctx: WriteContext, clientId: number, ids: number[]): { records: number; history: number } {
  const db = ctx.db;
  const dropSearch = db.prepare('DELETE FROM record_search WHERE rowid = ?');
  const dropOld = hasTable(db, 'payment_records_search')
    ? db.prepare('DELETE FROM payment_records_search WHERE rowid = ?')
    : null;
  const dropHistory = db.prepare('DELETE FROM record_history WHERE record_id = ?');
  const dropRecord = db.prepare(
    'DELETE FROM payment_records WHERE id = ? AND client_id = ? AND deleted_at IS NOT NULL',
  );
  let records = 0;
  let history = 0;
  for (const recordId of ids) {
    dropSearch.run(recordId);
    dropOld?.run(recordId);
    history += dropHistory.run(recordId).changes;
    records += dropRecord.run(recordId, clientId).changes;
  }
  return { records, history };
}

/** Refuses (or, by its requester, withdraws) a waiting request; nothing is removed. Audited. */
export function refusePurge(session: VaultSession, input: { requestId: number }, now = new Date()): void {
  const { requestId } = parseInput(retentionRequestId, input);
  authorizeRole(session, 'retention.purgeApprove', { targetType: 'purge-request', targetId: String(requestId) });
  const row = requestRow(session, requestId);
  session.write((ctx) => {
    ctx.orm
      .update(purgeRequests)
      .set({ status: 'refused', decidedAt: now.toISOString(), decidedBy: session.user.id })
      .where(and(eq(purgeRequests.id, requestId), eq(purgeRequests.status, 'pending')))
      .run();
    ctx.audit({
      action: 'retention.purgeRefuse',
      targetType: 'purge-request',
      targetId: String(requestId),
      clientId: row.clientId,
      details: { request: requestId, withdrawn: row.requestedBy === session.user.id },
    });
  });
}
