import { ipcContract, isChannel, type Channel } from '../../shared/contract';
import { LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';

/**
 * Checks one renderer call against the IPC contract: a known channel and a payload its zod
 * schema accepts. Returns the parsed input (defaults applied, strings trimmed); throws E_INPUT
 * naming the first wrong field otherwise. The Electron shell runs it before forwarding a call
 * to the core host, and the host's registry checks again, so neither trusts the other's input.
 */
export function parseCall(channel: unknown, payload: unknown): { channel: Channel; input: unknown } {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
    throw new LedgerVaultError('E_INPUT', `Unknown channel ${shown}`, {
      messageKey: 'ipc.unknownChannel',
      params: { channel: shown },
    });
  }
  // The same words the core's own entry points use (parseInput): the field, in the user's language.
  return { channel, input: parseInput(ipcContract[channel].input, payload) };
}
