import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clients, paymentAccounts } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import {
  accountOpening,
  clientRef,
  newAccount,
  type AccountOpening,
  type AccountView,
  type NewAccount,
} from '../../shared/clients/contract';
import { parseAmount } from '../../shared/money';
import { shanghaiDayBounds } from '../../shared/time';
import { maskAccountNumber } from '../../shared/masking';
import type { VaultSession } from '../vault/session';

export type { AccountView };

function view(a: typeof paymentAccounts.$inferSelect): AccountView {
  return {
    id: a.id,
    clientId: a.clientId,
    kind: a.kind,
    institution: a.institution,
    accountNumber: maskAccountNumber(a.accountNumber, a.kind),
    holder: a.holder,
    currency: a.currency,
    openingBalanceMinor: a.openingBalanceMinor,
    openingBalanceDate: a.openingBalanceDate,
  };
}

/**
 * 期初余额 as typed, in minor units: both the amount and its day, or neither. The amount may be
 * negative (an overdrawn account or a credit card); the day must be a real Beijing calendar day.
 */
function opening(
  amount: string | null | undefined,
  date: string | null | undefined,
  currency: string,
): { minor: number | null; date: string | null } {
  const typed = amount?.trim() ?? '';
  if (typed === '' && !date) return { minor: null, date: null };
  if (typed === '') throw inputError('account.opening.amount');
  if (!date || shanghaiDayBounds(date) === null) throw inputError('account.opening.date');
  const negative = typed.startsWith('-');
  const parsed = parseAmount(negative ? typed.slice(1) : typed, currency);
  if (!parsed.ok) throw inputError('record.amount.format');
  return { minor: negative ? -parsed.minor : parsed.minor, date };
}

/** A client's payment account (bank account, Alipay, WeChat Pay, card): needs a write grant. */
export function addPaymentAccount(session: VaultSession, account: NewAccount): AccountView {
  const input = parseInput(newAccount, account);
  authorize(session, 'records.create', input.clientId);
  // Looked up once the user may write for this client (a manager reaches every id).
  if (!session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, input.clientId)).get())
    throw inputError('client.notFound', { id: input.clientId });
  const start = opening(input.openingBalance, input.openingBalanceDate, input.currency ?? 'CNY');
  const now = new Date().toISOString();
  return session.write((ctx) => {
    const row = ctx.orm
      .insert(paymentAccounts)
      .values({
        clientId: input.clientId,
        kind: input.kind,
        institution: input.institution?.trim() || null,
        accountNumber: input.accountNumber?.replace(/\s/g, '') || null,
        holder: input.holder?.trim() || null,
        currency: input.currency ?? 'CNY',
        openingBalanceMinor: start.minor,
        openingBalanceDate: start.date,
        createdAt: now,
        createdBy: session.user.id,
        updatedAt: now,
        updatedBy: session.user.id,
      })
      .returning()
      .get();
    ctx.audit({
      action: 'account.create',
      targetType: 'account',
      targetId: String(row.id),
      clientId: input.clientId,
      details: { kind: input.kind, openingBalanceMinor: start.minor, openingBalanceDate: start.date },
    });
    return view(row);
  });
}

/** Sets or clears an account's 期初余额 (needs a write grant for its client); audited with old and new. */
export function setAccountOpening(session: VaultSession, change: AccountOpening): AccountView {
  const input = parseInput(accountOpening, change);
  const before = session.orm.select().from(paymentAccounts).where(eq(paymentAccounts.id, input.id)).get();
  if (!before) throw new LedgerVaultError('E_NOT_FOUND');
  authorize(session, 'records.create', before.clientId);
  const next = opening(input.openingBalance, input.openingBalanceDate, before.currency);
  return session.write((ctx) => {
    const row = ctx.orm
      .update(paymentAccounts)
      .set({
        openingBalanceMinor: next.minor,
        openingBalanceDate: next.date,
        updatedAt: new Date().toISOString(),
        updatedBy: session.user.id,
      })
      .where(eq(paymentAccounts.id, input.id))
      .returning()
      .get();
    ctx.audit({
      action: 'account.update',
      targetType: 'account',
      targetId: String(input.id),
      clientId: before.clientId,
      details: {
        openingBalanceMinor: { from: before.openingBalanceMinor, to: next.minor },
        openingBalanceDate: { from: before.openingBalanceDate, to: next.date },
      },
    });
    return view(row);
  });
}

export function listPaymentAccounts(session: VaultSession, id: number): AccountView[] {
  const { clientId } = parseInput(clientRef, { clientId: id });
  authorize(session, 'records.list', clientId);
  return session.orm
    .select()
    .from(paymentAccounts)
    .where(eq(paymentAccounts.clientId, clientId))
    .orderBy(paymentAccounts.id)
    .all()
    .map(view);
}
