/**
 * What every incident operation shares: the role check before anything is looked up (so an
 * auditor learns nothing by asking to change one), the incident's row, the refusal of a change to
 * a closed one, and where an affected client's sealed texts are bound.
 */
import { eq } from 'drizzle-orm';
import { authorizeRole } from '../access/authorize';
import { incidents } from '../db/registers-schema';
import { inputError, LedgerVaultError } from '../errors';
import type { SealedAt } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';

export type IncidentRow = typeof incidents.$inferSelect;

/** 'incident.manage' for one incident: refused (E_FORBIDDEN, audited) before the id is looked up. */
export function authorizeManage(session: VaultSession, incidentId?: number): void {
  authorizeRole(session, 'incident.manage', {
    targetType: 'incident',
    targetId: incidentId === undefined ? undefined : String(incidentId),
  });
}

export function loadIncident(session: VaultSession, id: number): IncidentRow {
  const row = session.orm.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) throw inputError('incidents.notFound', { id });
  return row;
}

/** The incident, open: a closed one is the record of what happened and stays as it was closed. */
export function loadOpen(session: VaultSession, id: number): IncidentRow {
  const row = loadIncident(session, id);
  if (row.status === 'closed')
    throw new LedgerVaultError('E_CONFLICT', `Incident ${id} is closed.`, {
      messageKey: 'incidents.closed',
      params: { id },
    });
  return row;
}

/**
 * Where an affected client's text is sealed: its key, incident_clients, the incident's id as the
 * row (one row per incident and client) and the field, so a value cannot be moved to another.
 */
export function sealedAt(incidentId: number, clientId: number, field: 'which_data' | 'letter'): SealedAt {
  return { clientId, table: 'incident_clients', rowId: incidentId, field };
}

/** The audit event's target for an incident. */
export const target = (id: number) => ({ targetType: 'incident', targetId: String(id) });
