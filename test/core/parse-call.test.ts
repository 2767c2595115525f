import { describe, expect, it } from 'vitest';
import { parseCall } from '../../src/core/ipc/parse-call';
import { toPublicError } from '../../src/core/errors';
import { localizeError } from '../../src/shared/messages';

function refusal(channel: string, payload: unknown) {
  try {
    parseCall(channel, payload);
  } catch (err) {
    return toPublicError(err);
  }
  throw new Error('accepted');
}

describe('a call the contract refuses', () => {
  it('names the wrong field in words, the same words the core entry points use', () => {
    const error = refusal('records:add', {
      clientId: 1,
      occurredAt: '2024-03-05',
      direction: 'out',
      amount: '5',
      counterparty: 'x'.repeat(201),
    });
    expect(error.code).toBe('E_INPUT');
    expect(error.messageKey).not.toBe('ipc.invalidPayload');
    expect(localizeError(error, 'zh-CN').message).toContain('交易对方');
    expect(localizeError(error, 'en').message).not.toMatch(/too_big|invalid_type/);
  });

  it('refuses an id beyond the safe integers without echoing it as 1e+23', () => {
    const error = refusal('records:history', { id: 1e23 });
    expect(error.code).toBe('E_INPUT');
    expect(JSON.stringify(error)).not.toContain('1e+23');
  });
});
