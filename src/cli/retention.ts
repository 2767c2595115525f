/**
 * `ledgervault retention ...` (issue 17, Build 9 and 11): retention periods, legal holds and the
 * two-person purge of deleted records past their period, through the same core functions (and
 * the same authorization and audit) as the screen. `purge --dry-run` only shows what would go.
 */
import {
  approvePurge,
  getRetention,
  placeHold,
  planPurge,
  refusePurge,
  releaseHold,
  requestPurge,
  retentionView,
  setAccountRetentionKind,
  setRetentionPeriod,
} from '../core/retention/index';
import type { PurgePlan, RetentionView } from '../shared/retention/contract';
import { RETENTION_KINDS } from '../shared/retention/rules';
import { printJson } from './output';
import { flag } from './parse';
import { signedInCommand } from './session';

const say = (line: string) => process.stdout.write(`${line}\n`);
const clientLabel = (id: number, name: string | null) => (name ? `${name} (client ${id})` : `client ${id}`);

function printView(view: RetentionView, json: boolean): number {
  if (json) {
    printJson(view);
    return 0;
  }
  say('Retention periods (counted from the day after the end of the record’s accounting year, Beijing time):');
  for (const p of view.periods) say(`  ${p.kind.padEnd(20)} ${String(p.years).padStart(3)} years  ${p.article}`);
  const held = view.holds.filter((h) => h.releasedAt === null);
  say(held.length === 0 ? 'No legal hold in force.' : 'Legal holds in force:');
  for (const h of held)
    say(`  hold ${h.id}: ${clientLabel(h.clientId, h.clientName)} since ${h.placedAt}: ${h.reason}`);
  for (const c of view.clients)
    say(
      `  ${clientLabel(c.clientId, c.clientName)}: ${c.deleted} deleted, ${c.eligible} past their period${c.nextPurgeableFrom ? `, next from ${c.nextPurgeableFrom}` : ''}${c.held ? ' (HELD)' : ''}`,
    );
  for (const r of view.requests)
    say(
      `  request ${r.id}: ${clientLabel(r.clientId, r.clientName)}, ${r.records} records, by ${r.requestedBy}: ${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''}`,
    );
  return 0;
}

function printPlan(plan: PurgePlan, json: boolean): number {
  if (json) {
    printJson(plan);
    return 0;
  }
  say(`Dry run for ${clientLabel(plan.clientId, plan.clientName)} on ${plan.today} (nothing is changed):`);
  if (plan.hold)
    say(`  Under legal hold ${plan.hold.id} since ${plan.hold.placedAt}: ${plan.hold.reason}. Nothing can be purged.`);
  say(`  ${plan.eligible.length} deleted record(s) past their retention period would be purged:`);
  for (const r of plan.eligible) say(`    record ${r.id}  ${r.date}  ${r.kind}  purgeable from ${r.purgeableFrom}`);
  say(
    `  ${plan.notYet} deleted record(s) still within their period${plan.nextPurgeableFrom ? `; the first becomes purgeable on ${plan.nextPurgeableFrom}` : ''}.`,
  );
  if (plan.pendingRequest !== null) say(`  Request ${plan.pendingRequest} is waiting for approval.`);
  return 0;
}

export const retentionCommands = {
  list: signedInCommand({
    summary:
      'Admins, managers and auditors: retention periods, legal holds, deleted records per client and purge requests.',
    flags: {},
    run: (v, s) => printView(getRetention(s), v.json),
  }),
  purge: signedInCommand({
    summary:
      "Admins and managers: request the purge of a client's deleted records whose retention period has ended (another admin or manager approves). --dry-run shows what would be purged and changes nothing.",
    flags: { client: flag.id().required(), 'dry-run': flag.bool() },
    run: (v, s) => {
      if (v['dry-run']) return printPlan(planPurge(s, { clientId: v.client }), v.json);
      const id = requestPurge(s, { clientId: v.client });
      if (!v.json)
        say(`Purge request ${id} created; another admin or manager approves it (retention approve --request ${id}).`);
      return printView(retentionView(s), v.json);
    },
  }),
  approve: signedInCommand({
    summary:
      'Admins and managers other than the requester: approve a purge request; its records are removed with their history.',
    flags: { request: flag.id().required() },
    run: (v, s) => {
      const done = approvePurge(s, { requestId: v.request });
      if (v.json) {
        printJson(done);
        return 0;
      }
      say(
        `Purge request ${done.request} approved: ${done.records} record(s) and ${done.history} history row(s) removed.`,
      );
      return 0;
    },
  }),
  refuse: signedInCommand({
    summary: 'Refuse a waiting purge request (its requester withdraws it the same way); nothing is removed.',
    flags: { request: flag.id().required() },
    run: (v, s) => {
      refusePurge(s, { requestId: v.request });
      return printView(retentionView(s), v.json);
    },
  }),
  hold: signedInCommand({
    summary: 'Place a legal hold on a client: none of its records is purged until it is released.',
    flags: { client: flag.id().required(), reason: flag.text('TEXT').required() },
    run: (v, s) => {
      placeHold(s, { clientId: v.client, reason: v.reason });
      return printView(retentionView(s), v.json);
    },
  }),
  release: signedInCommand({
    summary: 'Release a legal hold.',
    flags: { hold: flag.id().required() },
    run: (v, s) => {
      releaseHold(s, { holdId: v.hold });
      return printView(retentionView(s), v.json);
    },
  }),
  account: signedInCommand({
    summary: "Keep a payment account's records as another record kind (its period applies to them).",
    flags: { account: flag.id().required(), kind: flag.oneOf(RETENTION_KINDS).required() },
    run: (v, s) => {
      setAccountRetentionKind(s, { accountId: v.account, kind: v.kind });
      return printView(retentionView(s), v.json);
    },
  }),
  period: signedInCommand({
    summary:
      'Set the retention period of a record kind in years (never below the legal minimum) and the article cited.',
    flags: {
      kind: flag.oneOf(RETENTION_KINDS).required(),
      years: flag.whole('YEARS').required(),
      article: flag.text('TEXT').required(),
    },
    run: (v, s) => {
      setRetentionPeriod(s, { kind: v.kind, years: v.years, article: v.article });
      return printView(retentionView(s), v.json);
    },
  }),
};
