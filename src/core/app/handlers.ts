import type { AppService } from './app-service';
import { IpcRegistry } from './ipc-registry';
import { registerAccessHandlers } from './account-handlers';
import { registerAuditHandlers } from './audit-handlers';
import { registerRecordHandlers } from './record-handlers';

/** The app and vault channels. Later features add their own register*Handlers beside their code. */
export function registerAppHandlers(registry: IpcRegistry, service: AppService): void {
  registry.register('app:info', () => service.info());
  registry.register('app:setLocale', ({ locale }) => service.setLocale(locale));
}

export function registerVaultHandlers(registry: IpcRegistry, service: AppService): void {
  registry.register('vault:status', () => service.status());
  registry.register('vault:create', (input) => service.create(input));
  registry.register('vault:unlock', (input) => service.unlock(input));
  registry.register('vault:lock', () => service.lock());
}

/** Every channel of the contract, wired to one service; throws if any is missing or doubled. */
export function createIpcRegistry(service: AppService): IpcRegistry {
  const registry = new IpcRegistry((channel) => service.activity(channel));
  registerAppHandlers(registry, service);
  registerVaultHandlers(registry, service);
  registerAccessHandlers(registry, service);
  registerAuditHandlers(registry, service);
  registerRecordHandlers(registry, service);
  registry.assertComplete();
  return registry;
}
