/**
 * `ledgervault partner list` (issue 17, Builds 6 and 11): the partners register from the command
 * line, through the same core function (and the same authorization and audit) as the screen.
 * Recording partners and their assessments is kept on the screen.
 */
import { listPartners } from '../core/partners/index';
import { printJson } from './output';
import { signedInCommand } from './session';

const out = (line: string) => process.stdout.write(`${line}\n`);

export const partnerCommands = {
  list: signedInCommand({
    summary:
      'Admins, managers and auditors: every partner that touches client data, its agreement, its last security assessment and when the next is due (NEVER / OVERDUE / due soon).',
    flags: {},
    run: (v, s) => {
      const view = listPartners(s);
      if (v.json) {
        printJson(view);
        return 0;
      }
      if (view.partners.length === 0) out('No partner is recorded.');
      for (const p of view.partners) {
        const last = p.assessments[0];
        const due = { never: 'NEVER ASSESSED', overdue: 'OVERDUE', dueSoon: 'due soon', ok: 'on time', ended: 'ended' }[
          p.due
        ];
        out(`${String(p.id).padStart(4)}  ${p.name} (${p.kind}, ${p.status})`);
        out(`      shares: ${p.dataShared}`);
        out(
          `      agreement: ${p.agreementSignedOn ?? 'none'}${p.agreementFile ? ` (file ${p.agreementFile.name ?? p.agreementFile.id})` : ''}; assessed every ${p.assessEveryMonths} months`,
        );
        out(
          `      last assessed: ${last ? `${last.assessedOn} ${last.result} (suggested ${last.suggested})` : 'never'}; next due ${p.nextDue ?? '-'}: ${due}`,
        );
      }
      return 0;
    },
  }),
};
