/**
 * Retention periods per record kind (会计档案管理办法 附表一), seeded with the legal minimums on first
 * use, and which kind each payment account's records are kept as. Admins and managers edit
 * both; a period is never set below its legal minimum (第十五条: the periods are minimums).
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { accountRetention, retentionPeriods } from '../db/registers-schema';
import { paymentAccounts } from '../db/schema';
import { inputError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession, WriteContext } from '../vault/session';
import {
  retentionSetAccountKind,
  retentionSetPeriod,
  type RetentionPeriodView,
  type RetentionSetAccountKind,
  type RetentionSetPeriod,
} from '../../shared/retention/contract';
import {
  DEFAULT_RETENTION_KIND,
  isRetentionKind,
  periodProblem,
  RETENTION_DEFAULTS,
  RETENTION_KINDS,
  type RetentionKind,
} from '../../shared/retention/rules';

/** Who wrote a seeded row: no person chose it, the law did. */
export const SEEDED_BY = 'system';

/** The periods in force: stored rows, and the legal defaults for kinds not stored yet. */
export function readPeriods(session: Pick<VaultSession, 'orm'>): Map<RetentionKind, RetentionPeriodView> {
  const rows = session.orm.select().from(retentionPeriods).all();
  const byKind = new Map(rows.filter((r) => isRetentionKind(r.kind)).map((r) => [r.kind as RetentionKind, r]));
  return new Map(
    RETENTION_KINDS.map((kind) => {
      const row = byKind.get(kind);
      const seeded = !row || row.updatedBy === SEEDED_BY;
      return [
        kind,
        {
          kind,
          years: row?.years ?? RETENTION_DEFAULTS[kind].years,
          article: row?.article ?? RETENTION_DEFAULTS[kind].article,
          minYears: RETENTION_DEFAULTS[kind].years,
          updatedAt: seeded ? null : row.updatedAt,
          updatedBy: seeded ? null : row.updatedBy,
        },
      ];
    }),
  );
}

/** Writes the legal defaults of kinds not stored yet, in the caller's transaction; audited when any is. */
export function seedPeriods(ctx: WriteContext, now: string): void {
  const stored = new Set(
    ctx.orm
      .select({ kind: retentionPeriods.kind })
      .from(retentionPeriods)
      .all()
      .map((r) => r.kind),
  );
  const missing = RETENTION_KINDS.filter((k) => !stored.has(k));
  if (missing.length === 0) return;
  for (const kind of missing)
    ctx.orm
      .insert(retentionPeriods)
      .values({ kind, ...RETENTION_DEFAULTS[kind], updatedAt: now, updatedBy: SEEDED_BY })
      .run();
  ctx.audit({
    action: 'retention.seed',
    details: { kinds: missing, years: missing.map((k) => RETENTION_DEFAULTS[k].years) },
  });
}

/** Changes one kind's period and the article it cites (admins and managers); audited with before and after. */
export function setRetentionPeriod(session: VaultSession, input: RetentionSetPeriod, now = new Date()): void {
  const { kind, years, article } = parseInput(retentionSetPeriod, input);
  authorize(session, 'retention.manage');
  refuseProblem(periodProblem(kind, years));
  const at = now.toISOString();
  session.write((ctx) => {
    seedPeriods(ctx, at);
    const before = ctx.orm.select().from(retentionPeriods).where(eq(retentionPeriods.kind, kind)).get()!;
    ctx.orm
      .update(retentionPeriods)
      .set({ years, article, updatedAt: at, updatedBy: session.user.id })
      .where(eq(retentionPeriods.kind, kind))
      .run();
    ctx.audit({
      action: 'retention.period',
      targetType: 'retention-kind',
      targetId: kind,
      details: { kind, years, fromYears: before.years, articleChanged: before.article !== article },
    });
  });
}

/** The kind each account's records are kept as, for the accounts given (default when none set). */
export function accountKinds(session: Pick<VaultSession, 'orm'>): Map<number, RetentionKind> {
  const rows = session.orm.select().from(accountRetention).all();
  return new Map(rows.map((r) => [r.accountId, isRetentionKind(r.kind) ? r.kind : DEFAULT_RETENTION_KIND]));
}

/** Keeps one payment account's records as `kind` (a card kept as vouchers, say); audited. */
export function setAccountRetentionKind(session: VaultSession, input: RetentionSetAccountKind): void {
  const { accountId, kind } = parseInput(retentionSetAccountKind, input);
  authorize(session, 'retention.manage');
  const account = session.orm
    .select({ id: paymentAccounts.id, clientId: paymentAccounts.clientId })
    .from(paymentAccounts)
    .where(eq(paymentAccounts.id, accountId))
    .get();
  if (!account) throw inputError('retention.accountNotFound', { id: accountId });
  session.write((ctx) => {
    const before = ctx.orm.select().from(accountRetention).where(eq(accountRetention.accountId, accountId)).get();
    if (before) ctx.orm.update(accountRetention).set({ kind }).where(eq(accountRetention.accountId, accountId)).run();
    else ctx.orm.insert(accountRetention).values({ accountId, kind }).run();
    ctx.audit({
      action: 'retention.accountKind',
      targetType: 'account',
      targetId: String(accountId),
      clientId: account.clientId,
      details: { kind, from: before?.kind ?? DEFAULT_RETENTION_KIND },
    });
  });
}
