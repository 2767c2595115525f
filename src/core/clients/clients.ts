import { eq, inArray } from 'drizzle-orm';
import { authorize, hasPermission } from '../access/authorize';
import { ROLE_MATRIX } from '../access/permissions';
import { clientGrants, clients } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import { newClient, type ClientSummary, type NewClient } from '../../shared/clients/contract';
import { usccProblem } from './uscc';

export type { ClientSummary };

/** Adds a client (managers; the full client feature extends this). Audited. */
export function createClient(session: VaultSession, input: NewClient): ClientSummary {
  const { name, uscc: typed } = parseInput(newClient, input);
  authorize(session, 'client.create');
  const uscc = typed?.toUpperCase() || null;
  if (uscc) {
    const problem = usccProblem(uscc);
    if (problem?.problem === 'length') throw inputError('uscc.length', { count: uscc.length });
    if (problem?.problem === 'character') throw inputError('uscc.character');
    if (problem?.problem === 'check') throw inputError('uscc.check', { expected: problem.expected ?? '' });
  }
  const now = new Date().toISOString();
  return session.write((ctx) => {
    const row = ctx.orm
      .insert(clients)
      .values({ name, uscc, createdAt: now, createdBy: session.user.id, updatedAt: now, updatedBy: session.user.id })
      .returning()
      .get();
    ctx.audit({
      action: 'client.create',
      targetType: 'client',
      targetId: String(row.id),
      clientId: row.id,
      details: { name, uscc },
    });
    return { id: row.id, name: row.name, uscc: row.uscc, status: row.status };
  });
}

/**
 * The clients this user may see: all for managers, and for admins, who grant access to them
 * (names only: no record is reachable through this list); granted ones for everyone else.
 * Seeing the list is an audited event.
 */
export function listClients(session: VaultSession): ClientSummary[] {
  authorize(session, 'client.list');
  const list = visibleClients(session);
  session.write((ctx) => ctx.audit({ action: 'client.list', details: { rows: list.length } }));
  return list;
}

function visibleClients(session: VaultSession): ClientSummary[] {
  const scope = hasPermission(session, 'grants.manage') ? 'all' : ROLE_MATRIX[session.user.role].clientScope;
  const columns = { id: clients.id, name: clients.name, uscc: clients.uscc, status: clients.status };
  if (scope === 'all') return session.orm.select(columns).from(clients).orderBy(clients.name).all();
  const granted = session.orm
    .select({ id: clientGrants.clientId })
    .from(clientGrants)
    .where(eq(clientGrants.userId, session.user.id))
    .all();
  if (granted.length === 0) return [];
  return session.orm
    .select(columns)
    .from(clients)
    .where(
      inArray(
        clients.id,
        granted.map((g) => g.id),
      ),
    )
    .orderBy(clients.name)
    .all();
}
