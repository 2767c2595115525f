import { ERROR_TEXT } from '../shared/errors';
import { LedgerVaultError } from '../core/errors';
import { formatFingerprint } from '../core/crypto/identity';
import { createVault, doctorVault, OsKeyStore, recoverVault } from '../core/index';
import { readPageKey } from '../core/vault/page-key';
import { cliLocale, exitCodeFor, printJson } from './output';
import { defineCommand, flag, type ValuesOf } from './parse';
import { announceUpgrade, fingerprintBlock, fingerprintCheckNote, fingerprintNote } from './recovery-kit';
import { secretFrom } from './secrets-input';
import { JSON_FLAG, SIGN_IN, signInFrom } from './session';

const zh = () => cliLocale() === 'zh-CN';

const INIT_FLAGS = {
  vault: flag.text('DIR').required(),
  admin: flag.text('NAME').required(),
  'password-stdin': flag.bool(),
  ...JSON_FLAG,
};
const DOCTOR_FLAGS = { ...SIGN_IN, ...JSON_FLAG };
const PAGE_KEY_FLAGS = {
  vault: flag.text('DIR').required(),
  'recovery-key-stdin': flag.bool(),
  ...JSON_FLAG,
};
const RECOVER_FLAGS = {
  vault: flag.text('DIR').required(),
  admin: flag.text('NAME').required(),
  'recovery-key-stdin': flag.bool(),
  ...JSON_FLAG,
};

