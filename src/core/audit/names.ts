import { clientNames, visibleClientIds } from '../access/client-names';
import type { VaultSession } from '../vault/session';
import { pinyinCompare } from './pinyin-order';

export interface ClientName {
  id: number;
  name: string;
}

/**
 * The clients whose names this user may see (every client for managers and for admins, who
 * grant access to them; granted ones for everyone else; of those, only clients whose key this
 * session holds), decrypted and sorted in TypeScript: SQL cannot join or sort on sealed names.
 */
export function visibleClientNames(session: VaultSession): ClientName[] {
  return [...clientNames(session, visibleClientIds(session))]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => pinyinCompare(a.name, b.name) || a.id - b.id);
}

/** id -> name for the clients this user may see; others stay unnamed (null: shown by number). */
export function clientNameMap(session: VaultSession): Map<number, string> {
  return clientNames(session, visibleClientIds(session));
}
