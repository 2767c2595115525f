import type { AuditRow } from '../vault/audit-chain';
import type { VaultSession, WriteContext } from '../vault/session';

/**
 * Looking at things is audited, but paging back and forth through the same list must not bury
 * the log in copies (issue 10 item 7). The chain cannot be edited after the fact, so repeats are
 * collapsed forwards, never by rewriting an event:
 *
 * - the first of a run of identical events (same session, action, client and filter) is written
 *   at once, in its own transaction, like any other event;
 * - identical repeats after it are only counted, in memory, per session;
 * - the count is written as an `audit.repeated` event (naming the first event's seq, the total
 *   count and the time of the last repeat) inside the transaction of the next write of this
 *   session, whatever it is: a different list, a reveal, a sign-out (`auth.lock`, also at idle
 *   lock), a refusal.
 *
 * A crash (or a lock that writes no event) can therefore lose only the count of repeats, never
 * the first event, and the count is never written before the repeats happened. A write that
 * fails and rolls back takes the count with it for the same reason.
 */
interface Run {
  key: string;
  first: Pick<AuditRow, 'seq' | 'at' | 'action' | 'clientId'>;
  count: number;
  lastAt: string;
}

const runs = new WeakMap<VaultSession, Run>();

export interface RepeatableEvent {
  action: string;
  clientId?: number | null;
  /** What makes two events the same (the filter asked for); row counts are left out on purpose. */
  identity: unknown;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted, so that {a,b} and {b,a} are the same filter. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Writes the pending count of a run, if it had repeats, into the transaction of `ctx`. */
function flush(session: VaultSession, ctx: WriteContext): void {
  const run = runs.get(session);
  runs.delete(session);
  if (!run || run.count < 2) return;
  ctx.audit({
    action: 'audit.repeated',
    clientId: run.first.clientId,
    targetType: 'audit_event',
    targetId: String(run.first.seq),
    details: {
      repeatedAction: run.first.action,
      firstSeq: run.first.seq,
      count: run.count,
      firstAt: run.first.at,
      lastAt: run.lastAt,
    },
  });
}

/**
 * Audits a list-like event, collapsing identical repeats as described above. Returns whether an
 * event was written now (false: counted in the open run).
 */
export function auditRepeatable(session: VaultSession, event: RepeatableEvent, now: Date = new Date()): boolean {
  session.beforeWrite ??= (ctx) => flush(session, ctx);
  const key = stable([event.action, event.clientId ?? null, event.identity]);
  const run = runs.get(session);
  if (run && run.key === key) {
    run.count += 1;
    run.lastAt = now.toISOString();
    return false;
  }
  // The hook writes the previous run's count first, in this same transaction.
  const row = session.write(
    (ctx) => ctx.audit({ action: event.action, clientId: event.clientId ?? null, details: event.details }),
    { read: true },
  );
  runs.set(session, {
    key,
    first: { seq: row.seq, at: row.at, action: row.action, clientId: row.clientId },
    count: 1,
    lastAt: row.at,
  });
  return true;
}

/** Writes a pending count now (for callers that end a session without writing anything). */
export function flushRepeats(session: VaultSession): void {
  const run = runs.get(session);
  if (run && run.count > 1 && session.isOpen && !session.integrityAlarm) session.write(() => undefined);
  else runs.delete(session);
}
