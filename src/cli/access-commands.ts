import { LedgerVaultError } from '../core/errors';
import { ROLES, type Role } from '../core/db/schema';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../core/auth/mfa';
import { listClientGrants, revokeClientGrant, setClientGrant } from '../core/access/grants';
import { createClient, listClients } from '../core/clients/clients';
import { changeOwnPassword, createUser, disableUser, listUsers, resetPassword, unlockUser } from '../core/users/users';
import { printJson } from './output';
import { clientId, newPassword, optional, required, withSession, type Values } from './session';
import { secretFrom } from './secrets-input';

function role(values: Values): Role {
  const r = required(values, 'role');
  if (!(ROLES as readonly string[]).includes(r))
    throw new LedgerVaultError('E_INPUT', `--role is one of ${ROLES.join(', ')}.`);
  return r as Role;
}

function out(values: Values, json: unknown, text: string): number {
  if (values.json) printJson(json);
  else process.stdout.write(`${text}\n`);
  return 0;
}

export const userCommands: Record<string, (values: Values) => Promise<number>> = {
  add: (v) =>
    withSession(v, async (s) => {
      const user = await createUser(s, {
        username: required(v, 'username'),
        displayName: optional(v, 'display-name'),
        role: role(v),
        password: newPassword(),
      });
      return out(
        v,
        user,
        `${user.username} (${user.role}) added; the temporary password must be changed at first sign-in.`,
      );
    }),
  disable: (v) =>
    withSession(v, (s) => {
      disableUser(s, required(v, 'username'));
      return out(v, { username: v.username, status: 'disabled' }, `${String(v.username)} disabled.`);
    }),
  unlock: (v) =>
    withSession(v, (s) => {
      unlockUser(s, required(v, 'username'));
      return out(v, { username: v.username, locked: false }, `${String(v.username)} unlocked.`);
    }),
  'reset-password': (v) =>
    withSession(v, async (s) => {
      await resetPassword(s, required(v, 'username'), newPassword());
      return out(
        v,
        { username: v.username, mustChangePassword: true },
        `${String(v.username)} has a temporary password.`,
      );
    }),
  passwd: (v) =>
    withSession(v, async (s) => {
      const current =
        process.env.LEDGERVAULT_PASSWORD ??
        (await secretFrom({ stdin: false, env: 'LEDGERVAULT_PASSWORD', what: 'password' }));
      await changeOwnPassword(s, current, newPassword());
      return out(v, { username: s.user.username, changed: true }, 'Password changed.');
    }),
  list: (v) =>
    withSession(v, (s) => {
      const users = listUsers(s);
      return out(
        v,
        users,
        users
          .map(
            (u) =>
              `${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.status}${u.lockedUntil ? ' locked' : ''}${u.mfaEnrolled ? ' mfa' : ''}`,
          )
          .join('\n'),
      );
    }),
};

export const mfaCommands: Record<string, (values: Values) => Promise<number>> = {
  enroll: (v) =>
    withSession(v, async (s) => {
      const e = await beginMfaEnrolment(s);
      const json = { secret: e.secret, otpauthUrl: e.otpauthUrl, recoveryCodes: e.recoveryCodes };
      return out(
        v,
        json,
        [
          `Secret: ${e.secret}`,
          `URL: ${e.otpauthUrl}`,
          'Recovery codes (each works once; store them safely):',
          ...e.recoveryCodes.map((c) => `  ${c}`),
          'Confirm with: ledgervault mfa confirm --code CODE',
        ].join('\n'),
      );
    }),
  confirm: (v) =>
    withSession(v, (s) => {
      confirmMfaEnrolment(s, required(v, 'code'));
      return out(v, { username: s.user.username, mfa: true }, 'Two-step verification is on.');
    }),
};

export const clientCommands: Record<string, (values: Values) => Promise<number>> = {
  add: (v) =>
    withSession(v, (s) => {
      const c = createClient(s, { name: required(v, 'name'), uscc: optional(v, 'uscc') });
      return out(v, c, String(c.id));
    }),
  list: (v) =>
    withSession(v, (s) => {
      const clients = listClients(s);
      return out(
        v,
        clients,
        clients.map((c) => `${String(c.id).padStart(6)}  ${c.name}${c.uscc ? `  ${c.uscc}` : ''}`).join('\n'),
      );
    }),
};

export const grantCommand = (v: Values) =>
  withSession(v, (s) => {
    setClientGrant(s, { username: required(v, 'username'), clientId: clientId(v), canWrite: v.write === true });
    return out(
      v,
      listClientGrants(s),
      `${String(v.username)} may now ${v.write ? 'read and write' : 'read'} client ${String(v.client)}.`,
    );
  });

export const revokeCommand = (v: Values) =>
  withSession(v, (s) => {
    revokeClientGrant(s, { username: required(v, 'username'), clientId: clientId(v) });
    return out(v, listClientGrants(s), `${String(v.username)} no longer has client ${String(v.client)}.`);
  });
