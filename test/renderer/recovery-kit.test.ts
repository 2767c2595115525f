/**
 * The recovery kit and the upgrade report as the renderer lays them out: the root certificate
 * fingerprint in the groups a person compares by eye, the report of an upgrading sign-in kept
 * out of the session store and handed to its own screen first, and an E_INTEGRITY at sign-in
 * worded as the specific finding in the user's language.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../../src/core/crypto/identity';
import { describeError, toAppError } from '../../src/renderer/app/errors';
import { afterUnlock } from '../../src/renderer/vault/after-unlock';
import { fingerprintLines, keyGroups } from '../../src/renderer/vault/kit-format';
import { upgradeReportStore } from '../../src/renderer/vault/recovery-kit-store';
import { upgradeEn, upgradeZh } from '../../src/renderer/vault/upgrade-strings';
import { ERROR_TEXT } from '../../src/shared/errors';
import type { UnlockResult, VaultStatus } from '../../src/shared/contract';

const STATUS: VaultStatus = {
  state: 'unlocked',
  user: { username: 'boss', displayName: '王经理', role: 'admin' },
  restriction: null,
  idleLockAt: 1_900_000_000_000,
  can: ['user.list'],
};

const UPGRADE = {
  recoveryKey: 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ',
  rootFingerprint: formatFingerprint(randomBytes(32)),
  temporaryPasswords: [
    { username: 'acc1', displayName: '张会计', password: 'Temp-acc1-7Q4M-2X9K' },
    { username: 'aud', displayName: '赵审计', password: 'Temp-aud-8R5N-3Y2L' },
  ],
};

afterEach(() => upgradeReportStore.clear());

describe('the root certificate fingerprint on the kit', () => {
  it('shows the core’s fingerprint as lines of eight groups of four hex digits', () => {
    const raw = randomBytes(32);
    const lines = fingerprintLines(formatFingerprint(raw));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toHaveLength(8);
      for (const group of line) expect(group).toMatch(/^[0-9a-f]{4}$/);
    }
    expect(lines.flat().join('')).toBe(raw.toString('hex'));
  });

  it('regroups whatever spacing it arrives with, so screen, paper and CLI read alike', () => {
    const hex = randomBytes(32).toString('hex');
    expect(fingerprintLines(hex.toUpperCase())).toEqual(fingerprintLines(formatFingerprint(Buffer.from(hex, 'hex'))));
    expect(keyGroups('ABCD-EFGH IJ')).toEqual(['ABCD', 'EFGH', 'IJ']);
  });
});

describe('the sign-in that upgraded the vault', () => {
  it('goes to the upgrade report first, which alone holds the new key and passwords', () => {
    const result: UnlockResult = { ...STATUS, upgrade: UPGRADE };
    const { status, to } = afterUnlock(result);
    expect(to).toBe('/upgrade-report');
    // The session store gets the status only: no recovery key or password in it.
    expect(status).toEqual(STATUS);
    expect(JSON.stringify(status)).not.toContain('Temp-acc1');
    expect(upgradeReportStore.get()?.report).toEqual(UPGRADE);
  });

  it('goes home on every other sign-in, leaving nothing in the report store', () => {
    expect(afterUnlock({ ...STATUS })).toEqual({ status: STATUS, to: '/home' });
    expect(upgradeReportStore.get()).toBeNull();
  });

  it('says in both languages that the old kit no longer opens the vault, and what to do with the passwords', () => {
    expect(Object.keys(upgradeEn).sort()).toEqual(Object.keys(upgradeZh).sort());
    expect(upgradeZh['upgrade.kit.oldInvalid']).toMatch(/旧的恢复密钥备份卡已不能打开此保险库.*销毁/);
    expect(upgradeEn['upgrade.kit.oldInvalid']).toMatch(/old printed recovery kit no longer opens.*destroy/);
    expect(upgradeZh['upgrade.passwords.intro']).toMatch(/当面交给本人.*首次登录时必须改用自己的新密码/);
    expect(upgradeEn['upgrade.passwords.intro']).toMatch(/in person.*must choose their own new password/);
    expect(upgradeZh['upgrade.once']).toContain('只显示这一次');
    expect(upgradeEn['upgrade.once']).toContain('shown only once');
  });
});

describe('E_INTEGRITY at sign-in names what was edited, in the user’s language', () => {
  const cases = [
    {
      messageKey: 'integrity.certificate',
      params: { user: 'acc1' },
      zh: '用户“acc1”的证书',
      en: 'certificate of user “acc1”',
    },
    {
      messageKey: 'integrity.usersRow',
      params: { user: 'acc1' },
      zh: '“acc1”的账号资料与其证书不符',
      en: 'account of “acc1” does not match',
    },
    {
      messageKey: 'integrity.grant',
      params: { client: 4, user: 'acc2' },
      zh: '客户 #4 授予“acc2”',
      en: 'grant of client #4 to “acc2”',
    },
    {
      messageKey: 'integrity.permission',
      params: { permission: 'records.reveal', user: 'acc1' },
      zh: '“acc1”的附加权限 records.reveal',
      en: 'permission records.reveal of “acc1”',
    },
  ];
  for (const c of cases) {
    it(`${c.messageKey}: the specific message, not only the generic text`, () => {
      const err = toAppError({ code: 'E_INTEGRITY', messageKey: c.messageKey, params: c.params });
      const zh = describeError(err, 'zh-CN');
      const en = describeError(err, 'en');
      expect(zh.code).toBe('E_INTEGRITY');
      expect(zh.message).toContain(c.zh);
      expect(en.message).toContain(c.en);
      expect(zh.message).not.toBe(ERROR_TEXT.E_INTEGRITY['zh-CN']);
    });
  }
});
