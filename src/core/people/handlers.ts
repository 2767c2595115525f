import { createDocumentPicker } from '../documents';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { authorizeRole } from '../access/authorize';
import { exportAcknowledgementFile, getPeople, recordAcknowledgement, recordTraining } from './register';

/** People and training (issue 17, Build 4); authorized and audited in register.ts. */
export function registerPeopleHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  const files = createDocumentPicker(service);
  registry.register('people:get', () => getPeople(s()));
  registry.register('people:acknowledge', (input) => recordAcknowledgement(s(), input, files));
  registry.register('people:training', (input) => recordTraining(s(), input));
  registry.register('people:pickFile', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorizeRole(s(), 'people.manage');
    return files.pick();
  });
  registry.register('people:exportFile', (input) =>
    exportAcknowledgementFile(s(), input, (name, bytes) => service.saveExport(name, bytes)),
  );
}
