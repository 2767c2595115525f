import { eq, inArray } from 'drizzle-orm';
import { hasPermission } from '../access/authorize';
import { ROLE_MATRIX } from '../access/permissions';
import { clientGrants, clients } from '../db/schema';
import type { VaultSession } from '../vault/session';
import { pinyinCompare } from './pinyin-order';

export interface ClientName {
  id: number;
  name: string;
}

/**
 * The clients whose names this user may see (every client for managers and for admins, who
 * grant access to them; granted ones for everyone else), read as rows and named in TypeScript:
 * the next issue encrypts names per client, so no SQL joins or sorts on the name text.
 */
export function visibleClientNames(session: VaultSession): ClientName[] {
  const all = hasPermission(session, 'grants.manage') || ROLE_MATRIX[session.user.role].clientScope === 'all';
  const columns = { id: clients.id, name: clients.name };
  let list: ClientName[];
  if (all) list = session.orm.select(columns).from(clients).all();
  else {
    const granted = session.orm
      .select({ id: clientGrants.clientId })
      .from(clientGrants)
      .where(eq(clientGrants.userId, session.user.id))
      .all()
      .map((g) => g.id);
    list =
      granted.length > 0 ? session.orm.select(columns).from(clients).where(inArray(clients.id, granted)).all() : [];
  }
  return list.sort((a, b) => pinyinCompare(a.name, b.name) || a.id - b.id);
}

/** id -> name for the clients this user may see; others stay unnamed (shown by number). */
export function clientNameMap(session: VaultSession): Map<number, string> {
  return new Map(visibleClientNames(session).map((c) => [c.id, c.name]));
}
