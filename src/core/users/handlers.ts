import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import {
  changeOwnPassword,
  createUser,
  disableUser,
  grantPermission,
  listUsers,
  resetMfa,
  resetPassword,
  unlockUser,
} from './users';
import { enableUser, updateUser } from './staff';
import { pendingMfaEnrolment } from '../auth/mfa';

/** Staff accounts, and the signed-in user's own password. */
export function registerUsersHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('account:changePassword', async (i) => {
    await changeOwnPassword(s(), i.currentPassword, i.newPassword);
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
  registry.register('users:update', (i) => {
    updateUser(s(), i);
    return listUsers(s());
  });
  registry.register('users:enable', async (i) => {
    await enableUser(s(), i);
    return listUsers(s());
  });
  registry.register('account:mfaPending', () => pendingMfaEnrolment(s()));
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
}
