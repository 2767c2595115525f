import { ipcContract } from '../shared/contract';
import { createClient, listClients } from '../core/clients/clients';
import { done } from './output';
import { checkWith, flag } from './parse';
import { signedInCommand } from './session';

/** `ledgervault client ...`: the firm's clients. */
export const clientCommands = {
  add: signedInCommand({
    summary: 'Add a client; prints its id.',
    flags: { name: flag.text('NAME').required(), uscc: flag.text('CODE') },
    run: (v, s) => {
      const c = createClient(s, checkWith(ipcContract['clients:create'].input, { name: v.name, uscc: v.uscc }));
      return done(v.json, c, String(c.id));
    },
  }),
  list: signedInCommand({
    summary: 'List the clients you may see.',
    flags: {},
    run: (v, s) => {
      const clients = listClients(s);
      const lines = clients.map((c) => `${String(c.id).padStart(6)}  ${c.name}${c.uscc ? `  ${c.uscc}` : ''}`);
      return done(v.json, clients, lines.join('\n'));
    },
  }),
};
