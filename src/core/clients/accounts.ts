import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { ACCOUNT_KINDS, paymentAccounts } from '../db/schema';
import { inputError } from '../errors';
import { maskAccountNumber, type AccountKind } from '../../shared/masking';
import type { VaultSession } from '../vault/session';

export interface AccountView {
  id: number;
  clientId: number;
  kind: AccountKind;
  institution: string | null;
  /** Always masked: the full number is only for the reveal flow. */
  accountNumber: string | null;
  holder: string | null;
  currency: string;
}

function view(a: typeof paymentAccounts.$inferSelect): AccountView {
  return {
    id: a.id,
    clientId: a.clientId,
    kind: a.kind,
    institution: a.institution,
    accountNumber: maskAccountNumber(a.accountNumber, a.kind),
    holder: a.holder,
    currency: a.currency,
  };
}

/** A client's payment account (bank account, Alipay, WeChat Pay, card): needs a write grant. */
export function addPaymentAccount(
  session: VaultSession,
  input: {
    clientId: number;
    kind: AccountKind;
    institution?: string;
    accountNumber?: string;
    holder?: string;
    currency?: string;
  },
): AccountView {
  authorize(session, 'records.create', input.clientId);
  if (!(ACCOUNT_KINDS as readonly string[]).includes(input.kind)) throw inputError('field.required');
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
      details: { kind: input.kind },
    });
    return view(row);
  });
}

export function listPaymentAccounts(session: VaultSession, clientId: number): AccountView[] {
  authorize(session, 'records.list', clientId);
  return session.orm
    .select()
    .from(paymentAccounts)
    .where(eq(paymentAccounts.clientId, clientId))
    .orderBy(paymentAccounts.id)
    .all()
    .map(view);
}
