import { authorizeRole } from '../access/authorize';
import { createDocumentPicker } from '../documents';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { assessPartner, exportPartnerFile, listPartners, savePartner } from './register';

/** Partners (issue 17, Build 6); authorized and audited in register.ts. */
export function registerPartnersHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  const files = createDocumentPicker(service);
  registry.register('partners:list', () => listPartners(s()));
  registry.register('partners:save', (input) => savePartner(s(), input, files));
  registry.register('partners:assess', (input) => assessPartner(s(), input));
  registry.register('partners:pickFile', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorizeRole(s(), 'partner.manage');
    return files.pick();
  });
  registry.register('partners:exportFile', (input) =>
    exportPartnerFile(s(), input, (name, bytes) => service.saveExport(name, bytes)),
  );
}
