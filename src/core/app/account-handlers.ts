import { setClientGrant, revokeClientGrant, listClientGrants } from '../access/grants';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../auth/mfa';
import { listSecuritySignals } from '../auth/signals';
import { createClient, listClients } from '../clients/clients';
import { getSettings, updateSettings } from '../settings/settings';
import {
  changeOwnPassword,
  createUser,
  disableUser,
  grantPermission,
  listUsers,
  resetMfa,
  resetPassword,
  unlockUser,
} from '../users/users';
import type { AppService } from './app-service';
import type { IpcRegistry } from './ipc-registry';

/** Identity and access: the signed-in user's own account, staff, clients, grants, settings. */
export function registerAccessHandlers(registry: IpcRegistry, service: AppService): void {
  const s = () => service.requireSession();
  registry.register('account:changePassword', async (i) => {
    await changeOwnPassword(s(), i.currentPassword, i.newPassword);
    return service.status();
  });
  registry.register('account:mfaBegin', () => beginMfaEnrolment(s()));
  registry.register('account:mfaConfirm', (i) => {
    confirmMfaEnrolment(s(), i.code);
    return service.status();
  });
  registry.register('users:list', () => listUsers(s()));
  registry.register('users:create', (i) => createUser(s(), i));
  registry.register('users:disable', (i) => {
    disableUser(s(), i.username);
    return listUsers(s());
  });
  registry.register('users:resetPassword', async (i) => {
    await resetPassword(s(), i.username, i.temporaryPassword);
    return listUsers(s());
  });
  registry.register('users:unlock', (i) => {
    unlockUser(s(), i.username);
    return listUsers(s());
  });
  registry.register('users:resetMfa', (i) => {
    resetMfa(s(), i.username);
    return listUsers(s());
  });
  registry.register('users:setPermission', (i) => {
    grantPermission(s(), i.username, i.permission, i.granted);
    return listUsers(s());
  });
  registry.register('clients:list', () => listClients(s()));
  registry.register('clients:create', (i) => createClient(s(), i));
  registry.register('grants:list', () => listClientGrants(s()));
  registry.register('grants:set', (i) => {
    setClientGrant(s(), i);
    return listClientGrants(s());
  });
  registry.register('grants:revoke', (i) => {
    revokeClientGrant(s(), i);
    return listClientGrants(s());
  });
  registry.register('settings:get', () => getSettings(s()));
  registry.register('settings:update', (i) => {
    const after = updateSettings(s(), i);
    service.applySettings(after);
    return after;
  });
  registry.register('security:signals', () => listSecuritySignals(s()));
}
