import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clients, paymentAccounts } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import { clientRef, newAccount, type AccountView, type NewAccount } from '../../shared/clients/contract';
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
  };
}

/** A client's payment account (bank account, Alipay, WeChat Pay, card): needs a write grant. */
export function addPaymentAccount(session: VaultSession, account: NewAccount): AccountView {
  const input = parseInput(newAccount, account);
  authorize(session, 'records.create', input.clientId);
  // Looked up once the user may write for this client (a manager reaches every id).
  if (!session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, input.clientId)).get())
    throw inputError('client.notFound', { id: input.clientId });
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
