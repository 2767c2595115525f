import { exportRecords } from './export-records';
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
  registry.register('records:export', async ({ query, format, revealReason, locale }) => {
    const saved = await exportRecords(s(), query, {
      format,
      locale,
      reveal: revealReason ? { reason: revealReason } : undefined,
      save: (name, bytes) => service.saveExport(name, bytes),
    });
    return saved && { path: saved.path, bytes: saved.bytes };
  });
  registry.register('clipboard:copySecret', ({ text }) => service.copySecret(text));
}
