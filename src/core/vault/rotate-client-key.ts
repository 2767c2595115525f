/**
 * Rotating a client's key (security model v2: revoking a grant, disabling or demoting a person):
 * a new random key, wrapped to everyone who keeps access, and every sealed field, search token
 * and duplicate hash of the client re-made under it, all in the caller's transaction. A person
 * who kept a copy of the old key opens nothing written or re-sealed from then on.
 */
import { decryptField, deriveClientSubkeys, encryptField, wipeClientSubkeys } from '../crypto/field-cipher';
import { generateClientKey } from '../crypto/client-keys';
import { recordDocument, referenceDuplicateHash, transactionDuplicateHash } from '../search/search-tokens';
import { putWrap, recipientOf, wrapRecipients } from './client-key-store';
import { SEALED_TABLES } from './sealed-columns';
import { resealClientFiles } from './sealed-files';
import type { VaultSession, WriteContext } from './session';

import type { Statement } from 'better-sqlite3';

type Row = Record<string, unknown> & { id: number };
type Texts = Partial<Record<string, string | null>>;

/** Rotates the key of `clientId`; `removed` lose their wrap. Returns the number of fields re-sealed. */
export function rotateClientKey(
  session: VaultSession,
  ctx: WriteContext,
  clientId: number,
  removed: string[],
): { fields: number } {
  const trust = session.verifiedTrust;
  const oldKeys = session.keyRing.subkeys(clientId);
  const generation = session.keyRing.generation(clientId) + 1;
  const newKey = generateClientKey();
  const newKeys = deriveClientSubkeys(newKey);
  let fields = 0;
  try {
    const keep = wrapRecipients(ctx.orm, clientId, removed);
    ctx.db.prepare('DELETE FROM client_key_wraps WHERE client_id = ?').run(clientId);
    for (const id of keep) {
      const holder = trust.of(id);
      if (holder && holder.body.status !== 'disabled')
        putWrap(session, ctx.orm, clientId, newKey, generation, recipientOf(holder));
    }
    const search = {
      drop: ctx.db.prepare('DELETE FROM record_search WHERE rowid = ?'),
      put: ctx.db.prepare('INSERT INTO record_search (rowid, tokens) VALUES (?, ?)'),
    };
    for (const spec of SEALED_TABLES) {
      const cols = spec.fields.map((f) => `${f}_enc`);
      const extra =
        spec.table === 'payment_records' ? ', account_id, occurred_at, amount_minor, dup_ref, dup_txn, deleted_at' : '';
      const rows = ctx.db
        .prepare<[number], Row>(
          `SELECT ${spec.idSql ?? 'id'} AS id, ${cols.join(', ')}${extra} FROM ${spec.table} WHERE ${spec.clientIdSql} = ?`,
        )
        .all(clientId);
      // A table without its own id (incident_clients) names a row by that id and the client together.
      const where = spec.idSql ? `${spec.idSql} = ? AND ${spec.clientIdSql} = ?` : 'id = ?';
      const update = ctx.db.prepare(
        `UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`,
      );
      for (const row of rows) {
        const plain: Texts = {};
        const sealed = spec.fields.map((field) => {
          const blob = row[`${field}_enc`] as Buffer | null;
          if (blob === null) return (plain[field] = null);
          const at = { vaultId: session.vaultId, clientId, table: spec.table, rowId: row.id, field };
          const text = decryptField(oldKeys.fieldKey, at, blob);
          plain[field] = text;
          fields += 1;
          return encryptField(newKeys.fieldKey, at, text);
        });
        update.run(...sealed, row.id, ...(spec.idSql ? [clientId] : []));
        if (spec.table === 'payment_records') reindexRecord(ctx, newKeys.searchKey, row, plain, search);
      }
    }
    fields += resealClientFiles(ctx, session.vaultId, clientId, oldKeys.fieldKey, newKeys.fieldKey);
  } finally {
    wipeClientSubkeys(newKeys);
  }
  session.keyRing.add(clientId, newKey, generation);
  return { fields };
}

function reindexRecord(
  ctx: WriteContext,
  searchKey: Buffer,
  row: Row,
  plain: Texts,
  search: { drop: Statement; put: Statement },
): void {
  // Old tokens go; a live record gets its new ones (a deleted record has left the search).
  search.drop.run(row.id);
  if (row.deleted_at === null) {
    const document = recordDocument(searchKey, [
      plain.counterparty,
      plain.memo,
      plain.reference,
      plain.merchant_order_ref,
    ]);
    if (document) search.put.run(row.id, document);
  }
  const reference = plain.reference ?? null;
  const counterparty = plain.counterparty ?? null;
  const dupRef =
    row.dup_ref === null || reference === null
      ? null
      : referenceDuplicateHash(searchKey, { accountId: row.account_id as number | null, reference });
  const dupTxn =
    row.dup_txn === null || counterparty === null
      ? null
      : transactionDuplicateHash(searchKey, {
          occurredAtMs: row.occurred_at as number,
          amountMinor: row.amount_minor as number,
          counterparty,
        });
  ctx.db.prepare('UPDATE payment_records SET dup_ref = ?, dup_txn = ? WHERE id = ?').run(dupRef, dupTxn, row.id);
}
