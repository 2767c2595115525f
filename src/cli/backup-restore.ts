/**
 * `ledgervault backup restore FILE --vault NEWDIR --admin NAME` (issue 13, Build 6), and the one
 * way `backup verify` and `backup restore` take a backup's secret: the recovery key or the office
 * backup passphrase, from stdin when a flag says so, else from LEDGERVAULT_RECOVERY_KEY or
 * LEDGERVAULT_BACKUP_PASSPHRASE.
 */
import { restoreBackup } from '../core/backup/backup-restore';
import { formatFingerprint } from '../core/crypto/identity';
import { LedgerVaultError } from '../core/errors';
import { OsKeyStore } from '../core/index';
import { cliLocale, printJson } from './output';
import { defineCommand, flag, inputError } from './parse';
import { fingerprintBlock, fingerprintCheckNote } from './recovery-kit';
import { secretFrom } from './secrets-input';
import { JSON_FLAG } from './session';

const SECRET_FLAGS = { 'recovery-key-stdin': flag.bool(), 'passphrase-stdin': flag.bool() };

/** The recovery key or the backup passphrase, whichever was given; with `required`, one must be. */
export async function backupSecret(
  v: { 'recovery-key-stdin': boolean; 'passphrase-stdin': boolean },
  required: boolean,
): Promise<{ recoveryKey?: string; passphrase?: string }> {
  if (v['recovery-key-stdin'] && v['passphrase-stdin'])
    throw inputError('Give either --recovery-key-stdin or --passphrase-stdin, not both.');
  if (v['recovery-key-stdin'])
    return { recoveryKey: await secretFrom({ stdin: true, env: 'LEDGERVAULT_RECOVERY_KEY', what: 'recovery key' }) };
  if (v['passphrase-stdin'])
    return {
      passphrase: await secretFrom({ stdin: true, env: 'LEDGERVAULT_BACKUP_PASSPHRASE', what: 'backup passphrase' }),
    };
  const recoveryKey = process.env.LEDGERVAULT_RECOVERY_KEY;
  const passphrase = process.env.LEDGERVAULT_BACKUP_PASSPHRASE;
  if (recoveryKey) return { recoveryKey };
  if (passphrase) return { passphrase };
  if (required)
    throw new LedgerVaultError(
      'E_INPUT',
      'The recovery key or the backup passphrase is required: set LEDGERVAULT_RECOVERY_KEY or LEDGERVAULT_BACKUP_PASSPHRASE, or pipe one with --recovery-key-stdin / --passphrase-stdin.',
      { messageKey: 'backup.restoreNeedsSecret' },
    );
  return {};
}

const zh = () => cliLocale() === 'zh-CN';

export const restoreCommand = defineCommand({
  summary:
    'Restore a backup into a new vault folder (--vault NEWDIR) on this workstation, with the recovery key or the backup passphrase (LEDGERVAULT_RECOVERY_KEY, LEDGERVAULT_BACKUP_PASSPHRASE or the matching --…-stdin); --admin NAME keeps admin rights with the new password from LEDGERVAULT_NEW_PASSWORD. Over an existing vault only with --replace, which keeps the old folder beside it.',
  positional: 'FILE',
  flags: {
    vault: flag.text('DIR').required(),
    admin: flag.text('NAME').required(),
    replace: flag.bool(),
    ...SECRET_FLAGS,
    ...JSON_FLAG,
  },
  run: async (v, file) => {
    const secret = await backupSecret(v, true);
    const newPassword = process.env.LEDGERVAULT_NEW_PASSWORD;
    if (!newPassword)
      throw new LedgerVaultError('E_INPUT', "Set the admin's new password in LEDGERVAULT_NEW_PASSWORD.");
    const r = await restoreBackup({
      file: file!,
      dir: v.vault,
      adminUsername: v.admin,
      ...secret,
      newPassword,
      keyStore: new OsKeyStore(),
      replaceExisting: v.replace,
    });
    const rootFingerprint = r.session.rootFingerprint
      ? formatFingerprint(Buffer.from(r.session.rootFingerprint, 'hex'))
      : null;
    const vaultId = r.session.vaultId;
    r.session.lock();
    await r.session.anchorsWritten();
    const summary = {
      vaultId,
      vault: v.vault,
      backupId: r.backupId,
      backupCreatedAt: r.backupCreatedAt,
      backupCreatedBy: r.backupCreatedBy,
      admin: v.admin,
      rootFingerprint,
      deviceSecretReplaced: r.deviceSecretReplaced,
      usersNeedingReset: r.usersNeedingReset,
      previousVaultMovedTo: r.previousVaultMovedTo,
    };
    if (v.json) {
      printJson(summary);
      return 0;
    }
    const lines = zh()
      ? [
          `已将 ${r.backupCreatedAt} 由 ${r.backupCreatedBy} 制作的备份恢复到 ${v.vault}；${v.admin} 已设置新密码，保留管理员权限。`,
          ...(r.previousVaultMovedTo ? [`原保险库完整保留在 ${r.previousVaultMovedTo}。`] : []),
          ...(r.usersNeedingReset.length
            ? [`以下账号需要管理员重设密码（会获得新的身份和客户密钥）：${r.usersNeedingReset.join('、')}`]
            : []),
        ]
      : [
          `Restored the backup made ${r.backupCreatedAt} by ${r.backupCreatedBy} into ${v.vault}; ${v.admin} has the new password and keeps admin rights.`,
          ...(r.previousVaultMovedTo ? [`The vault that was there is kept, whole, at ${r.previousVaultMovedTo}.`] : []),
          ...(r.usersNeedingReset.length
            ? [
                `These accounts need a password reset by an admin (which gives them new identities and client keys): ${r.usersNeedingReset.join(', ')}`,
              ]
            : []),
        ];
    if (rootFingerprint) lines.push(fingerprintCheckNote(cliLocale()), ...fingerprintBlock(rootFingerprint));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
