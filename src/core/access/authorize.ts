import { and, eq } from 'drizzle-orm';
import { clientGrants, userPermissions } from '../db/schema';
import { LedgerVaultError } from '../errors';
import type { VaultSession } from '../vault/session';
import { OPERATIONS, ROLE_MATRIX, WRITE_OPERATIONS, type Operation, type Permission } from './permissions';

export interface AccessDecision {
  allowed: boolean;
  reason: 'role' | 'no_grant' | 'read_only_grant' | 'restricted_session' | null;
}

/** The part of a decision that needs nothing the request names: the session and the role. */
function decideRole(session: VaultSession, operation: Operation): AccessDecision {
  if (session.restriction) return { allowed: false, reason: 'restricted_session' };
  if (!hasPermission(session, OPERATIONS[operation].permission)) return { allowed: false, reason: 'role' };
  return { allowed: true, reason: null };
}

/** The pure decision, for the UI (what to show) and for `authorize` (what to allow). */
export function decide(session: VaultSession, operation: Operation, clientId?: number | null): AccessDecision {
  const byRole = decideRole(session, operation);
  if (!byRole.allowed) return byRole;
  const op = OPERATIONS[operation];
  const role = ROLE_MATRIX[session.user.role];
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
  if (!decision.allowed) deny(session, operation, decision, { clientId: clientId ?? null });
}

/** What a refused request named, for its audit event. */
export interface DeniedTarget {
  clientId?: number | null;
  targetType?: string;
  targetId?: string;
}

/**
 * The role half of `authorize` (the permission, a restricted session), for a request that names
 * something to look up (a record id, a user name): run first, so that a user the role refuses
 * learns nothing about whether it exists. The target goes to the audit event as it was asked for.
 */
export function authorizeRole(session: VaultSession, operation: Operation, target: DeniedTarget = {}): void {
  const decision = decideRole(session, operation);
  if (!decision.allowed) deny(session, operation, decision, target);
}

/** Audits a refusal (in its own transaction, so it stays) and throws it as E_FORBIDDEN. */
function deny(session: VaultSession, operation: Operation, decision: AccessDecision, target: DeniedTarget): never {
  session.write((ctx) =>
    ctx.audit({
      action: operation,
      outcome: 'denied',
      clientId: target.clientId ?? null,
      targetType: target.targetType,
      targetId: target.targetId,
      details: { reason: decision.reason, role: session.user.role },
    }),
  );
  if (decision.reason === 'restricted_session') {
    const first = session.restriction === 'password-change' ? 'session.mustChangePassword' : 'session.mustEnrolMfa';
    throw new LedgerVaultError('E_FORBIDDEN', `${session.user.username} must first ${session.restriction}.`, {
      messageKey: first,
    });
  }
  const clientId = target.clientId;
  throw new LedgerVaultError(
    'E_FORBIDDEN',
    `${session.user.username} (${session.user.role}) may not ${operation}${clientId ? ` for client ${clientId}` : ''}: ${decision.reason}.`,
  );
}
