/**
 * Errors cross IPC as data ({code, messageKey, params}) and are worded where they are shown: the
 * renderer in the UI's language, the CLI from LANG, both from the same tables.
 */
import { describe, expect, it } from 'vitest';
import { inputError, LedgerVaultError, toPublicError } from '../../src/core/errors';
import { IpcRegistry } from '../../src/core/ipc/registry';
import { AppError, describeError, toAppError } from '../../src/renderer/app/errors';
import { ERROR_TEXT } from '../../src/shared/errors';

describe('an error as it crosses IPC', () => {
  it('is a code, a message key and its parameters: no sentence in any language', () => {
    expect(toPublicError(inputError('user.exists', { username: 'lina' }))).toEqual({
      code: 'E_INPUT',
      messageKey: 'user.exists',
      params: { username: 'lina' },
    });
    // The English detail stays in the core (for logs); only the code crosses.
    expect(toPublicError(new LedgerVaultError('E_BUSY', 'vault.db is held by pid 4242'))).toEqual({
      code: 'E_BUSY',
      messageKey: null,
      params: {},
    });
    expect(toPublicError(new Error('SQLITE_CORRUPT at /home/x/vault.db'))).toEqual({
      code: 'E_INTERNAL',
      messageKey: null,
      params: {},
    });
  });

  it('is what the registry answers, without being told a language', async () => {
    const result = await new IpcRegistry().dispatch('vault:drop', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'E_INPUT', messageKey: 'ipc.unknownChannel', params: { channel: 'vault:drop' } },
    });
  });
});

describe('the renderer words an error in the UI language', () => {
  const wire = { code: 'E_INPUT', messageKey: 'user.exists', params: { username: 'lina' } };

  it('shows the zh-CN message of its key (and the English one after a switch)', () => {
    const err = toAppError(wire);
    expect(err).toBeInstanceOf(AppError);
    expect(describeError(err, 'zh-CN')).toEqual({ code: 'E_INPUT', message: '用户名 lina 已被使用。' });
    expect(describeError(err, 'en')).toEqual({ code: 'E_INPUT', message: 'The user name lina is already taken.' });
  });

  it("falls back to the code's text for a key it does not know, and to E_INTERNAL for an unknown code", () => {
    expect(
      describeError(toAppError({ code: 'E_CONFLICT', messageKey: 'record.fromTheFuture', params: {} }), 'zh-CN'),
    ).toEqual({ code: 'E_CONFLICT', message: ERROR_TEXT.E_CONFLICT['zh-CN'] });
    expect(describeError(toAppError({ code: 'E_AUTH', messageKey: null, params: {} }), 'zh-CN').message).toBe(
      '用户名、密码或恢复密钥不正确。',
    );
    expect(describeError(toAppError({ code: 'E_NEW_IN_V9', messageKey: 'user.exists' }), 'en')).toEqual({
      code: 'E_INTERNAL',
      message: ERROR_TEXT.E_INTERNAL.en,
    });
    expect(describeError(toAppError(undefined), 'zh-CN').code).toBe('E_INTERNAL');
    expect(describeError(new TypeError('x is undefined'), 'en')).toEqual({
      code: 'E_INTERNAL',
      message: ERROR_TEXT.E_INTERNAL.en,
    });
  });

  it('keeps only text and number parameters (they are filled into a sentence)', () => {
    const err = toAppError({ code: 'E_INPUT', messageKey: 'user.exists', params: { username: { toString: 1 } } });
    expect(err.params).toEqual({});
    expect(describeError(err, 'en').message).toBe('The user name {username} is already taken.');
  });

  it('reads the same in the CLI, which words it from LANG with the same tables', () => {
    const err = inputError('user.exists', { username: 'lina' });
    expect(err.localized('zh-CN')).toBe(describeError(toAppError(toPublicError(err)), 'zh-CN').message);
    expect(new LedgerVaultError('E_LOCKED').localized('en')).toBe(ERROR_TEXT.E_LOCKED.en);
  });
});
