/**
 * What the posture reads of the incident register (issue 17, Build 1's 'incidents' fact): open
 * real incidents, and affected clients of a high or critical one not yet notified past the
 * threshold (src/shared/posture/rules.ts). Drills are practice and never count. No audit of its
 * own: the posture's read is audited.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { incidentClients, incidents } from '../db/registers-schema';
import type { VaultSession } from '../vault/session';
import { notifyOverdue } from '../../shared/posture/rules';

export interface IncidentFacts {
  open: number;
  overdue: number;
  /** The oldest open real incident's time found (ISO), or null. */
  oldestFoundAt: string | null;
}

export function incidentFacts(session: VaultSession, now: Date): IncidentFacts {
  const open = session.orm
    .select()
    .from(incidents)
    .where(and(eq(incidents.status, 'open'), eq(incidents.isDrill, false)))
    .all();
  let overdue = 0;
  for (const row of open) {
    if (!notifyOverdue(row.severity, row.foundAt, now.getTime())) continue;
    overdue += session.orm
      .select({ clientId: incidentClients.clientId })
      .from(incidentClients)
      .where(and(eq(incidentClients.incidentId, row.id), isNull(incidentClients.notifiedAt)))
      .all().length;
  }
  const oldest = open.map((r) => r.foundAt).sort()[0] ?? null;
  return { open: open.length, overdue, oldestFoundAt: oldest };
}
