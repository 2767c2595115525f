import { homeSummary } from './index';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';

/** The home screen: one summary per role. */
export function registerHomeHandlers(registry: IpcRegistry, service: HandlerContext): void {
  registry.register('home:summary', () => homeSummary(service.requireSession()));
}
