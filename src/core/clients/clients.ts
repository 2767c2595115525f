import { eq, inArray } from 'drizzle-orm';
import { authorize, hasPermission } from '../access/authorize';
import { ROLE_MATRIX } from '../access/permissions';
import { clientGrants, clients } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import {
  clientArchive,
  clientListQuery,
  clientUpdate,
  newClient,
  type ClientArchive,
  type ClientListQuery,
  type ClientSummary,
  type ClientUpdate,
  type NewClient,
} from '../../shared/clients/contract';
import { sortByPinyin } from '../../shared/clients/client-search';
import { usccProblem } from './uscc';

export type { ClientSummary };

/** A typed 统一社会信用代码 in capitals, or null when none; refused with the reason when wrong. */
function checkedUscc(typed: string | undefined): string | null {
  const uscc = typed?.toUpperCase() || null;
  if (uscc) {
    const problem = usccProblem(uscc);
    if (problem?.problem === 'length') throw inputError('uscc.length', { count: uscc.length });
    if (problem?.problem === 'character') throw inputError('uscc.character');
    if (problem?.problem === 'check') throw inputError('uscc.check', { expected: problem.expected ?? '' });
  }
  return uscc;
}

function summary(row: typeof clients.$inferSelect): ClientSummary {
  return { id: row.id, name: row.name, uscc: row.uscc, status: row.status };
}

function findClient(session: VaultSession, clientId: number): typeof clients.$inferSelect {
  const row = session.orm.select().from(clients).where(eq(clients.id, clientId)).get();
  if (!row) throw inputError('client.notFound', { id: clientId });
  return row;
}

/** Corrects a client's name and 统一社会信用代码 (checked as on entry). Audited, before and after. */
export function updateClient(session: VaultSession, change: ClientUpdate): ClientSummary {
  const input = parseInput(clientUpdate, change);
  authorize(session, 'client.update');
  const row = findClient(session, input.clientId);
  const uscc = checkedUscc(input.uscc);
  return session.write((ctx) => {
    const next = ctx.orm
      .update(clients)
      .set({ name: input.name, uscc, updatedAt: new Date().toISOString(), updatedBy: session.user.id })
      .where(eq(clients.id, row.id))
      .returning()
      .get();
    ctx.audit({
      action: 'client.update',
      targetType: 'client',
      targetId: String(row.id),
      clientId: row.id,
      details: { before: { name: row.name, uscc: row.uscc }, after: { name: next.name, uscc: next.uscc } },
    });
    return summary(next);
  });
}

/**
 * Archives a client (no new records, gone from pickers; its records and grants are kept, as
 * 《会计档案管理办法》 requires) or restores it. Audited as client.archive / client.restore.
 */
export function setClientArchived(session: VaultSession, request: ClientArchive): ClientSummary {
  const input = parseInput(clientArchive, request);
  authorize(session, 'client.archive');
  const row = findClient(session, input.clientId);
  return session.write((ctx) => {
    const next = ctx.orm
      .update(clients)
      .set({
        status: input.archived ? 'archived' : 'active',
        updatedAt: new Date().toISOString(),
        updatedBy: session.user.id,
      })
      .where(eq(clients.id, row.id))
      .returning()
      .get();
    ctx.audit({
      action: input.archived ? 'client.archive' : 'client.restore',
      targetType: 'client',
      targetId: String(row.id),
      clientId: row.id,
      details: { name: row.name },
    });
    return summary(next);
  });
}

/** Adds a client (managers; the full client feature extends this). Audited. */
export function createClient(session: VaultSession, input: NewClient): ClientSummary {
  const { name, uscc: typed } = parseInput(newClient, input);
  authorize(session, 'client.create');
  const uscc = checkedUscc(typed);
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
export function listClients(session: VaultSession, query: ClientListQuery = {}): ClientSummary[] {
  const { includeArchived } = parseInput(clientListQuery, query);
  authorize(session, 'client.list');
  // Archived clients keep their records but leave the pickers, unless asked for (客户 page).
  const list = visibleClients(session).filter((c) => includeArchived || c.status === 'active');
  session.write((ctx) => ctx.audit({ action: 'client.list', details: { rows: list.length } }));
  return list;
}

function visibleClients(session: VaultSession): ClientSummary[] {
  const scope = hasPermission(session, 'grants.manage') ? 'all' : ROLE_MATRIX[session.user.role].clientScope;
  const columns = { id: clients.id, name: clients.name, uscc: clients.uscc, status: clients.status };
  // Sorted by the pinyin of the name in TypeScript: names are to be encrypted, SQL cannot order them.
  if (scope === 'all') return sortByPinyin(session.orm.select(columns).from(clients).all());
  const granted = session.orm
    .select({ id: clientGrants.clientId })
    .from(clientGrants)
    .where(eq(clientGrants.userId, session.user.id))
    .all();
  if (granted.length === 0) return [];
  return sortByPinyin(
    session.orm
      .select(columns)
      .from(clients)
      .where(
        inArray(
          clients.id,
          granted.map((g) => g.id),
        ),
      )
      .all(),
  );
}
