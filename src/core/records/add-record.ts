import { and, eq, sql } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clients, paymentAccounts, paymentRecords } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { inputMessage } from '../../shared/messages';
import type { CheckedRecord } from '../../shared/records/check-record';
import type { NewRecord } from '../../shared/records/contract';
import type { VaultSession, WriteContext } from '../vault/session';
import { getRecords } from './record-view';
import { indexRecord } from './search-index';
import { recordLimits, validateNewRecord } from './validate-record';
import type { RecordView } from '../../shared/contract';

export type { NewRecord };

export interface AddOptions {
  /** The clock (tests; the importer's one "now" for a whole batch). */
  now?: number;
  /** Where the record came from: "manual" (the form, the CLI) unless the importer says. */
  source?: string;
  /**
   * The input is as bills write it (the importer): "-500" is money out, stored as direction
   * "out" and 500 (src/shared/records/rules.ts splitSign). The IPC channel never sets this.
   */
  lenient?: boolean;
}

/** An optional text: trimmed by the schema, and "" stored as no value. */
const orNull = (text: string | undefined) => (text ? text : null);

function duplicatesOf(
  ctx: WriteContext | VaultSession,
  input: CheckedRecord,
): { key: 'record.duplicate.reference' | 'record.duplicate.same'; ids: number[] } | null {
  const orm = ctx.orm;
  if (input.reference) {
    const same = orm
      .select({ id: paymentRecords.id })
      .from(paymentRecords)
      .where(
        and(
          eq(paymentRecords.clientId, input.clientId),
          input.accountId ? eq(paymentRecords.accountId, input.accountId) : sql`${paymentRecords.accountId} IS NULL`,
          eq(paymentRecords.reference, input.reference),
          sql`${paymentRecords.deletedAt} IS NULL`,
        ),
      )
      .all();
    if (same.length > 0) return { key: 'record.duplicate.reference', ids: same.map((r) => r.id) };
  }
  const same = orm
    .select({ id: paymentRecords.id })
    .from(paymentRecords)
    .where(
      and(
        eq(paymentRecords.clientId, input.clientId),
        eq(paymentRecords.occurredAt, input.occurredAtMs),
        eq(paymentRecords.amountMinor, input.amountMinor),
        eq(paymentRecords.counterparty, input.counterparty),
        sql`${paymentRecords.deletedAt} IS NULL`,
      ),
    )
    .all();
  return same.length > 0 ? { key: 'record.duplicate.same', ids: same.map((r) => r.id) } : null;
}

/**
 * Adds one payment record (entry form, CLI, importer): checked with the contract's schema and
 * the record rules (validate-record.ts), authorized, duplicate-checked, audited, indexed.
 */
export function addRecord(session: VaultSession, input: NewRecord, options: AddOptions = {}): RecordView {
  const now = options.now ?? Date.now();
  const record = validateNewRecord(input, recordLimits(session, now, options.lenient));
  authorize(session, 'records.create', record.clientId);
  // Looked up only once the user may write for this client (a manager reaches every id).
  const target = session.orm
    .select({ name: clients.name, status: clients.status })
    .from(clients)
    .where(eq(clients.id, record.clientId))
    .get();
  if (!target) throw inputError('client.notFound', { id: record.clientId });
  // An archived client's books are closed: its records stay, new ones are refused.
  if (target.status === 'archived') throw inputError('client.archived', { name: target.name });
  if (record.accountId) {
    const account = session.orm.select().from(paymentAccounts).where(eq(paymentAccounts.id, record.accountId)).get();
    // One message for "no such account" and "another client's account": ids cannot be probed.
    if (!account || account.clientId !== record.clientId) throw inputError('record.account');
  }
  const stamp = new Date(now).toISOString();
  const id = session.write((ctx) => {
    const dup = duplicatesOf(ctx, record);
    if (dup && !record.allowDuplicate) {
      const params = { ids: dup.ids.slice(0, 5).join(', ') };
      throw new LedgerVaultError('E_CONFLICT', inputMessage(dup.key, 'en', params), { messageKey: dup.key, params });
    }
    const row = ctx.orm
      .insert(paymentRecords)
      .values({
        clientId: record.clientId,
        accountId: record.accountId ?? null,
        occurredAt: record.occurredAtMs,
        hasTime: record.hasTime,
        direction: record.direction,
        amountMinor: record.amountMinor,
        currency: record.currency,
        channel: orNull(record.channel),
        counterparty: record.counterparty,
        counterpartyAccount: orNull(record.counterpartyAccount),
        reference: orNull(record.reference),
        merchantOrderRef: orNull(record.merchantOrderRef),
        memo: orNull(record.memo),
        category: orNull(record.category),
        status: record.status ?? 'succeeded',
        source: options.source ?? 'manual',
        createdAt: stamp,
        createdBy: session.user.id,
        updatedAt: stamp,
        updatedBy: session.user.id,
      })
      .returning({ id: paymentRecords.id })
      .get();
    indexRecord(ctx.db, row.id, record);
    ctx.audit({
      action: 'records.create',
      targetType: 'record',
      targetId: String(row.id),
      clientId: record.clientId,
      details: {
        amountMinor: record.amountMinor,
        currency: record.currency,
        direction: record.direction,
        duplicateConfirmed: dup ? true : undefined,
      },
    });
    return row.id;
  });
  return getRecords(session, [id])[0]!;
}
