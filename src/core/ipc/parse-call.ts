import { inputMessage } from '../../shared/messages';
import { ipcContract, isChannel, type Channel } from '../../shared/contract';
import { LedgerVaultError } from '../errors';

/**
 * Checks one renderer call against the IPC contract: a known channel and a payload its zod
 * schema accepts. Returns the parsed input (defaults applied, strings trimmed); throws E_INPUT
 * naming at most three problems otherwise. The Electron shell runs it before forwarding a call
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
  const parsed = ipcContract[channel].input.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(payload)'}: ${i.code}`)
      .join('; ');
    throw new LedgerVaultError('E_INPUT', inputMessage('ipc.invalidPayload', 'en', { issues }), {
      messageKey: 'ipc.invalidPayload',
      params: { issues },
    });
  }
  return { channel, input: parsed.data };
}
