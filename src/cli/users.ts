import { ROLE_NAMES } from '../shared/access/roles';
import { ipcContract } from '../shared/contract';
import { changeOwnPassword, createUser, disableUser, listUsers, resetPassword, unlockUser } from '../core/users/users';
import { done } from './output';
import { checkWith, flag } from './parse';
import { newPassword, signedInCommand } from './session';

const USERNAME = { username: flag.text('NAME').required() };

/** `ledgervault user ...`: staff accounts (admins only, checked in the core). */
export const userCommands = {
  add: signedInCommand({
    summary: 'Add a staff account with a temporary password from LEDGERVAULT_NEW_PASSWORD (changed at first sign-in).',
    flags: { ...USERNAME, role: flag.oneOf(ROLE_NAMES).required(), 'display-name': flag.text('NAME') },
    run: async (v, s) => {
      const input = checkWith(
        ipcContract['users:create'].input,
        { username: v.username, displayName: v['display-name'], role: v.role, password: newPassword() },
        { displayName: 'display-name' },
      );
      const user = await createUser(s, input);
      return done(
        v.json,
        user,
        `${user.username} (${user.role}) added; the temporary password must be changed at first sign-in.`,
      );
    },
  }),
  disable: signedInCommand({
    summary: 'Disable a staff account (it can no longer sign in).',
    flags: USERNAME,
    run: (v, s) => {
      disableUser(s, v.username);
      return done(v.json, { username: v.username, status: 'disabled' }, `${v.username} disabled.`);
    },
  }),
  unlock: signedInCommand({
    summary: 'Unlock an account locked after failed sign-ins.',
    flags: USERNAME,
    run: (v, s) => {
      unlockUser(s, v.username);
      return done(v.json, { username: v.username, locked: false }, `${v.username} unlocked.`);
    },
  }),
  'reset-password': signedInCommand({
    summary: 'Give an account a temporary password from LEDGERVAULT_NEW_PASSWORD.',
    flags: USERNAME,
    run: async (v, s) => {
      await resetPassword(s, v.username, newPassword());
      return done(
        v.json,
        { username: v.username, mustChangePassword: true },
        `${v.username} has a temporary password.`,
      );
    },
  }),
  passwd: signedInCommand({
    summary: 'Change your own password (the one you signed in with) to LEDGERVAULT_NEW_PASSWORD.',
    flags: {},
    run: async (v, s, signIn) => {
      await changeOwnPassword(s, signIn.password, newPassword());
      return done(v.json, { username: s.user.username, changed: true }, 'Password changed.');
    },
  }),
  list: signedInCommand({
    summary: 'List staff accounts.',
    flags: {},
    run: (v, s) => {
      const users = listUsers(s);
      const lines = users.map(
        (u) =>
          `${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.status}${u.lockedUntil ? ' locked' : ''}${u.mfaEnrolled ? ' mfa' : ''}`,
      );
      return done(v.json, users, lines.join('\n'));
    },
  }),
};
