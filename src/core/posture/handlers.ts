import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { readPosture } from './index';

/** The posture screen and the home screen's posture card (issue 17, Build 1). */
export function registerPostureHandlers(registry: IpcRegistry, service: HandlerContext): void {
  registry.register('posture:get', () => readPosture(service.requireSession(), { appVersion: service.info().version }));
}
