import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { addPaymentAccount, listPaymentAccounts, setAccountOpening } from './accounts';
import { createClient, listClients, setClientArchived, updateClient } from './clients';

/** Clients and their payment accounts. */
export function registerClientsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('clients:list', (i) => listClients(s(), i));
  registry.register('clients:update', (i) => updateClient(s(), i));
  registry.register('clients:archive', (i) => setClientArchived(s(), i));
  registry.register('clients:create', (i) => createClient(s(), i));
  registry.register('accounts:list', ({ clientId }) => listPaymentAccounts(s(), clientId));
  registry.register('accounts:add', (input) => addPaymentAccount(s(), input));
  registry.register('accounts:update', (input) => setAccountOpening(s(), input));
}
