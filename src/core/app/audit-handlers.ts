import { auditSpan, exportAuditCsv, exportAuditJsonl, listAuditEvents, verifyAudit } from '../audit/audit-log';
import type { AppService } from './app-service';
import type { IpcRegistry } from './ipc-registry';

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

/** The audit viewer: list, span kept, verify, and exports saved where the user chooses. */
export function registerAuditHandlers(registry: IpcRegistry, service: AppService): void {
  const s = () => service.requireSession();
  registry.register('audit:list', (filter) => listAuditEvents(s(), { limit: 5_000, ...filter }));
  registry.register('audit:span', () => auditSpan(s()));
  registry.register('audit:verify', (): ReturnType<typeof verifyAudit> => verifyAudit(s()));
  registry.register('audit:export', async ({ format, filter }) => {
    const session = s();
    const bytes = format === 'csv' ? exportAuditCsv(session, filter ?? {}) : Buffer.from(exportAuditJsonl(session));
    return service.saveExport(`ledgervault-audit-${stamp()}.${format}`, bytes);
  });
}
