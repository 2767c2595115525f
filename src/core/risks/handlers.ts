import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { addStarterRisk, listRisks, saveRisk } from './register';

/** Risks (issue 17, Build 7); authorized and audited in register.ts. */
export function registerRisksHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  const opts = () => ({ appVersion: service.info().version });
  registry.register('risks:list', () => listRisks(s(), opts()));
  registry.register('risks:save', (input) => saveRisk(s(), input, opts()));
  registry.register('risks:addStarter', (input) => addStarterRisk(s(), input, opts()));
}
