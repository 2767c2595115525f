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
import { openText, sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import { requireClientKey } from '../access/client-names';
import { nextRowId } from '../vault/row-ids';

export type { AccountView };

type AccountRow = typeof paymentAccounts.$inferSelect;
type SealedField = 'account_number' | 'holder';

function at(a: { id: number; clientId: number }, field: SealedField) {
  return { clientId: a.clientId, table: 'payment_accounts' as const, rowId: a.id, field };
}

/**
 * An account's full number and holder, decrypted with its client's key (E_FORBIDDEN without it,
 * E_INTEGRITY for a changed or moved value). The full number is for masking here and for an
 * audited reveal; it never leaves the core otherwise.
 */
export function openAccount(
  session: VaultSession,
  a: Pick<AccountRow, 'id' | 'clientId' | 'accountNumberEnc' | 'holderEnc'>,
): { accountNumber: string | null; holder: string | null } {
  return {
    accountNumber: openText(session, at(a, 'account_number'), a.accountNumberEnc),
    holder: openText(session, at(a, 'holder'), a.holderEnc),
  };
}

function view(session: VaultSession, a: AccountRow): AccountView {
  const { accountNumber, holder } = openAccount(session, a);
  return {
    id: a.id,
    clientId: a.clientId,
    kind: a.kind,
    institution: a.institution,
    // Masked only after decrypting: the last 4 digits are not stored anywhere in the clear.
    accountNumber: maskAccountNumber(accountNumber, a.kind),
    holder,
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
  requireClientKey(session, 'records.create', input.clientId);
  const start = opening(input.openingBalance, input.openingBalanceDate, input.currency ?? 'CNY');
  const now = new Date().toISOString();
  return session.write((ctx) => {
    // The id is bound into the sealed fields, so it is taken before the insert.
    const sealedAt = { id: nextRowId(ctx.db, 'payment_accounts'), clientId: input.clientId };
    const row = ctx.orm
      .insert(paymentAccounts)
      .values({
        id: sealedAt.id,
        clientId: input.clientId,
        kind: input.kind,
        institution: input.institution?.trim() || null,
        accountNumberEnc: sealText(
          session,
          at(sealedAt, 'account_number'),
          input.accountNumber?.replace(/\s/g, '') || null,
        ),
        holderEnc: sealText(session, at(sealedAt, 'holder'), input.holder?.trim() || null),
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
    return view(session, row);
  });
}

/** Sets or clears an account's 期初余额 (needs a write grant for its client); audited with old and new. */
export function setAccountOpening(session: VaultSession, change: AccountOpening): AccountView {
  const input = parseInput(accountOpening, change);
  const before = session.orm.select().from(paymentAccounts).where(eq(paymentAccounts.id, input.id)).get();
  if (!before) throw new LedgerVaultError('E_NOT_FOUND');
  authorize(session, 'records.create', before.clientId);
  requireClientKey(session, 'records.create', before.clientId);
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
    return view(session, row);
  });
}

/** A client's accounts, numbers masked; needs a read grant and the client's key. */
export function listPaymentAccounts(session: VaultSession, id: number): AccountView[] {
  const { clientId } = parseInput(clientRef, { clientId: id });
  authorize(session, 'records.list', clientId);
  requireClientKey(session, 'records.list', clientId);
  return session.orm
    .select()
    .from(paymentAccounts)
    .where(eq(paymentAccounts.clientId, clientId))
    .orderBy(paymentAccounts.id)
    .all()
    .map((a) => view(session, a));
}
