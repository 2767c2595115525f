/**
 * Where each posture fact comes from (issue 17, Build 1): one function per fact, reading the
 * vault directly (the posture's caller is authorized once, as 'posture.view', and audited once),
 * judged by the thresholds in src/shared/posture/rules.ts (the registers of Builds 3-8: their own
 * rules beside them, e.g. src/shared/people/rules.ts).
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { backupAge } from '../backup/backup-schedule';
import { findingFacts } from '../internal-audit';
import { auditEvents, backupHistory, users } from '../db/schema';
import { partnerFacts } from '../partners';
import { incidentFacts } from '../incidents';
import { reviewFacts } from '../review';
import { peopleCounts } from '../people';
import { agreementCounts } from '../agreements';
import type { Settings } from '../settings/settings';
import { compareVersions, highestVersion } from '../update';
import { readAuditAnchor } from '../vault/audit-anchor';
import { newestSeal } from '../vault/audit-seals';
import type { VaultSession } from '../vault/session';
import { ROLE_NAMES } from '../../shared/access/roles';
import type { PostureFact, PostureFactId } from '../../shared/posture/contract';
import {
  LOOKBACK_DAYS,
  auditVerdict,
  backupVerdict,
  disclosureVerdict,
  findingsVerdict,
  idleVerdict,
  incidentVerdict,
  keychainVerdict,
  mfaVerdict,
  partnersVerdict,
  passwordVerdict,
  reviewAgeVerdict,
  roundVerdict,
  signinVerdict,
  updateVerdict,
  type KeychainFact,
  type Verdict,
} from '../../shared/posture/rules';
import { DAY_MS, shanghaiDate } from '../../shared/time';
import { peopleVerdict } from '../../shared/people/rules';
import { agreementsVerdict } from '../../shared/agreements/rules';

export interface PostureContext {
  session: VaultSession;
  now: Date;
  settings: Settings;
  /** The running app's version (the shell's), to hold against the newest verified release. */
  appVersion: string;
}

type Source = (c: PostureContext) => PostureFact | Promise<PostureFact>;

const fact = (
  id: PostureFactId,
  verdict: Verdict,
  params: PostureFact['params'],
  fixRoute: PostureFact['fixRoute'],
): PostureFact => ({ id, status: verdict.status, detail: verdict.detail, params, fixRoute });

