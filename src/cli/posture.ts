/**
 * `ledgervault posture` and `ledgervault review ...` (issue 17, Builds 1-2): the security and
 * compliance facts, and access review rounds, through the same core functions (and the same
 * authorization and audit) as the screens.
 */
import { readPosture } from '../core/posture/index';
import { decideReview, getReviews, startReview } from '../core/review/index';
import { describeFact } from '../shared/posture/wording';
import type { ReviewView } from '../shared/review/contract';
import { appVersion } from './backup';
import { cliLocale, printJson } from './output';
import { flag } from './parse';
import { signedInCommand } from './session';

const MARK = { green: '●', amber: '▲', red: '■', unknown: '○' } as const;

export const postureCommand = signedInCommand({
  summary:
    'Admins and managers: every security and compliance measure as a live fact (green, amber, red or unknown), with the screen that fixes it. Exit 0 whatever the colours.',
  flags: {},
  run: async (v, s) => {
    const view = await readPosture(s, { appVersion: appVersion() });
    if (v.json) {
      printJson(view);
      return 0;
    }
    const locale = cliLocale();
    for (const f of view.facts) {
      const w = describeFact(f, locale);
      process.stdout.write(`${MARK[f.status]} ${w.status.padEnd(8)} ${w.title}: ${w.value}\n    ${w.detail}\n`);
    }
    return 0;
  },
});

function printReviews(view: ReviewView, json: boolean): number {
  if (json) {
    printJson(view);
    return 0;
  }
  const open = view.open;
  if (!open) process.stdout.write('No review round is open.\n');
  else {
    process.stdout.write(
      `Round ${open.id}, due ${open.dueDate}${open.overdue ? ' (OVERDUE)' : ''}: ${open.decided}/${open.total} decided, ${open.revoked} revoked\n`,
    );
    for (const i of view.items)
      process.stdout.write(
        `  ${String(i.id).padStart(5)}  ${i.username.padEnd(16)} client ${String(i.clientId).padEnd(6)} ${(i.canWrite ? 'write' : 'read').padEnd(6)} ${i.decision ?? 'pending'}${i.assignee ? ` (reviewer ${i.assignee})` : ''}\n`,
      );
  }
  for (const r of view.rounds.filter((x) => x.closedAt !== null))
    process.stdout.write(`Round ${r.id} closed ${r.closedAt}: ${r.decided}/${r.total} decided, ${r.revoked} revoked\n`);
  return 0;
}

export const reviewCommands = {
  list: signedInCommand({
    summary: 'Admins and managers: the open access review round with its items, and the closed rounds.',
    flags: {},
    run: (v, s) => printReviews(getReviews(s), v.json),
  }),
  start: signedInCommand({
    summary:
      "Admins: start an access review round due on DATE (Beijing); --reviewer names the manager who decides the accountants' grants.",
    flags: { due: flag.text('DATE').required(), reviewer: flag.text('USERNAME') },
    run: (v, s) => printReviews(startReview(s, { dueDate: v.due, reviewer: v.reviewer ?? null }), v.json),
  }),
  decide: signedInCommand({
    summary: 'Confirm or revoke one review item (a revoke takes the grant away and rotates the client key).',
    flags: { item: flag.id().required(), decision: flag.oneOf(['confirm', 'revoke'] as const).required() },
    run: (v, s) => printReviews(decideReview(s, { itemId: v.item, decision: v.decision }), v.json),
  }),
};
