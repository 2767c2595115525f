/**
 * A client's files kept in the vault (compliance_files with a client id: a scanned agreement)
 * are sealed under that client's key, their name and their bytes each on its own, bound to the
 * row like any sealed field (sealed-fields.ts). Their columns are `name` and `content`, not
 * `*_enc` (a file of the office's own is stored as it is, under the page encryption), so a key
 * rotation re-seals them here rather than through SEALED_TABLES.
 */
import { decryptField, decryptFieldBytes, encryptField } from '../crypto/field-cipher';
import type { WriteContext } from './session';

/** Re-seals every file of `clientId` from `oldKey` to `newKey`, one at a time (a file may be 20 MB). */
export function resealClientFiles(
  ctx: WriteContext,
  vaultId: string,
  clientId: number,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): number {
  const ids = ctx.db
    .prepare<[number], { id: number }>('SELECT id FROM compliance_files WHERE client_id = ? ORDER BY id')
    .all(clientId);
  const read = ctx.db.prepare<[number], { name: Buffer; content: Buffer }>(
    'SELECT name, content FROM compliance_files WHERE id = ?',
  );
  const update = ctx.db.prepare('UPDATE compliance_files SET name = ?, content = ? WHERE id = ?');
  for (const { id } of ids) {
    const row = read.get(id)!;
    const at = (field: string) => ({ vaultId, clientId, table: 'compliance_files', rowId: id, field });
    const name = decryptField(oldKey, at('name'), row.name);
    const content = decryptFieldBytes(oldKey, at('content'), row.content);
    update.run(encryptField(newKey, at('name'), name), encryptField(newKey, at('content'), content), id);
    content.fill(0);
  }
  return ids.length * 2;
}
