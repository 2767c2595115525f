import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { listClientGrants, listGrantableStaff, revokeClientGrant, setClientGrant } from './grants';

/** Per-client grants. */
export function registerAccessHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('grants:list', () => listClientGrants(s()));
  registry.register('grants:staff', () => listGrantableStaff(s()));
  registry.register('grants:set', (i) => {
    setClientGrant(s(), i);
    return listClientGrants(s());
  });
  registry.register('grants:revoke', (i) => {
    revokeClientGrant(s(), i);
    return listClientGrants(s());
  });
}
