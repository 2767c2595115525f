/**
 * The risk register (issue 17, Build 7; seed 十九): each risk rated for likelihood and impact
 * (1-5), a treatment and its plan, an owner and a review day. A risk may name the posture fact
 * that signals it ('backup' for data loss): while that fact is amber or red the risk is shown
 * raised one band, with the fact as the reason. The facts are read live, with the posture's own
 * sources, each time the register is read; nothing about the raise is stored. Admins and managers
 * keep the register ('risk.manage'), auditors read it ('risk.list'); every change is audited.
 */
import { eq } from 'drizzle-orm';
import { authorize, decide } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { risks } from '../db/registers-schema';
import { users } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { postureSources, type PostureContext } from '../posture/sources';
import { readSettings } from '../settings/settings';
import type { VaultSession } from '../vault/session';
import type { PostureFact, PostureFactId } from '../../shared/posture/contract';
import {
  riskAddStarter,
  riskSave,
  type RiskAddStarter,
  type RiskSave,
  type RisksView,
  type RiskView,
} from '../../shared/risks/contract';
import { raiseLevel, raisedBy, riskLevel, riskScore, RISK_LEVELS } from '../../shared/risks/rules';
import { STARTER_REVIEW_DAYS, STARTER_RISKS } from '../../shared/risks/starters';
import { DAY_MS, shanghaiDate } from '../../shared/time';

type RiskRow = typeof risks.$inferSelect;

/** What the register needs besides the session: the running version (the 'update' fact reads it). */
export interface RiskOptions {
  appVersion: string;
  now?: Date;
}

function activeOwner(session: VaultSession, username: string): typeof users.$inferSelect {
  const row = session.orm.select().from(users).where(eq(users.username, username)).get();
  if (!row || row.status !== 'active') throw inputError('risks.ownerNotActive', { username });
  return row;
}

function writeRisk(session: VaultSession, r: RiskSave, ownerId: string, now: Date, starter?: string): void {
  const before = r.id === undefined ? null : session.orm.select().from(risks).where(eq(risks.id, r.id)).get();
  if (r.id !== undefined && !before) throw inputError('risks.notFound', { id: r.id });
  const at = now.toISOString();
  const values = {
    title: r.title,
    description: r.description,
    likelihood: r.likelihood,
    impact: r.impact,
    treatment: r.treatment,
    treatmentPlan: r.treatmentPlan,
    ownerId,
    reviewDate: r.reviewDate,
    signal: r.signal,
    status: r.status,
    updatedAt: at,
    updatedBy: session.user.id,
  };
  const score = riskScore(r.likelihood, r.impact);
  session.write((ctx) => {
    if (!before) {
      const row = ctx.orm
        .insert(risks)
        .values({ ...values, createdAt: at, createdBy: session.user.id })
        .returning()
        .get();
      ctx.audit({
        action: 'risk.create',
        targetType: 'risk',
        targetId: String(row.id),
        details: { title: r.title, score, level: riskLevel(score), signal: r.signal, starter: starter ?? null },
      });
      return;
    }
    ctx.orm.update(risks).set(values).where(eq(risks.id, before.id)).run();
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(values) as (keyof typeof values)[]) {
      if (key === 'updatedAt' || key === 'updatedBy') continue;
      if (before[key] !== values[key]) changed[key] = { from: before[key], to: values[key] };
    }
    ctx.audit({
      action: r.status === 'closed' && before.status === 'open' ? 'risk.close' : 'risk.update',
      targetType: 'risk',
      targetId: String(before.id),
      details: { title: r.title, score, level: riskLevel(score), changed },
    });
  });
}

/** Adds a risk or changes one (closing it, or opening it again, is a change of status). */
export async function saveRisk(session: VaultSession, input: RiskSave, opts: RiskOptions): Promise<RisksView> {
  const r = parseInput(riskSave, input);
  authorize(session, 'risk.manage');
  const owner = activeOwner(session, r.owner);
  const now = opts.now ?? new Date();
  writeRisk(session, r, owner.id, now);
  return risksView(session, { ...opts, now });
}

/** Titles of the risks in the register, to tell which starters are in it already (in either language). */
function startersLeft(rows: RiskRow[]): string[] {
  const titles = new Set(rows.map((r) => r.title));
  return STARTER_RISKS.filter((s) => !titles.has(s.title['zh-CN']) && !titles.has(s.title.en)).map((s) => s.key);
}

