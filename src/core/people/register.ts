/**
 * People and training (issue 17, Build 4; seed 十一, 十八, 五): admins and managers record a
 * staff member's confidentiality agreement or code-of-conduct acknowledgement (with an optional
 * scanned copy kept in the vault) and training sessions with each attendee's result; auditors
 * read. Every change is audited in its own transaction, refusals through `authorize`.
 */
import { and, eq } from 'drizzle-orm';
import { authorize, authorizeRole } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { staffAcknowledgements, trainingResults, trainingSessions } from '../db/registers-schema';
import { users } from '../db/schema';
import { exportDocument, storeDocument, type CheckedDocument } from '../documents';
import type { SaveExport } from '../export/save';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import type { SavedDocumentView } from '../../shared/documents/contract';
import {
  peopleAcknowledge,
  peopleExportFile,
  peopleTraining,
  type PeopleAcknowledge,
  type PeopleTraining,
  type PeopleView,
} from '../../shared/people/contract';
import { shanghaiDate } from '../../shared/time';
import { peopleView } from './view';

/** Where a picked file comes from (the handlers' document picker); absent: no file may be named. */
export interface PickedFiles {
  take(handle: string): CheckedDocument;
}

const noFiles: PickedFiles = {
  take: () => {
    throw inputError('document.pickAgain');
  },
};

/** The people register, for admins, managers and auditors; audited as people.list (repeats collapsed). */
export function getPeople(session: VaultSession, now = new Date()): PeopleView {
  authorize(session, 'people.list');
  const view = peopleView(session, now);
  if (!session.integrityAlarm)
    auditRepeatable(session, { action: 'people.list', identity: {}, details: { staff: view.staff.length } }, now);
  return view;
}

function activeUser(session: VaultSession, username: string) {
  const row = session.orm
    .select()
    .from(users)
    .where(and(eq(users.username, username), eq(users.status, 'active')))
    .get();
  if (!row) throw inputError('people.unknownStaff', { username });
  return row;
}

function notInFuture(day: string, now: Date): void {
  const today = shanghaiDate(now);
  if (day > today) throw inputError('people.dayInFuture', { today });
}

/** Records a signed confidentiality agreement or code-of-conduct acknowledgement (admins, managers). */
export function recordAcknowledgement(
  session: VaultSession,
  input: PeopleAcknowledge,
  files: PickedFiles = noFiles,
  now = new Date(),
): PeopleView {
  const { username, kind, signedOn, fileHandle } = parseInput(peopleAcknowledge, input);
  authorizeRole(session, 'people.manage', { targetType: 'user', targetId: username });
  const person = activeUser(session, username);
  notInFuture(signedOn, now);
  const doc = fileHandle === undefined ? null : files.take(fileHandle);
  const at = now.toISOString();
  session.write((ctx) => {
    const fileId = doc ? storeDocument(session, ctx, doc, null, at) : null;
    const row = ctx.orm
      .insert(staffAcknowledgements)
      .values({ userId: person.id, kind, signedOn, fileId, recordedAt: at, recordedBy: session.user.id })
      .returning()
      .get();
    ctx.audit({
      action: 'people.acknowledge',
      targetType: 'user',
      targetId: person.id,
      details: { acknowledgement: row.id, username, kind, signedOn, fileId },
    });
  });
  return peopleView(session, now);
}

/** Records a training session and each attendee's result (admins, managers). */
export function recordTraining(session: VaultSession, input: PeopleTraining, now = new Date()): PeopleView {
  const { heldOn, topic, trainer, results } = parseInput(peopleTraining, input);
  authorizeRole(session, 'people.manage', { targetType: 'training' });
  notInFuture(heldOn, now);
  if (results.length === 0) throw inputError('people.noAttendees');
  const seen = new Set<string>();
  const attendees = results.map((r) => {
    if (seen.has(r.username)) throw inputError('people.attendeeTwice', { username: r.username });
    seen.add(r.username);
    return { ...r, userId: activeUser(session, r.username).id };
  });
  const at = now.toISOString();
  session.write((ctx) => {
    const row = ctx.orm
      .insert(trainingSessions)
      .values({ heldOn, topic, trainer, recordedAt: at, recordedBy: session.user.id })
      .returning()
      .get();
    for (const a of attendees)
      ctx.orm
        .insert(trainingResults)
        .values({ sessionId: row.id, userId: a.userId, result: a.result, score: a.score ?? null })
        .run();
    const count = (result: string) => attendees.filter((a) => a.result === result).length;
    ctx.audit({
      action: 'people.training',
      targetType: 'training',
      targetId: String(row.id),
      details: {
        heldOn,
        topic,
        trainer,
        attendees: attendees.length,
        passed: count('passed'),
        failed: count('failed'),
        attended: count('attended'),
      },
    });
  });
  return peopleView(session, now);
}

/** A copy of an acknowledgement's scanned file, through the save dialog (audited as document.export). */
export async function exportAcknowledgementFile(
  session: VaultSession,
  input: { acknowledgementId: number },
  save: SaveExport,
): Promise<SavedDocumentView> {
  const { acknowledgementId } = parseInput(peopleExportFile, input);
  authorizeRole(session, 'people.list', { targetType: 'acknowledgement', targetId: String(acknowledgementId) });
  const row = session.orm
    .select()
    .from(staffAcknowledgements)
    .where(eq(staffAcknowledgements.id, acknowledgementId))
    .get();
  if (!row) throw inputError('people.notFound', { id: acknowledgementId });
  if (row.fileId === null) throw inputError('people.noFile');
  return exportDocument(session, save, row.fileId, {
    targetType: 'acknowledgement',
    targetId: String(acknowledgementId),
  });
}
