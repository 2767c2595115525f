import { batchDeleteRecords, batchMoveRecords, batchStatusRecords, recordIdsOf } from './batch';
import { exportRecords } from './export-records';
import { periodView } from './period';
import { deleteRecord, updateRecord } from './record-changes';
import { addRecord, listRecords, recordHistoryOf, revealRecord } from './index';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';

/** Clients' payment records: entry, lists, reveal with a reason, history, exports. */
export function registerRecordsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('records:list', (q) => listRecords(s(), q));
  registry.register('records:add', (input) => addRecord(s(), input));
  registry.register('records:update', ({ id, version, patch }) => ({ version: updateRecord(s(), id, version, patch) }));
  registry.register('records:delete', ({ id, version, reason }) => {
    deleteRecord(s(), id, version, reason);
    return { deleted: true as const };
  });
  registry.register('records:reveal', ({ id, reason }) => revealRecord(s(), id, reason));
  registry.register('records:history', ({ id }) => recordHistoryOf(s(), id));
  registry.register('records:period', (q) => periodView(s(), q));
  registry.register('records:ids', (q) => recordIdsOf(s(), q));
  registry.register('records:batchDelete', (input) => batchDeleteRecords(s(), input));
  registry.register('records:batchMove', (input) => batchMoveRecords(s(), input));
  registry.register('records:batchStatus', (input) => batchStatusRecords(s(), input));
  registry.register('records:export', async ({ query, format, revealReason, locale }) => {
    const saved = await exportRecords(s(), query, {
      format,
      locale,
      reveal: revealReason ? { reason: revealReason } : undefined,
      save: (name, bytes) => service.saveExport(name, bytes),
    });
    return (
      saved && { path: saved.path, bytes: saved.bytes, rows: saved.rows, handle: service.rememberSavedFile(saved.path) }
    );
  });
  registry.register('records:showExport', async ({ handle }) => {
    await service.showSavedFile(handle);
    return { shown: true as const };
  });
  registry.register('clipboard:copySecret', ({ text }) => service.copySecret(text));
}
