import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { createReport, saveReport } from './index';

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
}
