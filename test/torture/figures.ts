/**
 * The one table `npm run torture` ends with (issue 16 item 5, quoted by the README): a row per
 * figure of every reliability campaign. A campaign that does not exist yet, or was not asked
 * for, is printed as "not run", so the table always has the same rows and a missing figure is
 * visible rather than absent.
 */
import type { TargetReport } from '../fuzz/campaign';
import type { DiskFullReport } from '../disk-full/campaign';
import type { CampaignReport } from './campaign';

export interface Figure {
  campaign: string;
  figure: string;
  value: string;
}

const NOT_RUN = 'not run';

export function crashFigures(r: CampaignReport | null): Figure[] {
  const row = (figure: string, value: (r: CampaignReport) => string | number) => ({
    campaign: 'crash (SIGKILL)',
    figure,
    value: r ? String(value(r)) : NOT_RUN,
  });
  return [
    row('kills', (r) => r.kills),
    row('writes confirmed', (r) => r.confirmed),
    row('writes found', (r) => r.found),
    row('lost', (r) => r.lost),
    row('other failures (open, doctor, audit verify, partial op)', (r) => r.failures.length - lostLines(r)),
    row('kills inside a core call / sign-in / lock / between calls', (r) => {
      const { 'sign-in': signIn = 0, lock = 0, 'between ops': between = 0, ...ops } = r.inFlight;
      return `${Object.values(ops).reduce((a, b) => a + b, 0)} / ${signIn} / ${lock} / ${between}`;
    }),
    row('power losses simulated / vault files put back (--power-loss)', (r) =>
      r.powerLosses ? `${r.powerLosses} / ${r.filesLost}` : 'none asked',
    ),
    row('wall time', (r) => `${Math.round(r.wallMs / 1000)} s`),
  ];
}

/** Failures that are a lost write (counted in `lost`), so the other row counts the rest once. */
function lostLines(r: CampaignReport): number {
  return r.failures.filter((f) => / is gone$|: expected \{/.test(f)).length;
}

export function fuzzFigures(reports: TargetReport[] | null, targets: string[]): Figure[] {
  if (!reports) return targets.map((t) => ({ campaign: 'fuzz', figure: `${t}: cases / failures`, value: NOT_RUN }));
  return reports.map((r) => ({
    campaign: 'fuzz',
    figure: `${r.target}: cases / failures`,
    value: `${r.cases} / ${r.failures.length}`,
  }));
}

/** Full disks and I/O errors on every write path (issue 16 item 2; test/disk-full/campaign.ts). */
export function diskFigures(r: DiskFullReport | null): Figure[] {
  const campaign = 'disk full / I/O error';
  if (!r) return [{ campaign, figure: 'cases / clear errors', value: NOT_RUN }];
  if (r.skipped) return [{ campaign, figure: 'cases / clear errors', value: `skipped: ${r.skipped}` }];
  return [
    { campaign, figure: 'cases / clear errors', value: `${r.cases} / ${r.clearErrors}` },
    { campaign, figure: 'self-test: planted fault caught', value: r.selfTest?.caught ? 'yes' : 'NO' },
  ];
}

export function formatFigures(rows: Figure[]): string {
  const head: Figure = { campaign: 'campaign', figure: 'figure', value: 'value' };
  const w = (k: keyof Figure) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: Figure) =>
    `| ${r.campaign.padEnd(w('campaign'))} | ${r.figure.padEnd(w('figure'))} | ${r.value.padStart(w('value'))} |`;
  const rule = `|${'-'.repeat(w('campaign') + 2)}|${'-'.repeat(w('figure') + 2)}|${'-'.repeat(w('value') + 1)}:|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}
