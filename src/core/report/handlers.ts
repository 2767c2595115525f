import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { authorize } from '../access/authorize';
import { createReport, saveReport } from './index';
import { MAX_REPORT_BYTES, verifyPickedReport } from './verify-picked';

/** The evidence report screen (issue 17, Build 10); authorized and audited in index.ts. */
export function registerReportHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register(
    'report:create',
    async ({ lang }) => (await createReport(s(), { lang, appVersion: service.info().version })).preview,
  );
  registry.register('report:save', async (input) => {
    const saved = await saveReport(s(), input, {
      save: (name, bytes) => service.saveExport(name, bytes),
      printPdf: (html) => service.printPdf(html),
    });
    return saved && { path: saved.path, bytes: saved.bytes, handle: service.rememberSavedFile(saved.path) };
  });
  registry.register('report:verify', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorize(s(), 'report.create');
    const file = await service.openFile('compliance-report', MAX_REPORT_BYTES);
    return file && verifyPickedReport(s(), file.name, file.bytes);
  });
}
