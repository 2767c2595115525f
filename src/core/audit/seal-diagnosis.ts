/**
 * Why a seal no longer holds (seal-walk.ts asks when the chain contradicts one): its list of
 * events, each as `seq:content-hash`, says which were edited, deleted, moved or inserted.
 */
import type { Database } from 'better-sqlite3';
import { eventContentHash, type AuditRow } from '../vault/audit-chain';
import type { StoredSeal } from '../vault/audit-seals';
import { Break, describeSeal, SELECT_ALL } from './chain-break';

/**
 * A seal no longer matches: where and how. The seal lists its own events as `seq:content-hash`;
 * an event found again at another number moved (others were deleted or inserted before it),
 * one not found was edited (an event of the same session is at its number) or deleted.
 */
export function diagnoseSeal(seal: StoredSeal, db: Database, floorSeq: number, names: (id: string) => string): Break {
  const against = describeSeal(seal, names);
  const who = against.text;
  const lastGood = floorSeq;
  const rows = db
    .prepare<[number], AuditRow>(`${SELECT_ALL.replace(' ORDER BY seq', '')} WHERE seq > ? ORDER BY seq`)
    .all(lastGood);
  const contentAt = new Map<string, number>();
  const rowAt = new Map<number, AuditRow>();
  for (const r of rows) {
    rowAt.set(r.seq, r);
    if (r.sessionId === seal.body.sessionId) contentAt.set(eventContentHash(r), r.seq);
  }
  let floor = lastGood;
  let previousFound = -Infinity;
  for (const entry of seal.body.events) {
    const [seqText, content] = entry.split(':') as [string, string];
    const original = Number(seqText);
    const now = contentAt.get(content);
    if (now === undefined) {
      const there = rowAt.get(original);
      const edited = there?.sessionId === seal.body.sessionId;
      return new Break(
        original,
        edited ? 'edited' : 'deleted',
        edited
          ? `Event ${original} is not what ${who} signed: it was edited.`
          : `Event ${original}, which ${who} signed, is gone.`,
        against,
      );
    }
    if (now < previousFound)
      return new Break(
        now,
        'reordered',
        `Event ${original} of ${who} is now at ${now}, before an event signed after it.`,
        against,
      );
    if (now !== original) {
      const moved = now - original;
      return new Break(
        floor + 1,
        moved < 0 ? 'deleted' : 'inserted',
        moved < 0
          ? `${-moved} event(s) between ${floor + 1} and ${original} were deleted: event ${original} of ${who} is now number ${now}.`
          : `${moved} event(s) were inserted before event ${original} of ${who}, which is now number ${now}.`,
        against,
      );
    }
    previousFound = now;
    floor = original;
  }
  // Its own events are where it signed them: one of its session is unlisted, or another session's changed.
  const listed = new Set(seal.body.events.map((e) => Number(e.split(':')[0])));
  for (const r of rows) {
    if (r.seq > seal.body.lastSeq) break;
    if (r.sessionId === seal.body.sessionId && !listed.has(r.seq))
      return new Break(
        r.seq,
        'inserted',
        `Event ${r.seq} is in the session of ${who} but not among the events it signed.`,
        against,
      );
  }
  return new Break(
    lastGood + 1,
    'edited',
    `The chain between events ${lastGood + 1} and ${seal.body.lastSeq} is not what ${who} signed.`,
    against,
  );
}
