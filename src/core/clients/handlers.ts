import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { addPaymentAccount, listPaymentAccounts } from './accounts';
import { createClient, listClients } from './clients';

/** Clients and their payment accounts. */
export function registerClientsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('clients:list', () => listClients(s()));
  registry.register('clients:create', (i) => createClient(s(), i));
  registry.register('accounts:list', ({ clientId }) => listPaymentAccounts(s(), clientId));
  registry.register('accounts:add', (input) => addPaymentAccount(s(), input));
}
