import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { clients, paymentAccounts } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { inputMessage } from '../../shared/messages';
import type { NewRecord } from '../../shared/records/contract';
import type { VaultSession } from '../vault/session';
import { findDuplicates } from './duplicates';
import { insertRecords } from './insert-records';
import { getRecords } from './record-view';
import { requireClientKey } from './sealed-record';
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

/**
 * Adds one payment record (entry form, CLI, importer): checked with the contract's schema and
 * the record rules (validate-record.ts), authorized, duplicate-checked, audited, indexed.
 */
export function addRecord(session: VaultSession, input: NewRecord, options: AddOptions = {}): RecordView {
  const now = options.now ?? Date.now();
  const record = validateNewRecord(input, recordLimits(session, now, options.lenient));
  authorize(session, 'records.create', record.clientId);
  requireClientKey(session, 'records.create', record.clientId);
  // Looked up only once the user may write for this client (a manager reaches every id).
  const target = session.orm
    .select({ status: clients.status })
    .from(clients)
    .where(eq(clients.id, record.clientId))
    .get();
  if (!target) throw inputError('client.notFound', { id: record.clientId });
  // An archived client's books are closed: its records stay, new ones are refused.
  if (target.status === 'archived')
    throw inputError('client.archived', {
      name: clientNames(session, [record.clientId]).get(record.clientId) ?? `#${record.clientId}`,
    });
  if (record.accountId) {
    const account = session.orm.select().from(paymentAccounts).where(eq(paymentAccounts.id, record.accountId)).get();
    // One message for "no such account" and "another client's account": ids cannot be probed.
    if (!account || account.clientId !== record.clientId) throw inputError('record.account');
  }
  const stamp = new Date(now).toISOString();
  const id = session.write((ctx) => {
    const dup = findDuplicates(session, ctx.db, [record])[0];
    if (dup && !record.allowDuplicate) {
      const params = { ids: dup.ids.slice(0, 5).join(', ') };
      throw new LedgerVaultError('E_CONFLICT', inputMessage(dup.key, 'en', params), { messageKey: dup.key, params });
    }
    const [id] = insertRecords(session, ctx, [record], { stamp, source: options.source });
    ctx.audit({
      action: 'records.create',
      targetType: 'record',
      targetId: String(id),
      clientId: record.clientId,
      details: {
        amountMinor: record.amountMinor,
        currency: record.currency,
        direction: record.direction,
        duplicateConfirmed: dup ? true : undefined,
      },
    });
    return id!;
  });
  return getRecords(session, [id])[0]!;
}