const since = (c: PostureContext) => new Date(c.now.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString();

function mfa(c: PostureContext): PostureFact {
  const staff = c.session.orm.select().from(users).where(eq(users.status, 'active')).all();
  const required = new Set(c.settings.mfaRequiredRoles);
  const roles = ROLE_NAMES.map((role) => {
    const ofRole = staff.filter((u) => u.role === role);
    // Version 2 keeps the confirmed secret sealed (mfa_secret_enc), version 1 in mfa_secret.
    const enrolled = ofRole.filter((u) => u.mfaSecretEnc !== null || u.mfaSecret !== null).length;
    return { role, required: required.has(role), enrolled, total: ofRole.length };
  });
  const params: PostureFact['params'] = {};
  for (const r of roles) params[r.role] = `${r.enrolled}/${r.total}`;
  params.missing = roles.filter((r) => r.required).reduce((n, r) => n + r.total - r.enrolled, 0);
  params.requiredRoles = [...required].join(',');
  return fact('mfa', mfaVerdict(roles), params, '/users');
}

function password(c: PostureContext): PostureFact {
  const s = c.settings;
  return fact(
    'password',
    passwordVerdict(s),
    {
      history: s.passwordHistory,
      tries: s.lockoutThreshold,
      minutes: s.lockoutMinutes,
      maxAgeDays: s.passwordMaxAgeDays,
    },
    '/settings',
  );
}

function idle(c: PostureContext): PostureFact {
  return fact('idle', idleVerdict(c.settings.idleMinutes), { minutes: c.settings.idleMinutes }, '/settings');
}

function reviews(c: PostureContext): { age: PostureFact; round: PostureFact } {
  const r = reviewFacts(c.session, c.now);
  const age = reviewAgeVerdict(r.lastClosedAt, c.now.getTime());
  return {
    age: fact('reviewAge', age, { closedAt: r.lastClosedAt, days: age.days }, '/review'),
    round: fact('reviewRound', roundVerdict(r.openDue, shanghaiDate(c.now)), { dueDate: r.openDue }, '/review'),
  };
}

/** The last verified backup, as the backup screen and the home screen judge it (backup-schedule.ts). */
function backup(c: PostureContext): PostureFact {
  const last = c.session.orm
    .select()
    .from(backupHistory)
    .where(sql`${backupHistory.verifiedAt} IS NOT NULL`)
    .orderBy(desc(backupHistory.id))
    .limit(1)
    .get();
  const age = backupAge(last?.verifiedAt ?? null, c.now.getTime(), {
    amberDays: c.settings.backupAmberDays,
    redDays: c.settings.backupRedDays,
  });
  return fact(
    'backup',
    backupVerdict(age.level),
    {
      verifiedAt: last?.verifiedAt ?? null,
      days: age.ageDays,
      amberDays: c.settings.backupAmberDays,
      redDays: c.settings.backupRedDays,
    },
    '/backup',
  );
}

/**
 * The chain as last verified in full (the newest audit.verify event: recomputing a big vault's
 * chain takes minutes, so the posture does not), the unlock's own check (an integrity alarm),
 * and the newest seal. The fix is the full verification, run from the posture screen.
 */
function audit(c: PostureContext): PostureFact {
  const db = c.session.orm;
  const last = db
    .select({ at: auditEvents.at, outcome: auditEvents.outcome })
    .from(auditEvents)
    .where(eq(auditEvents.action, 'audit.verify'))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  const seal = newestSeal(c.session.db);
  const lastVerify = last ? { ok: last.outcome === 'ok', at: last.at } : null;
  const verdict = auditVerdict({ alarm: c.session.integrityAlarm !== null, lastVerify }, c.now.getTime());
  return {
    ...fact(
      'audit',
      verdict,
      { verifiedAt: last?.at ?? null, sealId: seal?.id ?? null, sealedAt: seal?.body.sealedAt ?? null },
      '/audit',
    ),
    fixAction: 'audit.verify',
  };
}

/**
 * The keychain's audit anchor (the newest seal mirrored outside the folder, issue 12): read now,
 * after this session's queued mirror writes, and held against the newest seal in the vault.
 */
async function keychain(c: PostureContext): Promise<PostureFact> {
  const s = c.session;
  const seal = newestSeal(s.db);
  let f: KeychainFact;
  const store = s.seals.anchorStore;
  if (!store) f = { kind: 'not-mirrored' };
  else {
    await s.anchorsWritten();
    if (s.seals.anchorWarning) f = { kind: 'failed' };
    else {
      try {
        const anchor = await readAuditAnchor(store, s.vaultId);
        if (!anchor) f = { kind: 'missing' };
        else f = seal && anchor.seal.sealId < seal.id ? { kind: 'behind' } : { kind: 'current' };
      } catch {
        f = { kind: 'unreadable' };
      }
    }
  }
  return fact('keychain', keychainVerdict(f), { sealId: seal?.id ?? null }, null);
}

function signins(c: PostureContext): PostureFact {
  const rows = c.session.orm
    .select({ action: auditEvents.action, details: auditEvents.details })
    .from(auditEvents)
    .where(and(inArray(auditEvents.action, ['auth.signal', 'auth.lockout']), gte(auditEvents.at, since(c))))
    .all();
  const lockouts = rows.filter((r) => r.action === 'auth.lockout').length;
  const signals = rows.filter((r) => r.action === 'auth.signal');
  const bursts = signals.filter((r) => r.details.includes('"failure_burst"')).length;
  const counts = { alerts: signals.length, lockouts, bursts };
  return fact('signins', signinVerdict(counts), { ...counts, days: LOOKBACK_DAYS }, '/audit');
}

function disclosures(c: PostureContext): PostureFact {
  const rows = c.session.orm
    .select({ action: auditEvents.action, outcome: auditEvents.outcome, n: sql<number>`count(*)` })
    .from(auditEvents)
    .where(and(inArray(auditEvents.action, ['records.reveal', 'records.export']), gte(auditEvents.at, since(c))))
    .groupBy(auditEvents.action, auditEvents.outcome)
    .all();
  const n = (action: string, outcome: string) =>
    rows.filter((r) => r.action === action && r.outcome === outcome).reduce((a, r) => a + r.n, 0);
  const counts = {
    reveals: n('records.reveal', 'ok'),
    exports: n('records.export', 'ok'),
    denied: n('records.reveal', 'denied') + n('records.export', 'denied'),
  };
  return fact('disclosures', disclosureVerdict(counts), { ...counts, days: LOOKBACK_DAYS }, '/audit');
}

/**
 * The newest release a check verified (the update feature audits each as 'update.check' with its
 * version: src/core/update/update-flows.ts), against the running version.
 */
function update(c: PostureContext): PostureFact {
  const versions = c.session.orm
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'update.check'), eq(auditEvents.outcome, 'ok')))
    .all()
    .map((r) => (JSON.parse(r.details) as { version?: unknown }).version)
    .filter((x): x is string => typeof x === 'string');
  const newest = versions.length > 0 ? highestVersion(...versions) : null;
  let newer = false;
  try {
    newer = newest !== null && compareVersions(newest, c.appVersion) > 0;
  } catch {
    // A development build has no release version: any verified release is newer.
    newer = newest !== null;
  }
  return fact('update', updateVerdict({ newest, newer }), { installed: c.appVersion, newest }, '/update');
}

