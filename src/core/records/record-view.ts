import { eq, inArray } from 'drizzle-orm';
import { clientNames } from '../access/client-names';
import { paymentAccounts, paymentRecords } from '../db/schema';
import { maskAccountNumber, type AccountKind } from '../../shared/masking';
import type { VaultSession } from '../vault/session';
import type { RecordView } from '../../shared/contract';
import { toShanghaiIso } from '../../shared/time';
import { openRecordText, type RecordText } from './sealed-record';

type RecordRow = typeof paymentRecords.$inferSelect;

export function toView(
  r: RecordRow & { clientName: string; accountKind: AccountKind | null },
  text: RecordText,
  reveal: boolean,
): RecordView {
  return {
    id: r.id,
    clientId: r.clientId,
    clientName: r.clientName,
    accountId: r.accountId,
    occurredAt: toShanghaiIso(r.occurredAt),
    hasTime: r.hasTime,
    direction: r.direction,
    amountMinor: r.amountMinor,
    currency: r.currency,
    channel: r.channel,
    counterparty: text.counterparty,
    counterpartyAccount: reveal ? text.counterpartyAccount : maskAccountNumber(text.counterpartyAccount, 'other'),
    reference: text.reference,
    merchantOrderRef: text.merchantOrderRef,
    memo: text.memo,
    category: r.category,
    status: r.status,
    source: r.source,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Rows joined with their account's kind; the client's name is decrypted separately (toViews). */
export function baseSelect(session: VaultSession) {
  return session.orm
    .select({ record: paymentRecords, accountKind: paymentAccounts.kind })
    .from(paymentRecords)
    .leftJoin(paymentAccounts, eq(paymentAccounts.id, paymentRecords.accountId));
}

/**
 * Rows as the UI sees them: sealed text opened with the session's client keys, client names
 * decrypted (clients/client-names.ts). Callers only pass rows of clients whose key the session
 * holds (the queries filter on it); a row without one is E_FORBIDDEN from the key ring.
 */
export function toViews(
  session: VaultSession,
  rows: { record: RecordRow; accountKind: AccountKind | null }[],
  reveal = false,
): RecordView[] {
  const names = clientNames(session, [...new Set(rows.map((r) => r.record.clientId))]);
  return rows.map((r) =>
    toView(
      { ...r.record, clientName: names.get(r.record.clientId) ?? `#${r.record.clientId}`, accountKind: r.accountKind },
      openRecordText(session, r.record),
      reveal,
    ),
  );
}

export function getRecords(session: VaultSession, ids: number[], reveal = false): RecordView[] {
  return toViews(session, baseSelect(session).where(inArray(paymentRecords.id, ids)).all(), reveal);
}
