/**
 * Legal holds (诉讼保全、检查调阅): while one is in force on a client nothing of it is purged,
 * neither requested nor approved. Admins and managers place and release them; both audited
 * (the reason stays in the register, not in the audit log, which may be exported).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { legalHolds } from '../db/registers-schema';
import { clients } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import { retentionHoldId, retentionPlaceHold, type RetentionPlaceHold } from '../../shared/retention/contract';
import { shanghaiDate } from '../../shared/time';

export type HoldRow = typeof legalHolds.$inferSelect;

/** The hold in force on a client, if any. */
export function activeHold(session: Pick<VaultSession, 'orm'>, clientId: number): HoldRow | undefined {
  return session.orm
    .select()
    .from(legalHolds)
    .where(and(eq(legalHolds.clientId, clientId), isNull(legalHolds.releasedAt)))
    .get();
}

/** E_CONFLICT naming the hold's day and reason. */
export function heldError(hold: HoldRow): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `Client ${hold.clientId} is under legal hold ${hold.id}.`, {
    messageKey: 'retention.held',
    params: { since: shanghaiDate(hold.placedAt), reason: hold.reason },
  });
}

/** E_INPUT for a client that does not exist. */
export function requireClient(session: VaultSession, clientId: number): void {
  const row = session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId)).get();
  if (!row) throw inputError('retention.clientNotFound', { id: clientId });
}

export function placeHold(session: VaultSession, input: RetentionPlaceHold, now = new Date()): void {
  const { clientId, reason } = parseInput(retentionPlaceHold, input);
  authorize(session, 'retention.manage');
  requireClient(session, clientId);
  if (activeHold(session, clientId))
    throw new LedgerVaultError('E_CONFLICT', `Client ${clientId} is already under a legal hold.`, {
      messageKey: 'retention.alreadyHeld',
    });
  session.write((ctx) => {
    const hold = ctx.orm
      .insert(legalHolds)
      .values({ clientId, reason, placedAt: now.toISOString(), placedBy: session.user.id })
      .returning()
      .get();
    ctx.audit({
      action: 'retention.holdPlace',
      targetType: 'legal-hold',
      targetId: String(hold.id),
      clientId,
      details: { hold: hold.id },
    });
  });
}

export function releaseHold(session: VaultSession, input: { holdId: number }, now = new Date()): void {
  const { holdId } = parseInput(retentionHoldId, input);
  authorize(session, 'retention.manage');
  const hold = session.orm
    .select()
    .from(legalHolds)
    .where(and(eq(legalHolds.id, holdId), isNull(legalHolds.releasedAt)))
    .get();
  if (!hold) throw inputError('retention.holdNotFound', { id: holdId });
  session.write((ctx) => {
    ctx.orm
      .update(legalHolds)
      .set({ releasedAt: now.toISOString(), releasedBy: session.user.id })
      .where(eq(legalHolds.id, holdId))
      .run();
    ctx.audit({
      action: 'retention.holdRelease',
      targetType: 'legal-hold',
      targetId: String(holdId),
      clientId: hold.clientId,
      details: { hold: holdId, placedAt: hold.placedAt },
    });
  });
}
