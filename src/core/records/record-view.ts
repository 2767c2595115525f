import { eq, inArray } from 'drizzle-orm';
import { clients, paymentAccounts, paymentRecords } from '../db/schema';
import { maskAccountNumber, type AccountKind } from '../../shared/masking';
import type { VaultSession } from '../vault/session';
import type { RecordView } from '../../shared/contract';
import { toShanghaiIso } from '../../shared/time';

export function toView(
  r: typeof paymentRecords.$inferSelect & { clientName: string; accountKind: AccountKind | null },
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
    counterparty: r.counterparty,
    counterpartyAccount: reveal ? r.counterpartyAccount : maskAccountNumber(r.counterpartyAccount, 'other'),
    reference: r.reference,
    merchantOrderRef: r.merchantOrderRef,
    memo: r.memo,
    category: r.category,
    status: r.status,
    source: r.source,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function baseSelect(session: VaultSession) {
  return session.orm
    .select({ record: paymentRecords, clientName: clients.name, accountKind: paymentAccounts.kind })
    .from(paymentRecords)
    .innerJoin(clients, eq(clients.id, paymentRecords.clientId))
    .leftJoin(paymentAccounts, eq(paymentAccounts.id, paymentRecords.accountId));
}

export function getRecords(session: VaultSession, ids: number[], reveal = false): RecordView[] {
  return baseSelect(session)
    .where(inArray(paymentRecords.id, ids))
    .all()
    .map((r) => toView({ ...r.record, clientName: r.clientName, accountKind: r.accountKind }, reveal));
}
