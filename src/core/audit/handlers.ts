import { auditClients, auditSpan, exportAuditCsv, exportAuditJsonl, listAuditEvents, verifyAudit } from './audit-log';
import { authorize } from '../access/authorize';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';

/** A signed export of every event of a busy office's decade is a few hundred MB. */
const EVIDENCE_MAX_BYTES = 1024 * 2 ** 20;

/** The audit viewer: list, span kept, verify, and exports saved where the user chooses. */
export function registerAuditHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('audit:list', (filter) => listAuditEvents(s(), { limit: 5_000, ...filter }));
  registry.register('audit:span', () => auditSpan(s()));
  registry.register('audit:clients', () => auditClients(s()));
  registry.register('audit:verify', (): ReturnType<typeof verifyAudit> => verifyAudit(s()));
  registry.register('audit:verifyAgainstExport', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorize(s(), 'audit.view');
    const file = await service.openFile('evidence-report', EVIDENCE_MAX_BYTES);
    if (!file) return null;
    return verifyAudit(s(), file.bytes.toString('utf8'), file.name);
  });
  registry.register('audit:export', async ({ format, filter }) => {
    const save = (name: string, bytes: Buffer) => service.saveExport(name, bytes);
    const saved =
      format === 'csv'
        ? await exportAuditCsv(s(), filter ?? {}, save)
        : await exportAuditJsonl(s(), filter ?? {}, save);
    return saved && { path: saved.path, bytes: saved.bytes };
  });
}
