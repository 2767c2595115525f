/**
 * Client names for every reader outside the clients feature (records, audit log, home, grants,
 * CLI): decrypted here with the session's client keys, so nobody else opens `clients.name_enc`.
 * A client whose key the session does not hold has no name here; callers show it by number.
 */
import { eq, inArray } from 'drizzle-orm';
import { hasPermission } from './authorize';
import { ROLE_MATRIX } from './permissions';
import type { Operation } from './permissions';
import { clientGrants, clients } from '../db/schema';
import { inputError, integrityError, LedgerVaultError } from '../errors';
import { openText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';

/** Ids per `IN (...)`: well under SQLite's variable limit, and few round trips for thousands of clients. */
const CHUNK = 500;

type NameRow = { id: number; nameEnc: Buffer | null };

/** Runs `read` over `ids` a chunk at a time (each chunk one `IN (...)` query) and joins the rows. */
export function inChunks<T>(ids: readonly number[], read: (part: number[]) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...read(ids.slice(i, i + CHUNK)));
  return out;
}

/** The name of one client row, E_INTEGRITY when its sealed name is missing, changed or moved. */
export function openClientName(session: VaultSession, row: NameRow): string {
  const name = openText(session, { clientId: row.id, table: 'clients', rowId: row.id, field: 'name' }, row.nameEnc);
  // A version-2 client always has a sealed name; none means the column was emptied behind our back.
  if (name === null) throw integrityError(`Client ${row.id} has no sealed name.`);
  return name;
}

function nameRows(session: VaultSession, ids: number[] | undefined): NameRow[] {
  const columns = { id: clients.id, nameEnc: clients.nameEnc };
  if (ids === undefined) return session.orm.select(columns).from(clients).all();
  const held = [...new Set(ids)].filter((id) => session.keyRing.has(id));
  return inChunks(held, (part) => session.orm.select(columns).from(clients).where(inArray(clients.id, part)).all());
}

/**
 * id -> decrypted name of the given clients (all when `ids` is omitted) whose key this session
 * holds; the others are absent. Unknown ids are absent too. E_INTEGRITY for a tampered name.
 */
export function clientNames(session: VaultSession, ids?: number[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const row of nameRows(session, ids)) {
    if (session.keyRing.has(row.id)) names.set(row.id, openClientName(session, row));
  }
  return names;
}

function noKeyError(id: number): LedgerVaultError {
  return new LedgerVaultError('E_FORBIDDEN', `This session holds no key for client ${id}.`, {
    messageKey: 'client.noKey',
    params: { id },
  });
}

/** One client's name: E_FORBIDDEN ('client.noKey') without its key, E_INPUT when there is no such client. */
export function clientName(session: VaultSession, id: number): string {
  // Checked before the row is read: without the key, whether the client exists is not this session's business.
  if (!session.keyRing.has(id)) throw noKeyError(id);
  const name = clientNames(session, [id]).get(id);
  if (name === undefined) throw inputError('client.notFound', { id });
  return name;
}

/**
 * For an operation on one client that the access rules already allowed: refuses it when this
 * session holds no key for that client (an app check that says yes cannot open its fields),
 * audited as a denial with reason `no_key` in its own transaction, like authorize's refusals.
 */
export function requireClientKey(session: VaultSession, operation: Operation, clientId: number): void {
  if (session.keyRing.has(clientId)) return;
  session.write((ctx) =>
    ctx.audit({
      action: operation,
      outcome: 'denied',
      clientId,
      details: { reason: 'no_key', role: session.user.role },
    }),
  );
  throw noKeyError(clientId);
}

/**
 * The clients this user may see, by id: every client for managers and for admins (who grant
 * access to them), granted ones for everyone else; and of those only the ones whose key this
 * session holds. Ids of clients that do not exist (any more) may be among them.
 */
export function visibleClientIds(session: VaultSession): number[] {
  const held = session.keyRing.clientIds();
  if (hasPermission(session, 'grants.manage') || ROLE_MATRIX[session.user.role].clientScope === 'all') return held;
  const granted = new Set(
    session.orm
      .select({ id: clientGrants.clientId })
      .from(clientGrants)
      .where(eq(clientGrants.userId, session.user.id))
      .all()
      .map((g) => g.id),
  );
  return held.filter((id) => granted.has(id));
}
