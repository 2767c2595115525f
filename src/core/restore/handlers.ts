/**
 * The restore screens' channels (issue 13, Build 6): callable only while nobody is signed in
 * (restore-flows.ts refuses otherwise); each ends with the vault locked.
 */
import type { IpcRegistry } from '../ipc/registry';
import { RestoreFlows, type RestoreHost } from './restore-flows';

export function registerRestoreHandlers(registry: IpcRegistry, service: { restoreHost(): RestoreHost }): void {
  const flows = new RestoreFlows(service.restoreHost());
  registry.register('restore:pickBackup', () => flows.pickBackup());
  registry.register('restore:fromBackup', (input) => flows.fromBackup(input));
  registry.register('restore:pickFolder', () => flows.pickFolder());
  registry.register('restore:withRecoveryKey', (input) => flows.withRecoveryKey(input));
}