/** One click: a starter risk in the caller's language, owned by the caller, reviewed in 90 days. */
export async function addStarterRisk(
  session: VaultSession,
  input: RiskAddStarter,
  opts: RiskOptions,
): Promise<RisksView> {
  const { key, locale } = parseInput(riskAddStarter, input);
  authorize(session, 'risk.manage');
  const starter = STARTER_RISKS.find((s) => s.key === key);
  if (!starter) throw inputError('risks.starterUnknown', { key });
  const rows = session.orm.select().from(risks).all();
  if (!startersLeft(rows).includes(key))
    throw new LedgerVaultError('E_CONFLICT', `The starter risk ${key} is in the register.`, {
      messageKey: 'risks.starterAdded',
      params: { title: starter.title[locale] },
    });
  const now = opts.now ?? new Date();
  const risk: RiskSave = {
    title: starter.title[locale],
    description: starter.description[locale],
    likelihood: starter.likelihood,
    impact: starter.impact,
    treatment: starter.treatment,
    treatmentPlan: starter.plan[locale],
    owner: session.user.username,
    reviewDate: shanghaiDate(now.getTime() + STARTER_REVIEW_DAYS * DAY_MS),
    signal: starter.signal,
    status: 'open',
  };
  writeRisk(session, risk, session.user.id, now, key);
  return risksView(session, { ...opts, now });
}

/** The linked facts of the open risks, read now with the posture's sources (no posture.view event). */
async function readSignals(session: VaultSession, ids: Set<PostureFactId>, opts: Required<RiskOptions>) {
  const facts = new Map<PostureFactId, PostureFact>();
  if (ids.size === 0) return facts;
  const context: PostureContext = {
    session,
    now: opts.now,
    settings: readSettings(session),
    appVersion: opts.appVersion,
  };
  const sources = postureSources();
  for (const id of ids) facts.set(id, await sources[id](context));
  return facts;
}

async function risksView(session: VaultSession, opts: RiskOptions): Promise<RisksView> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const rows = session.orm.select().from(risks).all();
  const people = session.orm.select().from(users).all();
  const byId = new Map(people.map((u) => [u.id, u]));
  const signals = new Set(rows.filter((r) => r.status === 'open' && r.signal !== null).map((r) => r.signal!));
  const known = new Set<string>(Object.keys(postureSources()));
  const facts = await readSignals(session, new Set([...signals].filter((s) => known.has(s)) as PostureFactId[]), {
    appVersion: opts.appVersion,
    now,
  });
  const views = rows.map((r): RiskView => {
    const score = riskScore(r.likelihood, r.impact);
    const level = riskLevel(score);
    const open = r.status === 'open';
    const fact = open && r.signal !== null ? (facts.get(r.signal as PostureFactId) ?? null) : null;
    const raised = raisedBy(fact?.status ?? null, open);
    const owner = byId.get(r.ownerId);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      likelihood: r.likelihood,
      impact: r.impact,
      score,
      level,
      effectiveLevel: raised ? raiseLevel(level) : level,
      raisedBy: raised ? fact : null,
      treatment: r.treatment,
      treatmentPlan: r.treatmentPlan,
      owner: owner?.username ?? r.ownerId,
      ownerName: owner?.displayName ?? '',
      reviewDate: r.reviewDate,
      reviewOverdue: open && r.reviewDate < today,
      signal: (r.signal as PostureFactId | null) ?? null,
      signalStatus: fact?.status ?? null,
      status: r.status,
      updatedAt: r.updatedAt,
      updatedBy: byId.get(r.updatedBy)?.username ?? r.updatedBy,
    };
  });
  const rank = (v: RiskView) => RISK_LEVELS.indexOf(v.effectiveLevel);
  views.sort(
    (a, b) =>
      Number(a.status === 'closed') - Number(b.status === 'closed') ||
      rank(b) - rank(a) ||
      b.score - a.score ||
      a.id - b.id,
  );
  const canManage = decide(session, 'risk.manage').allowed;
  return {
    risks: views,
    today,
    canManage,
    starters: canManage ? startersLeft(rows) : [],
    owners: people
      .filter((u) => u.status === 'active')
      .map((u) => ({ username: u.username, displayName: u.displayName })),
  };
}

/** The register, for admins, managers and auditors; audited as risk.list (repeats collapsed). */
export async function listRisks(session: VaultSession, opts: RiskOptions): Promise<RisksView> {
  authorize(session, 'risk.list');
  const view = await risksView(session, opts);
  const raised = view.risks.filter((r) => r.raisedBy !== null).length;
  auditRepeatable(
    session,
    { action: 'risk.list', identity: {}, details: { risks: view.risks.length, raised } },
    opts.now ?? new Date(),
  );
  return view;
}
