import { and, eq } from 'drizzle-orm';
import { clientGrants, clients, users } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import type { VaultSession } from '../vault/session';
import { authorize, hasPermission } from './authorize';

export interface GrantRow {
  username: string;
  clientId: number;
  clientName: string;
  canWrite: boolean;
}

/**
 * Admins grant any user; managers grant accountants only (their own permission
 * `grants.manage.accountants`). Both are checked and audited here.
 */
function authorizeGrantFor(session: VaultSession, targetRole: string): void {
  if (hasPermission(session, 'grants.manage')) return authorize(session, 'grant.set');
  if (hasPermission(session, 'grants.manage.accountants') && !session.restriction) {
    if (targetRole === 'accountant') return;
    session.write((ctx) =>
      ctx.audit({ action: 'grant.set', outcome: 'denied', details: { reason: 'not_accountant', targetRole } }),
    );
    throw new LedgerVaultError('E_FORBIDDEN', 'Managers may grant clients to accountants only.', {
      messageKey: 'grant.notAccountant',
    });
  }
  authorize(session, 'grant.set');
}

export function setClientGrant(
  session: VaultSession,
  input: { username: string; clientId: number; canWrite: boolean },
): void {
  const user = session.orm.select().from(users).where(eq(users.username, input.username)).get();
  if (!user) throw inputError('user.notFound', { username: input.username });
  authorizeGrantFor(session, user.role);
  const client = session.orm.select().from(clients).where(eq(clients.id, input.clientId)).get();
  if (!client) throw inputError('client.notFound', { id: input.clientId });
  const now = new Date().toISOString();
  session.write((ctx) => {
    ctx.orm
      .insert(clientGrants)
      .values({
        userId: user.id,
        clientId: input.clientId,
        canWrite: input.canWrite,
        grantedBy: session.user.id,
        grantedAt: now,
      })
      .onConflictDoUpdate({
        target: [clientGrants.userId, clientGrants.clientId],
        set: { canWrite: input.canWrite, grantedBy: session.user.id, grantedAt: now },
      })
      .run();
    ctx.audit({
      action: 'grant.set',
      targetType: 'user',
      targetId: user.id,
      clientId: input.clientId,
      details: { username: input.username, canWrite: input.canWrite },
    });
  });
}

export function revokeClientGrant(session: VaultSession, input: { username: string; clientId: number }): void {
  const user = session.orm.select().from(users).where(eq(users.username, input.username)).get();
  if (!user) throw inputError('user.notFound', { username: input.username });
  authorizeGrantFor(session, user.role);
  session.write((ctx) => {
    ctx.orm
      .delete(clientGrants)
      .where(and(eq(clientGrants.userId, user.id), eq(clientGrants.clientId, input.clientId)))
      .run();
    ctx.audit({
      action: 'grant.revoke',
      targetType: 'user',
      targetId: user.id,
      clientId: input.clientId,
      details: { username: input.username },
    });
  });
}

export function listClientGrants(session: VaultSession): GrantRow[] {
  if (!hasPermission(session, 'grants.manage.accountants')) authorize(session, 'grant.list');
  return session.orm
    .select({
      username: users.username,
      clientId: clientGrants.clientId,
      clientName: clients.name,
      canWrite: clientGrants.canWrite,
    })
    .from(clientGrants)
    .innerJoin(users, eq(users.id, clientGrants.userId))
    .innerJoin(clients, eq(clients.id, clientGrants.clientId))
    .orderBy(users.username, clientGrants.clientId)
    .all();
}
