import { and, eq } from 'drizzle-orm';
import { clientGrants, userPermissions } from '../db/schema';
import { LedgerVaultError } from '../errors';
import type { VaultSession } from '../vault/session';
import { OPERATIONS, ROLE_MATRIX, WRITE_OPERATIONS, type Operation, type Permission } from './permissions';

export interface AccessDecision {
  allowed: boolean;
  reason: 'role' | 'no_grant' | 'read_only_grant' | 'restricted_session' | null;
}

/** The pure decision, for the UI (what to show) and for `authorize` (what to allow). */
export function decide(session: VaultSession, operation: Operation, clientId?: number | null): AccessDecision {
  if (session.restriction) return { allowed: false, reason: 'restricted_session' };
  const op = OPERATIONS[operation];
  const role = ROLE_MATRIX[session.user.role];
  if (!hasPermission(session, op.permission)) return { allowed: false, reason: 'role' };
  if (op.client && role.clientScope === 'granted') {
    if (clientId === undefined || clientId === null) return { allowed: false, reason: 'no_grant' };
    const grant = session.orm
      .select()
      .from(clientGrants)
      .where(and(eq(clientGrants.userId, session.user.id), eq(clientGrants.clientId, clientId)))
      .get();
    if (!grant) return { allowed: false, reason: 'no_grant' };
    if (WRITE_OPERATIONS.has(operation) && !grant.canWrite) return { allowed: false, reason: 'read_only_grant' };
  }
  return { allowed: true, reason: null };
}

export function hasPermission(session: VaultSession, permission: Permission): boolean {
  if (ROLE_MATRIX[session.user.role].permissions.includes(permission)) return true;
  return (
    session.orm
      .select()
      .from(userPermissions)
      .where(and(eq(userPermissions.userId, session.user.id), eq(userPermissions.permission, permission)))
      .get() !== undefined
  );
}

/**
 * Checks one operation for the signed-in user. A refusal is written to the audit log in its own
 * transaction (so it stays even though the operation does not happen) and thrown as E_FORBIDDEN.
 */
export function authorize(session: VaultSession, operation: Operation, clientId?: number | null): void {
  const decision = decide(session, operation, clientId);
  if (decision.allowed) return;
  session.write((ctx) =>
    ctx.audit({
      action: operation,
      outcome: 'denied',
      clientId: clientId ?? null,
      details: { reason: decision.reason, role: session.user.role },
    }),
  );
  if (decision.reason === 'restricted_session') {
    const first = session.restriction === 'password-change' ? 'session.mustChangePassword' : 'session.mustEnrolMfa';
    throw new LedgerVaultError('E_FORBIDDEN', `${session.user.username} must first ${session.restriction}.`, {
      messageKey: first,
    });
  }
  throw new LedgerVaultError(
    'E_FORBIDDEN',
    `${session.user.username} (${session.user.role}) may not ${operation}${clientId ? ` for client ${clientId}` : ''}: ${decision.reason}.`,
  );
}
