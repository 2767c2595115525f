// Strings of restoring a backup and of opening a vault with the recovery key (issue 13, Build 6).
import { defineStrings } from '../app/i18n';

const zh = {
  'restore.title': '恢复保险库',
  'restore.mode.backup': '从备份恢复',
  'restore.mode.recovery': '用恢复密钥打开',
  'restore.backup.intro':
    '选择一个备份文件（.lvbak，例如 U 盘上的），用恢复密钥或办公室备份口令把它恢复为本机的保险库。恢复前会完整校验备份；指定的管理员设置新密码并保留管理员权限，其他员工由管理员重设密码。',
  'restore.recovery.here':
    '本机的系统钥匙串丢失了这个保险库的设备密钥，或所有管理员都忘记了密码：用恢复密钥打开它，并为一位管理员设置新密码。',
  'restore.recovery.folder':
    '选择从另一台电脑复制来的保险库文件夹，用恢复密钥在本机打开它（文件夹会被复制到本机，原文件夹不变）。',
  'restore.backup.pick': '选择备份文件…',
  'restore.backup.pickAgain': '选择其他备份文件…',
  'restore.backup.file': '文件',
  'restore.backup.made': '制作',
  'restore.backup.madeBy': '{at}，由 {by} 导出',
  'restore.backup.checked': '校验',
  'restore.backup.intact': '结构、每个数据块和签名均完好',
  'restore.recovery.pickFolder': '选择保险库文件夹…',
  'restore.recovery.folderPicked': '保险库 {id}',
  'restore.secretKind': '用什么打开',
  'restore.secret.recovery': '恢复密钥',
  'restore.secret.passphrase': '办公室备份口令',
  'restore.secret.recoveryHelp': '备份卡上的 56 个字符，分组之间的横线可输可不输。',
  'restore.admin': '保留管理员权限的账号',
  'restore.admin.help': '保险库中已有的管理员用户名，例如 wangjingli。',
  'restore.newPassword': '该管理员的新密码',
  'restore.newPassword.help': '至少 {min} 个字符，须同时包含字母和数字，且不能包含用户名。',
  'restore.confirm': '确认新密码',
  'restore.replace':
    '我明白：本机现有的保险库将被这个备份替换。原保险库文件夹会完整保留在旁边（不删除），但备份之后的新记录不在恢复后的保险库中。',
  'restore.replace.required': '请勾选确认后再恢复。',
  'restore.required': '此项必填。',
  'restore.working': '正在解密、校验并写入保险库，大备份需要几分钟，请勿关闭窗口。',
  'restore.submit.backup': '恢复备份',
  'restore.submit.recovery': '打开保险库',
  'restore.failed': '未能恢复',
  'restore.back': '返回',
  'restore.done.backup': '备份已恢复',
  'restore.done.recovery': '保险库已用恢复密钥打开',
  'restore.done.backupMade': '恢复的是 {at} 由 {by} 导出的备份。',
  'restore.done.next': '请用刚设置的新密码登录。管理员的两步验证需要重新绑定（旧密钥随旧身份一起作废）。',
  'restore.done.resetTitle': '以下员工需要管理员重设密码',
  'restore.done.reset':
    '{names}：他们的密钥槽属于另一台电脑。管理员登录后在“员工与角色”中为他们重设临时密码，他们会获得新的身份和客户密钥。',
  'restore.done.keptAside': '原保险库文件夹完整保留在：{folder}',
  'restore.done.signIn': '去登录',
};

const en: Record<keyof typeof zh, string> = {
  'restore.title': 'Restore the vault',
  'restore.mode.backup': 'From a backup',
  'restore.mode.recovery': 'With the recovery key',
  'restore.backup.intro':
    "Choose a backup file (.lvbak, on a USB drive, say) and restore it as this workstation's vault with the recovery key or the office backup passphrase. The backup is checked in full first; the admin you name sets a new password and keeps admin rights, and an admin resets the other staff's passwords.",
  'restore.recovery.here':
    "This workstation's keychain has lost the vault's device secret, or every admin has forgotten their password: open it with the recovery key and set a new password for one admin.",
  'restore.recovery.folder':
    'Choose a vault folder copied from another computer and open it here with the recovery key (the folder is copied to this workstation; the original is left as it is).',
  'restore.backup.pick': 'Choose a backup file…',
  'restore.backup.pickAgain': 'Choose another backup file…',
  'restore.backup.file': 'File',
  'restore.backup.made': 'Made',
  'restore.backup.madeBy': '{at}, exported by {by}',
  'restore.backup.checked': 'Check',
  'restore.backup.intact': 'Structure, every chunk and the signature are intact',
  'restore.recovery.pickFolder': 'Choose the vault folder…',
  'restore.recovery.folderPicked': 'Vault {id}',
  'restore.secretKind': 'Open it with',
  'restore.secret.recovery': 'Recovery key',
  'restore.secret.passphrase': 'Office backup passphrase',
  'restore.secret.recoveryHelp': 'The 56 characters on the recovery kit; the dashes between groups are optional.',
  'restore.admin': 'Account that keeps admin rights',
  'restore.admin.help': 'The user name of an admin in the vault, for example wangjingli.',
  'restore.newPassword': "That admin's new password",
  'restore.newPassword.help':
    'At least {min} characters, with both letters and digits, and not containing the user name.',
  'restore.confirm': 'Confirm the new password',
  'restore.replace':
    "I understand: this workstation's vault is replaced by the backup. The old vault folder is kept beside it in full (not deleted), but records added after the backup are not in the restored vault.",
  'restore.replace.required': 'Tick the box to confirm before restoring.',
  'restore.required': 'This is required.',
  'restore.working':
    'Decrypting, checking and writing the vault; a large backup takes a few minutes. Do not close the window.',
  'restore.submit.backup': 'Restore backup',
  'restore.submit.recovery': 'Open vault',
  'restore.failed': 'Not restored',
  'restore.back': 'Back',
  'restore.done.backup': 'Backup restored',
  'restore.done.recovery': 'Vault opened with the recovery key',
  'restore.done.backupMade': 'Restored the backup exported {at} by {by}.',
  'restore.done.next':
    "Sign in with the new password. The admin's two-step verification must be set up again (the old secret went with the old identity).",
  'restore.done.resetTitle': 'An admin must reset these staff passwords',
  'restore.done.reset':
    '{names}: their keyslots belong to another computer. After signing in, an admin resets their passwords under Staff and roles, which gives them new identities and client keys.',
  'restore.done.keptAside': 'The old vault folder is kept, whole, at: {folder}',
  'restore.done.signIn': 'Go to sign-in',
};

export const useT = defineStrings(zh, en);
