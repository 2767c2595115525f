// Strings of creating the vault and of its recovery kit.
import { defineStrings } from '../app/i18n';

const zh = {
  'setup.title': '创建保险库',
  'setup.intro': '首次使用：在本机创建加密保险库和第一个管理员账号。以后可由管理员添加其他员工账号。',
  'setup.username': '管理员用户名',
  'setup.username.help': '2 到 64 个字母、数字、点、下划线或连字符，例如 wangjingli。',
  'setup.displayName': '显示名称',
  'setup.displayName.help': '在界面上显示的名字，例如“王经理”；不填则使用用户名。',
  'setup.password': '密码',
  'setup.password.help': '至少 {min} 个字符，须同时包含字母和数字，且不能包含用户名。',
  'setup.confirm': '确认密码',
  'setup.confirm.help': '再输入一次密码。',
  'setup.submit': '创建保险库',
  'setup.creating': '正在创建保险库…',
  'setup.creatingHint': '正在生成加密密钥并写入保险库，通常需要几秒钟，请勿关闭窗口。',
  'setup.failed': '无法创建保险库',
  'setup.restore': '已有备份或保险库文件夹？从备份恢复或用恢复密钥打开…',

  'kit.title': '恢复密钥备份卡',
  'kit.purpose':
    '恢复密钥是打开此保险库的最后手段：当所有管理员都忘记了密码，或本机的系统钥匙串丢失（例如重装系统、更换电脑）时，只有凭它才能取回保险库中的数据。',
  'kit.storage':
    '请打印本页，或用笔工整地抄写在纸上，存放在保险柜等安全的地方。不要拍照，不要保存在电脑、手机或网盘中，也不要通过微信或电子邮件发送。',
  'kit.once': '此密钥只显示这一次，本应用不会保存它。离开此页面后将无法再次查看。',
  'kit.key': '恢复密钥',
  'kit.fingerprint': '根证书指纹',
  'kit.fingerprint.help':
    '此指纹标识本保险库第一个管理员的证书，所有员工的证书都由它签发。在新的工作站上用恢复密钥恢复保险库时，请将屏幕上显示的指纹与此处逐组核对：完全一致，打开的才是这个保险库。',
  'kit.vaultId': '保险库 ID',
  'kit.createdOn': '创建日期',
  'kit.keeper': '保管人',
  'kit.location': '存放位置',
  'kit.print': '打印',
  'kit.confirm': '我已将恢复密钥打印或抄写，并存放在安全的地方',
  'kit.continue': '继续',
} as const;

const en: Record<keyof typeof zh, string> = {
  'setup.title': 'Create the vault',
  'setup.intro':
    'First run: create the encrypted vault on this computer and its first admin account. The admin can add other staff accounts later.',
  'setup.username': 'Admin user name',
  'setup.username.help': '2 to 64 letters, digits, dots, underscores or hyphens, for example wangjingli.',
  'setup.displayName': 'Display name',
  'setup.displayName.help': 'The name shown in the app, for example “Manager Wang”; the user name if left empty.',
  'setup.password': 'Password',
  'setup.password.help': 'At least {min} characters, with both letters and digits, and not containing the user name.',
  'setup.confirm': 'Confirm password',
  'setup.confirm.help': 'Type the password again.',
  'setup.submit': 'Create vault',
  'setup.creating': 'Creating the vault…',
  'setup.creatingHint':
    'Generating encryption keys and writing the vault. This usually takes a few seconds; do not close the window.',
  'setup.failed': 'The vault could not be created',
  'setup.restore': 'Have a backup or a vault folder? Restore a backup or open one with the recovery key…',

  'kit.title': 'Recovery kit',
  'kit.purpose':
    'The recovery key is the last way into this vault: if every admin forgets their password, or this computer’s system keychain is lost (for example after reinstalling the system or moving to a new computer), only this key can get the data back.',
  'kit.storage':
    'Print this page, or copy the key carefully onto paper by hand, and keep it somewhere safe such as a locked safe. Do not photograph it, do not store it on a computer, phone or cloud drive, and do not send it by chat or e-mail.',
  'kit.once':
    'This key is shown only once; the app does not keep it. It cannot be shown again after you leave this page.',
  'kit.key': 'Recovery key',
  'kit.fingerprint': 'Root certificate fingerprint',
  'kit.fingerprint.help':
    'This fingerprint identifies the certificate of this vault’s first admin, from which every staff certificate is issued. When you restore the vault with the recovery key on a new workstation, compare the fingerprint shown there with this one, group by group: only if they match is it this vault.',
  'kit.vaultId': 'Vault ID',
  'kit.createdOn': 'Created on',
  'kit.keeper': 'Kept by',
  'kit.location': 'Stored at',
  'kit.print': 'Print',
  'kit.confirm': 'I have printed or written down the recovery key and stored it in a safe place',
  'kit.continue': 'Continue',
};

export const useT = defineStrings(zh, en);
