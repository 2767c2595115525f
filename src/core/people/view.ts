/**
 * What the people screen and the posture read (issue 17, Build 4): every active staff member's
 * acknowledgements and last passed training, judged by the shared due rules, and the recent
 * history. Reads only; the caller authorizes and audits.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { decide } from '../access/authorize';
import { staffAcknowledgements, trainingResults, trainingSessions } from '../db/registers-schema';
import { users } from '../db/schema';
import { documentInfos } from '../documents';
import type { VaultSession } from '../vault/session';
import type {
  AcknowledgementKind,
  AcknowledgementView,
  PeopleView,
  StaffDutiesView,
  TrainingSessionView,
} from '../../shared/people/contract';
import { acknowledgementDue, trainingDue, worst } from '../../shared/people/rules';
import { shanghaiDate } from '../../shared/time';

const LISTED = 100;

type UserRow = typeof users.$inferSelect;
type AckRow = typeof staffAcknowledgements.$inferSelect;

function activeStaff(session: VaultSession): UserRow[] {
  return session.orm.select().from(users).where(eq(users.status, 'active')).orderBy(users.username).all();
}

/** user id -> the day of the newest session they passed. */
function lastPassed(session: VaultSession): Map<string, string> {
  const rows = session.orm
    .select({ userId: trainingResults.userId, day: sql<string>`max(${trainingSessions.heldOn})` })
    .from(trainingResults)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingResults.sessionId))
    .where(eq(trainingResults.result, 'passed'))
    .groupBy(trainingResults.userId)
    .all();
  return new Map(rows.map((r) => [r.userId, r.day]));
}

/** "user id|kind" -> the acknowledgement signed last (the newest signing day, then the newest record). */
function latestAcknowledgements(session: VaultSession): Map<string, AckRow> {
  const rows = session.orm
    .select()
    .from(staffAcknowledgements)
    .orderBy(staffAcknowledgements.signedOn, staffAcknowledgements.id)
    .all();
  const latest = new Map<string, AckRow>();
  for (const r of rows) latest.set(`${r.userId}|${r.kind}`, r);
  return latest;
}

/** The counts the posture judges: active staff, and how many are red or (only) amber. */
export function peopleCounts(session: VaultSession, now: Date): { staff: number; red: number; amber: number } {
  const today = shanghaiDate(now);
  const passed = lastPassed(session);
  const acks = latestAcknowledgements(session);
  const counts = { staff: 0, red: 0, amber: 0 };
  for (const u of activeStaff(session)) {
    const status = worst(
      trainingDue(passed.get(u.id) ?? null, today).status,
      acknowledgementDue(acks.get(`${u.id}|confidentiality`)?.signedOn ?? null, today).status,
      acknowledgementDue(acks.get(`${u.id}|conduct`)?.signedOn ?? null, today).status,
    );
    counts.staff += 1;
    if (status === 'red') counts.red += 1;
    else if (status === 'amber') counts.amber += 1;
  }
  return counts;
}

export function peopleView(session: VaultSession, now: Date): PeopleView {
  const today = shanghaiDate(now);
  const everyone = session.orm.select().from(users).all();
  const byId = new Map(everyone.map((u) => [u.id, u]));
  const name = (userId: string) => byId.get(userId)?.username ?? userId;
  const ackRows = session.orm
    .select()
    .from(staffAcknowledgements)
    .orderBy(desc(staffAcknowledgements.signedOn), desc(staffAcknowledgements.id))
    .limit(LISTED)
    .all();
  const latest = latestAcknowledgements(session);
  const files = documentInfos(session, [
    ...[...ackRows, ...latest.values()].flatMap((r) => (r.fileId === null ? [] : [r.fileId])),
  ]);
  const ackView = (r: AckRow): AcknowledgementView => ({
    id: r.id,
    username: name(r.userId),
    displayName: byId.get(r.userId)?.displayName ?? '',
    kind: r.kind,
    signedOn: r.signedOn,
    file: r.fileId === null ? null : (files.get(r.fileId) ?? null),
    recordedAt: r.recordedAt,
    recordedBy: name(r.recordedBy),
  });
  const passed = lastPassed(session);
  const duty = (u: UserRow, kind: AcknowledgementKind) => {
    const row = latest.get(`${u.id}|${kind}`);
    return { ...acknowledgementDue(row?.signedOn ?? null, today), latest: row ? ackView(row) : null };
  };
  const staff: StaffDutiesView[] = activeStaff(session).map((u) => {
    const confidentiality = duty(u, 'confidentiality');
    const conduct = duty(u, 'conduct');
    const training = trainingDue(passed.get(u.id) ?? null, today);
    return {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      status: worst(confidentiality.status, conduct.status, training.status),
      confidentiality,
      conduct,
      training,
    };
  });
  return {
    today,
    staff,
    acknowledgements: ackRows.map(ackView),
    sessions: sessions(session, name, byId),
    canManage: decide(session, 'people.manage').allowed,
  };
}

function sessions(
  session: VaultSession,
  name: (id: string) => string,
  byId: Map<string, UserRow>,
): TrainingSessionView[] {
  const rows = session.orm
    .select()
    .from(trainingSessions)
    .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.id))
    .limit(LISTED)
    .all();
  if (rows.length === 0) return [];
  const results = session.orm
    .select()
    .from(trainingResults)
    .where(
      and(
        inArray(
          trainingResults.sessionId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .all();
  return rows.map((r) => ({
    id: r.id,
    heldOn: r.heldOn,
    topic: r.topic,
    trainer: r.trainer,
    recordedAt: r.recordedAt,
    recordedBy: name(r.recordedBy),
    results: results
      .filter((x) => x.sessionId === r.id)
      .map((x) => ({
        username: name(x.userId),
        displayName: byId.get(x.userId)?.displayName ?? '',
        result: x.result,
        score: x.score,
      }))
      .sort((a, b) => a.username.localeCompare(b.username)),
  }));
}
