import type { SaveExport } from '../../src/core/export/save';
import { exportRecords, type ExportOptions } from '../../src/core/records/export-records';
import type { RecordQuery } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';

/** A save callback that keeps what it is given, as a dialog that saved would (or null: cancelled). */
export function memorySave(result: 'saved' | 'cancelled' | 'fails' = 'saved') {
  const files: { name: string; bytes: Buffer }[] = [];
  const save: SaveExport = (name, bytes) => {
    if (result === 'fails') return Promise.reject(new Error('EACCES: permission denied'));
    if (result === 'cancelled') return Promise.resolve(null);
    files.push({ name, bytes });
    return Promise.resolve({ path: `/exports/${name}` });
  };
  return { save, files };
}

/** exportRecords saved to memory: the bytes a user's file would hold. */
export async function exportToMemory(
  session: VaultSession,
  query: RecordQuery,
  opts: Omit<ExportOptions, 'save'>,
): Promise<{ bytes: Buffer; rows: number }> {
  const { save, files } = memorySave();
  const saved = await exportRecords(session, query, { ...opts, save });
  return { bytes: files[0]!.bytes, rows: saved!.rows };
}
