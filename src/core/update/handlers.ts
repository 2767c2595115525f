/**
 * The update screen's channels (issue 15): each authorized ('updates.install', admins) and
 * audited in update-flows.ts. A lock forgets every checked release.
 */
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { UpdateFlows, type UpdateHost } from './update-flows';

export function registerUpdateHandlers(
  registry: IpcRegistry,
  service: Pick<HandlerContext, 'requireSession' | 'onSessionChange'> & { updateHost(): UpdateHost },
): void {
  const flows = new UpdateFlows(service.updateHost());
  const s = () => service.requireSession();
  service.onSessionChange(() => flows.forget());
  registry.register('update:status', () => flows.status(s()));
  registry.register('update:checkFolder', () => flows.checkFolder(s()));
  registry.register('update:checkOffice', () => flows.checkOffice(s()));
  registry.register('update:install', (input) => flows.install(s(), input.handle));
  registry.register('update:restart', () => flows.restart(s()));
  registry.register('update:setOfficeUrl', (input) => flows.setOfficeUrl(s(), input.url));
}
