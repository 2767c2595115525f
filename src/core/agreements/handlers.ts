import { authorizeRole } from '../access/authorize';
import { createDocumentPicker } from '../documents';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { exportAgreementFile, getAgreements, recordAgreement } from './register';

/** Client agreements (issue 17, Build 5); authorized and audited in register.ts. */
export function registerAgreementsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  const files = createDocumentPicker(service);
  registry.register('agreements:get', () => getAgreements(s()));
  registry.register('agreements:record', (input) => recordAgreement(s(), input, files));
  registry.register('agreements:pickFile', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorizeRole(s(), 'agreement.manage');
    return files.pick();
  });
  registry.register('agreements:exportFile', (input) =>
    exportAgreementFile(s(), input, (name, bytes) => service.saveExport(name, bytes)),
  );
}