/** Internal audit findings (Build 8): open ones past or near their due day, and the last audit held. */
function findings(c: PostureContext): PostureFact {
  const f = findingFacts(c.session);
  const verdict = findingsVerdict(f, shanghaiDate(c.now));
  const sorted = [...f.openDue].sort();
  const today = shanghaiDate(c.now);
  return fact(
    'findings',
    verdict,
    {
      open: f.openDue.length,
      overdue: verdict.overdue,
      dueSoon: verdict.dueSoon,
      oldestDue: sorted[0] ?? null,
      nextDue: sorted.find((d) => d >= today) ?? null,
      lastHeldOn: f.lastHeldOn,
    },
    '/internal-audit',
  );
}

/** Partners (Build 6): any active partner overdue or never assessed is red, one due within 30 days amber. */
function partnerSource(c: PostureContext): PostureFact {
  const { names, nextDue, ...counts } = partnerFacts(c.session, c.now);
  return fact('partners', partnersVerdict(counts), { ...counts, names, nextDue }, '/partners');
}

/** Incidents (Build 3): open real incidents; red while a client of a high or critical one waits too long. */
function incidentSource(c: PostureContext): PostureFact {
  const f = incidentFacts(c.session, c.now);
  return fact('incidents', incidentVerdict(f), { ...f }, '/incidents');
}

/** People (Build 4): active staff without current training or acknowledgements (src/shared/people/rules.ts). */
function people(c: PostureContext): PostureFact {
  const counts = peopleCounts(c.session, c.now);
  return fact('people', peopleVerdict(counts), { ...counts }, '/people');
}

/** Client agreements (Build 5): active clients without a current one, or renewing soon. */
function agreements(c: PostureContext): PostureFact {
  const counts = agreementCounts(c.session, c.now);
  return fact('agreements', agreementsVerdict(counts), { ...counts }, '/agreements');
}

/** Every fact's source, in the screen's order (POSTURE_FACT_IDS). */
export function postureSources(): Record<PostureFactId, Source> {
  let reviewed: ReturnType<typeof reviews> | null = null;
  const review = (c: PostureContext) => (reviewed ??= reviews(c));
  return {
    mfa,
    password,
    idle,
    reviewAge: (c) => review(c).age,
    reviewRound: (c) => review(c).round,
    backup,
    audit,
    keychain,
    signins,
    disclosures,
    update,
    people,
    agreements,
    partners: partnerSource,
    incidents: incidentSource,
    findings,
  };
}
