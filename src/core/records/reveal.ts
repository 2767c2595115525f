import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { authorize } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { paymentRecords, recordHistory, users } from '../db/schema';
import { refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import { reason as reasonSchema, recordRef, recordReveal, type RecordChange } from '../../shared/records/contract';
import { reasonProblem } from '../../shared/records/rules';
import { maskAccountNumber } from '../../shared/masking';
import { openText } from '../vault/sealed-fields';
import type { VaultSession, WriteContext } from '../vault/session';
import { authorizeRecord } from './record-access';
import { openHistoryValue, requireClientKey } from './sealed-record';
import { visibleClientIds } from './query-records';

/**
 * Full counterparty accounts of several records at once (a list or export shown unmasked): the
 * permission is checked for each client they belong to, and one audit event records the reason
 * and how many.
 */
export function revealAccounts(
  session: VaultSession,
  records: { id: number; clientId: number }[],
  reason: string,
  via: string,
): Map<number, string | null> {
  const { full, audit } = prepareReveal(session, records, reason, via);
  session.write(audit, { read: true });
  return full;
}

/**
 * revealAccounts with the event left to the caller, who writes it in the same transaction as its
 * own: an export writes it only once the file is saved, so a cancelled export claims no reveal.
 */
export function prepareReveal(
  session: VaultSession,
  records: { id: number; clientId: number }[],
  reason: string,
  via: string,
): { full: Map<number, string | null>; audit: (ctx: WriteContext) => void } {
  const clientsReached = [...new Set(records.map((r) => r.clientId))];
  for (const clientId of clientsReached) {
    authorize(session, 'records.reveal', clientId);
    requireClientKey(session, 'records.reveal', clientId);
  }
  refuseProblem(reasonProblem(reason));
  // The contract's length limit too: the reason goes into the audit log as it is.
  parseInput(z.strictObject({ reason: reasonSchema }), { reason });
  const full = fullAccounts(
    session,
    records.map((r) => r.id),
  );
  const audit = (ctx: WriteContext) => {
    ctx.audit({
      action: 'records.reveal',
      clientId: clientsReached.length === 1 ? clientsReached[0]! : null,
      details: { reason: reason.trim(), field: 'counterpartyAccount', rows: records.length, via },
    });
  };
  return { full, audit };
}

function openAccount(session: VaultSession, clientId: number, id: number, blob: Buffer | null): string | null {
  return openText(session, { clientId, table: 'payment_records', rowId: id, field: 'counterparty_account' }, blob);
}

/** Full counterparty accounts of the given records; callers authorize and audit. */
function fullAccounts(session: VaultSession, ids: number[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of session.orm
      .select({ id: paymentRecords.id, clientId: paymentRecords.clientId, acct: paymentRecords.counterpartyAccountEnc })
      .from(paymentRecords)
      .where(inArray(paymentRecords.id, chunk))
      .all()) {
      out.set(r.id, openAccount(session, r.clientId, r.id, r.acct));
    }
  }
  return out;
}

/** The full counterparty account of one record, for a stated reason; audited with the reason. */
export function revealRecord(
  session: VaultSession,
  id: number,
  reason: string,
): { id: number; counterpartyAccount: string | null } {
  // The reason rule's own words for a short one; the schema holds the rest (length, types).
  if (typeof reason === 'string') refuseProblem(reasonProblem(reason));
  const input = parseInput(recordReveal, { id, reason });
  const record = authorizeRecord(session, 'records.reveal', input.id, { includeDeleted: true });
  session.write(
    (ctx) =>
      ctx.audit({
        action: 'records.reveal',
        targetType: 'record',
        targetId: String(input.id),
        clientId: record.clientId,
        details: { reason: input.reason, field: 'counterpartyAccount' },
      }),
    { read: true },
  );
  return {
    id: input.id,
    counterpartyAccount: openAccount(session, record.clientId, record.id, record.counterpartyAccountEnc),
  };
}

/**
 * The names of the clients a record's history moved it between, for those this user may see; a
 * client outside the user's grants stays "#id" (its name is not theirs to read).
 */
function clientNamesFor(
  session: VaultSession,
  rows: { field: string; oldValue: string | null; newValue: string | null }[],
): (value: string | null) => string | null {
  const ids = rows
    .filter((h) => h.field === 'clientId')
    .flatMap((h) => [Number(h.oldValue), Number(h.newValue)])
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  if (ids.length === 0) return (v) => v;
  const visible = visibleClientIds(session);
  const names = new Map(
    [...clientNames(session, ids)]
      .filter(([id]) => visible === null || visible.includes(id))
      .map(([id, name]) => [String(id), name]),
  );
  return (v) => (v === null ? null : (names.get(v) ?? `#${v}`));
}

/**
 * Who changed which field of a record, from what to what (account numbers masked). The old
 * values are record contents, so reading them is an audited event like a list.
 */
export function recordHistoryOf(session: VaultSession, id: number): RecordChange[] {
  const input = parseInput(recordRef, { id });
  const record = authorizeRecord(session, 'records.history', input.id, { includeDeleted: true });
  const names = new Map(
    session.orm
      .select({ id: users.id, username: users.username })
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  // Every history row of a record is sealed under the record's current client (a move re-seals them).
  const rows = session.orm
    .select()
    .from(recordHistory)
    .where(eq(recordHistory.recordId, input.id))
    .orderBy(recordHistory.id)
    .all()
    .map((h) => ({
      id: h.id,
      recordId: h.recordId,
      version: h.version,
      field: h.field,
      oldValue: openHistoryValue(session, record.clientId, h.id, 'old_value', h.oldValueEnc),
      newValue: openHistoryValue(session, record.clientId, h.id, 'new_value', h.newValueEnc),
      changedBy: h.changedBy,
      changedAt: h.changedAt,
    }));
  const clientName = clientNamesFor(session, rows);
  const changes: RecordChange[] = rows.map((h) => ({
    ...h,
    // People read a user name, not an id.
    changedBy: names.get(h.changedBy) ?? h.changedBy,
    ...(h.field === 'counterpartyAccount'
      ? { oldValue: maskAccountNumber(h.oldValue), newValue: maskAccountNumber(h.newValue) }
      : {}),
    // A record moved to another client: the clients by name (ids are stored, names may change).
    ...(h.field === 'clientId' ? { oldValue: clientName(h.oldValue), newValue: clientName(h.newValue) } : {}),
  }));
  session.write(
    (ctx) =>
      ctx.audit({
        action: 'records.history',
        targetType: 'record',
        targetId: String(input.id),
        clientId: record.clientId,
        details: { changes: changes.length },
      }),
    { read: true },
  );
  return changes;
}
