import type { IpcRegistry } from '../ipc/registry';
import type { AppService } from './app-service';

/** The app and vault channels: information, status, creation, sign-in and lock. */
export function registerVaultHandlers(registry: IpcRegistry, service: AppService): void {
  registry.register('app:info', () => service.info());
  registry.register('vault:status', () => service.status());
  registry.register('vault:create', (input) => service.create(input));
  registry.register('vault:unlock', (input) => service.unlock(input));
  registry.register('vault:lock', () => service.lock());
}
