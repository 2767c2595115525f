import { eq, inArray } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clients } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import { createClientKey } from '../vault/client-key-store';
import { openText, sealText } from '../vault/sealed-fields';
import type { VaultSession, WriteContext } from '../vault/session';
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
import { inChunks, openClientName, requireClientKey, visibleClientIds } from '../access/client-names';
import { nextRowId } from '../vault/row-ids';
import { usccProblem } from './uscc';

export type { ClientSummary };

/**
 * A client's sensitive fields (security model v2): stored only sealed under the client's key,
 * each bound to the vault, the client, table `clients`, the row id and the field's name.
 */
export interface ClientFields {
  name: string;
  uscc: string | null;
  contact?: string | null;
  notes?: string | null;
}
type SealedField = 'name' | 'uscc' | 'contact' | 'notes';
type ClientRow = typeof clients.$inferSelect;

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

function seal(session: VaultSession, id: number, field: SealedField, text: string | null | undefined) {
  return sealText(session, { clientId: id, table: 'clients', rowId: id, field }, text);
}

function open(session: VaultSession, row: ClientRow, field: Exclude<SealedField, 'name'>): string | null {
  const blob = { uscc: row.usccEnc, contact: row.contactEnc, notes: row.notesEnc }[field];
  return openText(session, { clientId: row.id, table: 'clients', rowId: row.id, field }, blob);
}

/** A client's fields decrypted: E_FORBIDDEN without its key, E_INTEGRITY for a changed or moved value. */
export function openClient(
  session: VaultSession,
  row: ClientRow,
): ClientFields & { id: number; status: ClientRow['status'] } {
  return {
    id: row.id,
    status: row.status,
    name: openClientName(session, row),
    uscc: open(session, row, 'uscc'),
    contact: open(session, row, 'contact'),
    notes: open(session, row, 'notes'),
  };
}

function summary(session: VaultSession, row: ClientRow): ClientSummary {
  const c = openClient(session, row);
  return { id: c.id, name: c.name, uscc: c.uscc, status: c.status };
}

/**
 * Inserts a client inside `ctx`'s transaction: takes its id, makes its key (wrapped to everyone
 * who may read it) and seals its fields. For createClient, and for code that builds a vault's
 * clients directly (the upgrade, tests). No audit event: the caller writes it, with ids only.
 */
export function insertClient(session: VaultSession, ctx: WriteContext, fields: ClientFields): number {
  const id = nextRowId(ctx.db, 'clients');
  createClientKey(session, ctx, id);
  const now = new Date().toISOString();
  ctx.orm
    .insert(clients)
    .values({
      id,
      // The version-1 plaintext column is NOT NULL; a version-2 vault leaves it empty.
      name: '',
      nameEnc: seal(session, id, 'name', fields.name),
      usccEnc: seal(session, id, 'uscc', fields.uscc),
      contactEnc: seal(session, id, 'contact', fields.contact),
      notesEnc: seal(session, id, 'notes', fields.notes),
      createdAt: now,
      createdBy: session.user.id,
      updatedAt: now,
      updatedBy: session.user.id,
    })
    .run();
  return id;
}

function findClient(session: VaultSession, clientId: number): ClientRow {
  const row = session.orm.select().from(clients).where(eq(clients.id, clientId)).get();
  if (!row) throw inputError('client.notFound', { id: clientId });
  return row;
}

/** Corrects a client's name and 统一社会信用代码 (checked as on entry). Audited with the names of the fields changed. */
export function updateClient(session: VaultSession, change: ClientUpdate): ClientSummary {
  const input = parseInput(clientUpdate, change);
  authorize(session, 'client.update');
  const row = findClient(session, input.clientId);
  requireClientKey(session, 'client.update', row.id);
  const uscc = checkedUscc(input.uscc);
  const before = openClient(session, row);
  return session.write((ctx) => {
    const next = ctx.orm
      .update(clients)
      .set({
        nameEnc: seal(session, row.id, 'name', input.name),
        usccEnc: seal(session, row.id, 'uscc', uscc),
        updatedAt: new Date().toISOString(),
        updatedBy: session.user.id,
      })
      .where(eq(clients.id, row.id))
      .returning()
      .get();
    // Which fields changed, never their values: the log is readable by everyone who holds the DEK.
    const fields = (['name', 'uscc'] as const).filter((f) => before[f] !== (f === 'name' ? input.name : uscc));
    ctx.audit({
      action: 'client.update',
      targetType: 'client',
      targetId: String(row.id),
      clientId: row.id,
      details: { fields },
    });
    return summary(session, next);
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
  requireClientKey(session, 'client.archive', row.id);
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
    });
    return summary(session, next);
  });
}

/** Adds a client (managers; the full client feature extends this). Audited by id. */
export function createClient(session: VaultSession, input: NewClient): ClientSummary {
  const { name, uscc: typed } = parseInput(newClient, input);
  authorize(session, 'client.create');
  const uscc = checkedUscc(typed);
  return session.write((ctx) => {
    const id = insertClient(session, ctx, { name, uscc });
    ctx.audit({
      action: 'client.create',
      targetType: 'client',
      targetId: String(id),
      clientId: id,
      details: { withUscc: uscc !== null },
    });
    return { id, name, uscc, status: 'active' };
  });
}

/**
 * The clients this user may see (client-names.ts, visibleClientIds: by role and grants, and only
 * those whose key this session holds), names and codes decrypted, in pinyin order. Seeing the
 * list is an audited event.
 */
export function listClients(session: VaultSession, query: ClientListQuery = {}): ClientSummary[] {
  const { includeArchived } = parseInput(clientListQuery, query);
  authorize(session, 'client.list');
  // Archived clients keep their records but leave the pickers, unless asked for (客户 page).
  const list = visibleClients(session).filter((c) => includeArchived || c.status === 'active');
  session.write((ctx) => ctx.audit({ action: 'client.list', details: { rows: list.length } }), { read: true });
  return list;
}

/**
 * Sorted in TypeScript after decrypting: SQL cannot order sealed names. Decrypting every visible
 * client is one AES-GCM open per field, a few milliseconds for thousands of clients.
 */
function visibleClients(session: VaultSession): ClientSummary[] {
  const rows = inChunks(visibleClientIds(session), (part) =>
    session.orm.select().from(clients).where(inArray(clients.id, part)).all(),
  );
  return sortByPinyin(rows.map((row) => summary(session, row)));
}
