import { addPaymentAccount, listPaymentAccounts } from '../clients/accounts';
import { exportRecords } from '../records/export-records';
import { deleteRecord, updateRecord } from '../records/record-changes';
import { addRecord, listRecords, recordHistoryOf, revealRecord } from '../records/records';
import type { AppService } from './app-service';
import type { IpcRegistry } from './ipc-registry';

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

/** Clients' payment records: entry, lists, reveal with a reason, history, exports. */
export function registerRecordHandlers(registry: IpcRegistry, service: AppService): void {
  const s = () => service.requireSession();
  registry.register('accounts:list', ({ clientId }) => listPaymentAccounts(s(), clientId));
  registry.register('accounts:add', (input) => addPaymentAccount(s(), input));
  registry.register('records:list', (q) => listRecords(s(), q));
  registry.register('records:add', (input) => addRecord(s(), input));
  registry.register('records:update', ({ id, version, patch }) => ({ version: updateRecord(s(), id, version, patch) }));
  registry.register('records:delete', ({ id, version, reason }) => {
    deleteRecord(s(), id, version, reason);
    return { deleted: true as const };
  });
  registry.register('records:reveal', ({ id, reason }) => revealRecord(s(), id, reason));
  registry.register('records:history', ({ id }) => recordHistoryOf(s(), id));
  registry.register('records:export', async ({ query, format, revealReason }) => {
    const { bytes } = await exportRecords(s(), query, {
      format,
      locale: service.locale,
      reveal: revealReason ? { reason: revealReason } : undefined,
    });
    return service.saveExport(`ledgervault-records-${stamp()}.${format}`, bytes);
  });
  registry.register('clipboard:copySecret', ({ text }) => service.copySecret(text));
}
