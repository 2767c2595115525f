/**
 * `ledgervault people list` (issue 17, Build 4): who is due for training or re-acknowledgement,
 * through the same core function, authorization and audit as the screen.
 */
import { getPeople } from '../core/people/index';
import type { Due } from '../shared/people/rules';
import { printJson } from './output';
import { signedInCommand } from './session';

export const MARK = { green: '●', amber: '▲', red: '■' } as const;

const due = (d: Due) => `${MARK[d.status]} ${d.lastOn ?? 'never'}${d.dueOn ? ` (due ${d.dueOn})` : ''}`;

export const peopleCommands = {
  list: signedInCommand({
    summary:
      'Admins, managers and auditors: every active staff member with the confidentiality agreement, the code-of-conduct acknowledgement and the annual training, when each was last done and falls due (● current, ▲ due within 30 days, ■ overdue or never).',
    flags: {},
    run: (v, s) => {
      const view = getPeople(s);
      if (v.json) {
        printJson(view);
        return 0;
      }
      process.stdout.write(`As of ${view.today} (Beijing)\n`);
      for (const p of view.staff)
        process.stdout.write(
          `${MARK[p.status]} ${p.username.padEnd(16)} ${p.role.padEnd(10)} confidentiality ${due(p.confidentiality)}; conduct ${due(p.conduct)}; training ${due(p.training)}\n`,
        );
      for (const t of view.sessions)
        process.stdout.write(
          `Training ${t.heldOn} "${t.topic}" by ${t.trainer}: ${t.results.map((r) => `${r.username} ${r.result}${r.score === null ? '' : ` ${r.score}`}`).join(', ')}\n`,
        );
      return 0;
    },
  }),
};