async function initCommand(values: ValuesOf<typeof INIT_FLAGS>): Promise<number> {
  const { vault: dir, admin } = values;
  const keyStore = new OsKeyStore();
  const password = await secretFrom({
    stdin: values['password-stdin'],
    env: 'LEDGERVAULT_NEW_PASSWORD',
    what: 'password',
  });
  const created = await createVault({ dir, adminUsername: admin, adminPassword: password, keyStore });
  if (values.json) {
    printJson({ vaultId: created.vaultId, recoveryKey: created.recoveryKey, rootFingerprint: created.rootFingerprint });
    return 0;
  }
  const fingerprint = [fingerprintNote(cliLocale()), ...fingerprintBlock(created.rootFingerprint)];
  const lines = zh()
    ? [
        `已创建保险库 ${created.vaultId}，管理员：${admin}`,
        '',
        '恢复密钥（只显示这一次，请打印或抄写后存放在保险柜中）：',
        `    ${created.recoveryKey}`,
        ...fingerprint,
        '',
        '本机钥匙串丢失或所有密码遗忘时，只有恢复密钥能打开保险库。',
      ]
    : [
        `Created vault ${created.vaultId} with admin ${admin}.`,
        '',
        'Recovery key (shown this once: print or write it down and keep it in a safe):',
        `    ${created.recoveryKey}`,
        ...fingerprint,
        '',
        "When this workstation's keychain is lost or every password is forgotten, only the recovery key opens the vault.",
      ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Signs in as every other command does (--totp included: an admin must use two-step verification). */
async function doctorCommand(values: ValuesOf<typeof DOCTOR_FLAGS>): Promise<number> {
  const report = await doctorVault({ ...(await signInFrom(values)), keyStore: new OsKeyStore() });
  if (values.json) printJson(report);
  else {
    for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.id.padEnd(12)} ${c.detail}\n`);
    process.stdout.write(
      report.ok
        ? zh()
          ? '全部检查通过。\n'
          : 'All checks passed.\n'
        : zh()
          ? '检查未通过。\n'
          : 'Some checks failed.\n',
    );
  }
  if (!report.ok) {
    const failed = report.checks.find((c) => !c.ok)!;
    const code = failed.code ?? 'E_INTEGRITY';
    const text = zh() ? `${ERROR_TEXT[code]['zh-CN']}（${failed.detail}）` : failed.detail;
    process.stderr.write(`${code}: doctor: ${failed.id}: ${text}\n`);
    return exitCodeFor(code);
  }
  return 0;
}

async function recoverCommand(values: ValuesOf<typeof RECOVER_FLAGS>): Promise<number> {
  const { vault: dir, admin } = values;
  const keyStore = new OsKeyStore();
  const recoveryKey = await secretFrom({
    stdin: values['recovery-key-stdin'],
    env: 'LEDGERVAULT_RECOVERY_KEY',
    what: 'recovery key',
  });
  const newPassword = process.env.LEDGERVAULT_NEW_PASSWORD;
  if (!newPassword) throw new LedgerVaultError('E_INPUT', "Set the admin's new password in LEDGERVAULT_NEW_PASSWORD.");
  const result = await recoverVault({ dir, adminUsername: admin, recoveryKey, newPassword, keyStore });
  // A version-1 vault was upgraded by its recovery: the new kit and temporary passwords, once
  // (stderr now, and the `upgrade` field of the JSON), as after an upgrading sign-in.
  if (result.upgrade) announceUpgrade(result.upgrade, cliLocale());
  // Printed so that it can be compared with the kit: the vault opened is the one the kit belongs to.
  const rootFingerprint = result.session.rootFingerprint
    ? formatFingerprint(Buffer.from(result.session.rootFingerprint, 'hex'))
    : null;
  result.session.lock();
  const summary = {
    vaultId: result.session.vaultId,
    rootFingerprint,
    admin,
    deviceSecretReplaced: result.deviceSecretReplaced,
    usersNeedingReset: result.usersNeedingReset,
  };
  if (values.json) printJson(summary);
  else {
    process.stdout.write(
      zh()
        ? `已用恢复密钥打开保险库，已为 ${admin} 设置新密码。${result.deviceSecretReplaced ? '本机已保存新的设备密钥。' : ''}\n`
        : `Vault opened with the recovery key; ${admin} has a new password.${result.deviceSecretReplaced ? " A new device secret is stored in this workstation's keychain." : ''}\n`,
    );
    // An upgraded vault's fingerprint is new (the old kit has none): the report above shows it.
    if (rootFingerprint && !result.upgrade) {
      process.stdout.write(`${[fingerprintCheckNote(cliLocale()), ...fingerprintBlock(rootFingerprint)].join('\n')}\n`);
    }
    if (result.usersNeedingReset.length > 0) {
      process.stdout.write(
        zh()
          ? `以下账号需要管理员重设密码：${result.usersNeedingReset.join('、')}\n`
          : `These accounts need a password reset by an admin: ${result.usersNeedingReset.join(', ')}\n`,
      );
    }
  }
  return 0;
}

/** Prints the DEK for opening a copy of vault.db with the sqlite3mc shell (docs/security.md). */
async function pageKeyCommand(values: ValuesOf<typeof PAGE_KEY_FLAGS>): Promise<number> {
  const recoveryKey = await secretFrom({
    stdin: values['recovery-key-stdin'],
    env: 'LEDGERVAULT_RECOVERY_KEY',
    what: 'recovery key',
  });
  const key = readPageKey({ dir: values.vault, recoveryKey });
  if (values.json) printJson(key);
  else {
    process.stderr.write(
      zh()
        ? '以下 64 位十六进制数字可读取该保险库 DEK 保护的全部内容（客户密钥下的字段除外）：请手工输入，不要保存到文件或聊天中。\n'
        : 'These 64 hex digits read everything the DEK protects (not the fields under client keys): type them, do not save them in a file or a chat.\n',
    );
    process.stdout.write(`cipher: ${key.pageCipher}\nkey: ${key.dekHex}\n`);
  }
  return 0;
}

export const vaultCommands = {
  init: defineCommand({
    summary:
      'Create a vault and its first admin (password from LEDGERVAULT_NEW_PASSWORD or stdin); prints the recovery key once.',
    flags: INIT_FLAGS,
    run: initCommand,
  }),
  doctor: defineCommand({
    summary: 'Sign in and check the keychain, keys file, database and audit chain; exit 0 only if all hold.',
    flags: DOCTOR_FLAGS,
    run: doctorCommand,
  }),
  'page-key': defineCommand({
    summary:
      "Print vault.db's page cipher and key (the DEK) from the recovery key (LEDGERVAULT_RECOVERY_KEY or stdin), to open a copy with the sqlite3mc shell.",
    flags: PAGE_KEY_FLAGS,
    run: pageKeyCommand,
  }),
  recover: defineCommand({
    summary:
      "Open the vault with its recovery key (LEDGERVAULT_RECOVERY_KEY or stdin) on a workstation whose keychain lacks the device secret; set the admin's new password (LEDGERVAULT_NEW_PASSWORD).",
    flags: RECOVER_FLAGS,
    run: recoverCommand,
  }),
};
