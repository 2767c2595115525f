/**
 * `ledgervault risk list` (issue 17, Builds 7 and 11): the risk register from the command line,
 * with the posture signals that raise its risks read live, through the same core function (and
 * the same authorization and audit) as the screen. Recording risks is kept on the screen.
 */
import { addStarterRisk, listRisks } from '../core/risks/index';
import type { RisksView } from '../shared/risks/contract';
import { STARTER_RISKS } from '../shared/risks/starters';
import { describeFact } from '../shared/posture/wording';
import { appVersion } from './backup';
import { cliLocale, printJson } from './output';
import { flag } from './parse';
import { signedInCommand } from './session';

const out = (line: string) => process.stdout.write(`${line}\n`);

function printRisks(view: RisksView, json: boolean): number {
  if (json) {
    printJson(view);
    return 0;
  }
  if (view.risks.length === 0) out('No risk is recorded.');
  const locale = cliLocale();
  for (const r of view.risks) {
    const level = r.raisedBy ? `${r.level} -> ${r.effectiveLevel.toUpperCase()} (raised)` : r.level;
    out(
      `${String(r.id).padStart(4)}  ${r.title}: ${r.likelihood}x${r.impact}=${r.score} ${level}${r.status === 'closed' ? ' [closed]' : ''}`,
    );
    if (r.raisedBy) {
      const w = describeFact(r.raisedBy, locale);
      out(`      because ${w.title} is ${w.status}: ${w.detail}`);
    }
    out(
      `      ${r.treatment}: ${r.treatmentPlan || '-'}; owner ${r.owner}; review ${r.reviewDate}${r.reviewOverdue ? ' (REVIEW OVERDUE)' : ''}`,
    );
  }
  return 0;
}

const STARTER_KEYS = STARTER_RISKS.map((r) => r.key) as [string, ...string[]];

export const riskCommands = {
  list: signedInCommand({
    summary:
      'Admins, managers and auditors: the risk register, highest first, each with its score, level and the level a posture signal raised it to (and why), owner and review day.',
    flags: {},
    run: async (v, s) => printRisks(await listRisks(s, { appVersion: appVersion() }), v.json),
  }),
  'add-starter': signedInCommand({
    summary: `Admins and managers: add a suggested risk (${STARTER_KEYS.join(', ')}) in the CLI language, owned by you and reviewed in 90 days; prints the register.`,
    flags: { key: flag.oneOf(STARTER_KEYS).required() },
    run: async (v, s) =>
      printRisks(await addStarterRisk(s, { key: v.key, locale: cliLocale() }, { appVersion: appVersion() }), v.json),
  }),
};
