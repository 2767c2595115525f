// Strings of the report shown once after the sign-in that upgraded a version-1 vault to version 2
// (DOM-free: a unit test reads the tables; useUpgradeT is in upgrade-i18n.ts).

export const upgradeZh = {
  'upgrade.title': '保险库已升级到第 2 版',
  'upgrade.intro':
    '您这次登录已将保险库升级到第 2 版：每位员工现在有自己的密钥对（只有本人的密码能解开），每个客户的敏感资料用该客户自己的密钥加密，只有获授权的人才能读取。开始工作之前，请先完成下面两件事。',
  'upgrade.kit.title': '恢复密钥备份卡（第 2 版）',
  'upgrade.kit.oldInvalid':
    '旧的恢复密钥备份卡已不能打开此保险库。请打印或抄写下面的新备份卡，存放妥当后，将旧卡销毁（例如用碎纸机），不要留作备用。',
  'upgrade.kit.issuedOn': '签发日期',
  'upgrade.kit.print': '打印恢复密钥备份卡',
  'upgrade.passwords.title': '其他员工的临时密码',
  'upgrade.passwords.intro':
    '升级为其他员工重新签发了临时密码，他们原来的密码已不能登录。请把每个临时密码当面交给本人，不要通过微信、电子邮件或电话传递。每位员工首次登录时必须改用自己的新密码。',
  'upgrade.passwords.none': '没有其他需要临时密码的员工。',
  'upgrade.passwords.name': '姓名',
  'upgrade.passwords.username': '用户名',
  'upgrade.passwords.password': '临时密码',
  'upgrade.passwords.received': '本人签收',
  'upgrade.passwords.paperNote': '每行剪下，当面交给本人。所有人都改用自己的密码后，请销毁此表。',
  'upgrade.passwords.print': '打印临时密码表',
  'upgrade.once': '新的恢复密钥和这些临时密码只显示这一次，本应用不会保存它们。离开此页面后将无法再次查看。',
  'upgrade.confirmKit': '我已打印或抄写新的恢复密钥并存放在安全的地方，并会销毁旧的备份卡',
  'upgrade.confirmPasswords': '我已打印或记下所有临时密码，会当面交给每位员工',
  'upgrade.continue': '继续',
} as const;

export const upgradeEn: Record<keyof typeof upgradeZh, string> = {
  'upgrade.title': 'The vault was upgraded to version 2',
  'upgrade.intro':
    'Your sign-in upgraded this vault to version 2: every staff member now has their own key pairs (which only their own password opens), and each client’s sensitive details are encrypted under that client’s own key, readable only by those granted it. Before you start work, do the two things below.',
  'upgrade.kit.title': 'Recovery kit (version 2)',
  'upgrade.kit.oldInvalid':
    'The old printed recovery kit no longer opens this vault. Print or copy the new kit below, store it safely, then destroy the old one (for example with a shredder); do not keep it as a spare.',
  'upgrade.kit.issuedOn': 'Issued on',
  'upgrade.kit.print': 'Print the recovery kit',
  'upgrade.passwords.title': 'Temporary passwords for the other staff',
  'upgrade.passwords.intro':
    'The upgrade issued new temporary passwords to the other staff; their old passwords no longer sign in. Hand each temporary password to its owner in person, never by chat, e-mail or phone. Each of them must choose their own new password at their first sign-in.',
  'upgrade.passwords.none': 'No other staff member needs a temporary password.',
  'upgrade.passwords.name': 'Name',
  'upgrade.passwords.username': 'User name',
  'upgrade.passwords.password': 'Temporary password',
  'upgrade.passwords.received': 'Received (signature)',
  'upgrade.passwords.paperNote':
    'Cut along the rows and hand each one to its owner in person. Destroy this sheet once everyone has chosen their own password.',
  'upgrade.passwords.print': 'Print the temporary passwords',
  'upgrade.once':
    'The new recovery key and these temporary passwords are shown only once; the app does not keep them. They cannot be shown again after you leave this page.',
  'upgrade.confirmKit':
    'I have printed or written down the new recovery key, stored it safely, and will destroy the old kit',
  'upgrade.confirmPasswords':
    'I have printed or written down every temporary password and will hand each over in person',
  'upgrade.continue': 'Continue',
};
