/**
 * `ledgervault agreement list` (issue 17, Build 5): each client's data-protection agreement,
 * through the same core function, authorization and audit as the screen.
 */
import { getAgreements } from '../core/agreements/index';
import { printJson } from './output';
import { MARK } from './people';
import { signedInCommand } from './session';

export const agreementCommands = {
  list: signedInCommand({
    summary:
      "Admins, managers and auditors: each client's data-protection agreement, signed and renewal dates (● current, ▲ renewal within 30 days, ■ none or past renewal); the scope only for clients whose key you hold.",
    flags: {},
    run: (v, s) => {
      const view = getAgreements(s);
      if (v.json) {
        printJson(view);
        return 0;
      }
      for (const c of view.clients) {
        const a = c.current;
        const name = c.clientName ?? `client #${c.clientId}`;
        process.stdout.write(
          `${MARK[c.status]} ${String(c.clientId).padStart(5)} ${name}${c.clientStatus === 'archived' ? ' (archived)' : ''}: ${
            a
              ? `signed ${a.signedOn}, renewal ${a.renewalDate ?? 'none'}${a.file ? `, file ${a.file.name ?? `#${a.file.id}`}` : ''}`
              : 'no agreement'
          }\n`,
        );
        if (a?.scope) process.stdout.write(`        scope: ${a.scope}\n`);
      }
      return 0;
    },
  }),
};
