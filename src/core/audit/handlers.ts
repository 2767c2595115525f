import { auditClients, auditSpan, exportAuditCsv, exportAuditJsonl, listAuditEvents, verifyAudit } from './audit-log';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';

/** The audit viewer: list, span kept, verify, and exports saved where the user chooses. */
export function registerAuditHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('audit:list', (filter) => listAuditEvents(s(), { limit: 5_000, ...filter }));
  registry.register('audit:span', () => auditSpan(s()));
  registry.register('audit:clients', () => auditClients(s()));
  registry.register('audit:verify', (): ReturnType<typeof verifyAudit> => verifyAudit(s()));
  registry.register('audit:export', async ({ format, filter }) => {
    const save = (name: string, bytes: Buffer) => service.saveExport(name, bytes);
    const saved =
      format === 'csv'
        ? await exportAuditCsv(s(), filter ?? {}, save)
        : await exportAuditJsonl(s(), filter ?? {}, save);
    return saved && { path: saved.path, bytes: saved.bytes };
  });
}
