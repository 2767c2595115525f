import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { assessPartner, listPartners, savePartner } from './register';

/** Partners (issue 17, Build 6); authorized and audited in register.ts. */
export function registerPartnersHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('partners:list', () => listPartners(s()));
  registry.register('partners:save', (input) => savePartner(s(), input));
  registry.register('partners:assess', (input) => assessPartner(s(), input));
}
