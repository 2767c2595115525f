/**
 * `ledgervault incident add|list|letters|notify` (issue 17, Builds 3 and 11): the incident register from
 * the command line, through the same core functions (and the same authorization and audit) as
 * the 事件与演练 screen. Affected clients, letters and closure are kept on the screen.
 */
import { addIncident, getIncident, listIncidents, markNotified, writeLetters } from '../core/incidents/index';
import { INCIDENT_SEVERITIES, LETTER_LOCALES, type IncidentDetail } from '../shared/incidents/contract';
import { formatShanghai } from '../shared/time';
import { printJson } from './output';
import { flag } from './parse';
import { signedInCommand } from './session';

function printDetail(d: IncidentDetail, json: boolean): number {
  if (json) {
    printJson(d);
    return 0;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Incident ${d.id}${d.isDrill ? ' [DRILL]' : ''}: ${d.title} (${d.severity}, ${d.status})`);
  out(`  found ${formatShanghai(d.foundAt)} by ${d.foundBy}; registered by ${d.createdBy}`);
  out(`  what happened: ${d.whatHappened}`);
  for (const m of d.team) out(`  team: ${m.username} (${m.role})`);
  for (const s of d.steps) out(`  ${formatShanghai(s.at)} ${s.kind.padEnd(13)} ${s.text} (${s.by})`);
  for (const c of d.affected)
    out(
      `  client ${c.clientId}${c.clientName ? ` ${c.clientName}` : ''}: ${c.recordCount} records; ${
        c.notifiedAt ? `notified ${formatShanghai(c.notifiedAt)} by ${c.notifiedBy} (${c.notifiedHow})` : 'NOT NOTIFIED'
      }${c.hasLetter ? '' : ', no letter yet'}`,
    );
  if (d.lessons) out(`  lessons: ${d.lessons}`);
  if (d.closedAt) out(`  closed ${formatShanghai(d.closedAt)} by ${d.closedBy}`);
  return 0;
}

export const incidentCommands = {
  add: signedInCommand({
    summary:
      'Admins and managers: register an incident (or with --drill an emergency drill), open; --found-at is Beijing time (2026-12-01 09:30). Prints its id, or the incident with --json.',
    flags: {
      title: flag.text('TEXT').required(),
      severity: flag.oneOf(INCIDENT_SEVERITIES).required(),
      'found-at': flag.text('DATE').required(),
      'found-by': flag.text('NAME').required(),
      what: flag.text('TEXT').required(),
      contact: flag.text('TEXT'),
      drill: flag.bool(),
    },
    run: (v, s) => {
      const d = addIncident(s, {
        isDrill: v.drill,
        title: v.title,
        severity: v.severity,
        foundAt: v['found-at'],
        foundBy: v['found-by'],
        whatHappened: v.what,
        contact: v.contact ?? null,
      });
      if (v.json) printJson(d);
      else process.stdout.write(`${d.id}\n`);
      return 0;
    },
  }),
  list: signedInCommand({
    summary:
      'Admins, managers and auditors: the incident register, newest first; with --id one incident, its team, steps and affected clients with when each was notified.',
    flags: { id: flag.id() },
    run: (v, s) => {
      if (v.id !== undefined) return printDetail(getIncident(s, { id: v.id }), v.json);
      const view = listIncidents(s);
      if (v.json) {
        printJson(view);
        return 0;
      }
      if (view.incidents.length === 0) process.stdout.write('No incident or drill is registered.\n');
      for (const i of view.incidents)
        process.stdout.write(
          `${String(i.id).padStart(5)}  ${i.isDrill ? 'DRILL   ' : 'INCIDENT'} ${i.status.padEnd(6)} ${i.severity.padEnd(8)} ${formatShanghai(i.foundAt)}  notified ${i.notified}/${i.clients}  ${i.title}\n`,
        );
      return 0;
    },
  }),
  // The letters' text stays in the vault (sealed under each client's key): the screen prints them.
  letters: signedInCommand({
    summary:
      'Admins and managers: write the notification letter of every affected client not yet notified, from the template in --lang (zh-CN unless told), with --advice as what the client should do.',
    flags: {
      incident: flag.id().required(),
      advice: flag.text('TEXT').required(),
      lang: flag.oneOf(LETTER_LOCALES),
    },
    run: (v, s) =>
      printDetail(writeLetters(s, { id: v.incident, advice: v.advice, locale: v.lang ?? 'zh-CN' }), v.json),
  }),
  notify: signedInCommand({
    summary:
      "Admins and managers: record that an affected client was told (now, by you, --how as said: 'phone and letter'); its letter must have been written first (incident letters, or the screen).",
    flags: { incident: flag.id().required(), client: flag.id().required(), how: flag.text('TEXT').required() },
    run: (v, s) => printDetail(markNotified(s, { id: v.incident, clientId: v.client, how: v.how }), v.json),
  }),
};
