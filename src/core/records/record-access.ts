import { eq } from 'drizzle-orm';
import { authorize, authorizeRole, decide } from '../access/authorize';
import type { Operation } from '../access/permissions';
import { paymentRecords } from '../db/schema';
import { LedgerVaultError } from '../errors';
import type { VaultSession } from '../vault/session';
import { requireClientKey } from './sealed-record';

export type RecordRow = typeof paymentRecords.$inferSelect;

/**
 * Authorizes `operation` on the record `id` and returns it, in an order that tells a refused user
 * nothing they may not know: the role's permission first, before the id is looked up; then a
 * record that does not exist (or is deleted, for a change) and one of a client the user has no
 * grant for are refused alike: the same code, message and audit event (no client named), so
 * record ids cannot be probed. A read-only grant is refused as such: that user sees the record.
 * Allowed but without the client's key: E_FORBIDDEN 'client.noKey'.
 */
export function authorizeRecord(
  session: VaultSession,
  operation: Operation,
  id: number,
  opts: { includeDeleted?: boolean } = {},
): RecordRow {
  const target = { targetType: 'record', targetId: String(id) };
  authorizeRole(session, operation, target);
  const row = session.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get();
  const found = row && (opts.includeDeleted || !row.deletedAt) ? row : undefined;
  const decision = found ? decide(session, operation, found.clientId) : null;
  if (!found || decision?.reason === 'no_grant') {
    session.write((ctx) =>
      ctx.audit({
        action: operation,
        outcome: 'denied',
        clientId: null,
        ...target,
        details: { reason: 'not_found_or_no_grant', role: session.user.role },
      }),
    );
    throw new LedgerVaultError('E_NOT_FOUND', `No record ${id} that ${session.user.username} may reach.`, {
      messageKey: 'record.notFound',
      params: { id },
    });
  }
  // Anything else refused (a read-only grant for a change) is refused and audited as usual.
  if (!decision?.allowed) authorize(session, operation, found.clientId);
  // The rules allow it; the key must agree (a grant without its key wrap reads nothing).
  requireClientKey(session, operation, found.clientId);
  return found;
}
