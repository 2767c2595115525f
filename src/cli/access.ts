import { ipcContract } from '../shared/contract';
import { listClientGrants, revokeClientGrant, setClientGrant } from '../core/access/grants';
import { done } from './output';
import { checkWith, flag } from './parse';
import { signedInCommand } from './session';

const GRANT = { username: flag.text('NAME').required(), client: flag.id().required() };

/** `ledgervault grant` and `revoke`: which client's records a staff member may read or write. */
export const accessCommands = {
  grant: signedInCommand({
    summary: "Let a staff member read (and with --write, change) one client's records.",
    flags: { ...GRANT, write: flag.bool() },
    run: (v, s) => {
      const input = { username: v.username, clientId: v.client, canWrite: v.write };
      setClientGrant(s, checkWith(ipcContract['grants:set'].input, input, { clientId: 'client' }));
      return done(
        v.json,
        listClientGrants(s),
        `${v.username} may now ${v.write ? 'read and write' : 'read'} client ${v.client}.`,
      );
    },
  }),
  revoke: signedInCommand({
    summary: "Take away a staff member's access to one client.",
    flags: GRANT,
    run: (v, s) => {
      const input = { username: v.username, clientId: v.client };
      revokeClientGrant(s, checkWith(ipcContract['grants:revoke'].input, input, { clientId: 'client' }));
      return done(v.json, listClientGrants(s), `${v.username} no longer has client ${v.client}.`);
    },
  }),
};
