// Strings of signing in and of the signed-in user's own credentials: unlock, two-step
// verification, password change, lock notices and abnormal sign-in signals.
import { defineStrings } from '../app/i18n';

const zh = {
  'unlock.title': '解锁保险库',
  'unlock.intro': '请使用您的员工账号登录。',
  'unlock.username': '用户名',
  'unlock.password': '密码',
  'unlock.submit': '解锁',
  'unlock.submitting': '正在解锁…',
  'unlock.failed': '无法解锁',
  'unlock.restore': '钥匙串丢失或忘记所有管理员密码？用恢复密钥打开，或从备份恢复…',
  'unlock.locked.title': '保险库已锁定',
  'unlock.locked.body': '内存中的密钥已清除。请重新输入用户名和密码以继续。',
  'unlock.rollback.accept': '这是有意的恢复：接受回滚（仅限管理员）',
  'unlock.rollback.confirm.title': '接受这份较旧的保险库副本？',
  'unlock.rollback.confirm.lost':
    '保险库将以这份较旧的副本打开。本工作站已见过的、在这份副本之后的记录和审计事件都会丢失，无法从这份副本中找回。',
  'unlock.rollback.confirm.audit':
    '只有在您有意从旧副本或备份恢复时才应接受。此次接受（包括被回滚的范围）会记入审计日志。',
  'unlock.rollback.confirm.who': '仅限管理员账号。如动态码已失效，会请您重新输入。',
  'unlock.rollback.confirm.ok': '接受回滚并解锁',
  'unlock.rollback.accepting': '正在接受回滚：输入新的动态码后完成解锁。',
  'unlock.rollback.accepting.cancel': '不接受',
  'unlock.rollback.submit': '接受回滚并解锁',
  'unlock.rollback.refused.title': '无法接受回滚',
  'unlock.rollback.refused.body':
    '只有管理员可以接受较旧的保险库副本，保险库未打开。请让管理员登录并接受回滚，或从最新备份恢复。',

  'session.locked.idle.title': '保险库已自动锁定',
  'session.locked.idle.body': '因长时间未操作，保险库已自动锁定。内存中的密钥已清除，请重新输入用户名和密码以继续。',
  'session.locked.system.title': '保险库已自动锁定',
  'session.locked.system.body':
    '系统锁屏、休眠或注销时，保险库会随之锁定。内存中的密钥已清除，请重新输入用户名和密码以继续。',

  'mfa.required.title': '需要两步验证',
  'mfa.code': '动态码',
  'mfa.code.help': '身份验证器应用中显示的 6 位数字；手机不在身边时，可输入一个恢复码（如 ABCDE-FGHJK）。',
  'mfa.code.invalid': '请输入 6 位数字，或 ABCDE-FGHJK 格式的恢复码。',
  'mfa.enrol.title': '启用两步验证',
  'mfa.enrol.required':
    '您的角色要求启用两步验证：登录时除密码外，还需输入手机上身份验证器应用显示的动态码。完成以下三步后才能使用其他功能。',
  'mfa.enrol.loading': '正在生成密钥…',
  'mfa.enrol.step1': '第 1 步：用身份验证器应用扫描二维码',
  'mfa.enrol.qrAlt': '两步验证二维码（含密钥，请勿外传）',
  'mfa.enrol.manual':
    '可使用 Microsoft Authenticator、Google 身份验证器、FreeOTP 等应用。无法扫描时，在应用中选择“手动输入密钥”，输入以下密钥（基于时间）：',
  'mfa.enrol.secret': '密钥',
  'mfa.enrol.step2': '第 2 步：抄写恢复码',
  'mfa.enrol.codesNote':
    '手机丢失或更换时，每个恢复码可代替动态码登录一次。恢复码只显示这一次：请抄写在纸上妥善保管，不要拍照，也不要保存在电脑或手机中。',
  'mfa.enrol.step3': '第 3 步：输入应用中显示的动态码以确认',
  'mfa.enrol.code': '6 位动态码',
  'mfa.enrol.codeInvalid': '请输入应用中显示的 6 位数字。',
  'mfa.enrol.confirm': '确认',
  'mfa.enrol.failed': '无法启用两步验证',
  'mfa.enrol.done': '两步验证已启用。',

  'account.title': '我的账号',
  'account.profile': '账号信息',
  'account.username': '用户名',
  'account.displayName': '显示名称',
  'account.role': '角色',
  'account.password.title': '修改密码',
  'account.password.forced':
    '您正在使用管理员设置的临时密码（或密码已过期）。请先设置只有您自己知道的新密码，然后才能使用其他功能。',
  'account.password.current': '当前密码',
  'account.password.new': '新密码',
  'account.password.new.help': '至少 {min} 个字符，须同时包含字母和数字，不能包含用户名，也不能与最近用过的密码相同。',
  'account.password.confirm': '确认新密码',
  'account.password.submit': '修改密码',
  'account.password.failed': '无法修改密码',
  'account.password.done': '密码已修改。',
  'account.mfa.title': '两步验证',
  'account.mfa.status': '状态：',
  'account.mfa.on': '已启用',
  'account.mfa.off': '未启用',
  'account.mfa.unknown': '如未启用，可在此启用；如已启用，可在更换手机时重新登记。',
  'account.mfa.body': '启用后，登录时除密码外还需输入身份验证器应用中的动态码，他人即使知道您的密码也无法登录。',
  'account.mfa.start': '启用两步验证',
  'account.mfa.restart': '重新登记',
  'account.mfa.startOrRestart': '启用或重新登记',
  'account.mfa.restart.ok': '继续',
  'account.mfa.restartConfirm':
    '开始登记会立即生成新的恢复码，尚未使用的旧恢复码随即作废；完成登记前，原有的身份验证器仍然有效。',

  'signals.title': '异常登录提醒',
  'signals.intro': '最近的异常登录：非工作时间登录、连续多次登录失败后的登录、首次在此工作站登录。',
  'signals.col.at': '时间',
  'signals.col.user': '员工',
  'signals.col.kind': '类型',
  'signals.col.details': '详情',
  'signals.kind.off_hours': '非工作时间登录',
  'signals.kind.failure_burst': '连续多次登录失败',
  'signals.kind.new_workstation': '首次在此工作站登录',
  'signals.kind.new_workstation.restored': '首次在此工作站登录（恢复后）',
  'signals.details.failures': '登录前连续失败 {count} 次',
  'signals.details.workstation': '工作站：{name}',
  'signals.details.officeHours': '工作时间 {start}–{end}',
  'signals.empty': '暂无异常登录。',
  'signals.failed': '无法读取异常登录提醒',
} as const;

const en: Record<keyof typeof zh, string> = {
  'unlock.title': 'Unlock the vault',
  'unlock.intro': 'Sign in with your staff account.',
  'unlock.username': 'User name',
  'unlock.password': 'Password',
  'unlock.submit': 'Unlock',
  'unlock.submitting': 'Unlocking…',
  'unlock.failed': 'Could not unlock',
  'unlock.restore': 'Keychain lost or every admin password forgotten? Open with the recovery key, or restore a backup…',
  'unlock.locked.title': 'The vault is locked',
  'unlock.locked.body': 'The keys were cleared from memory. Enter your user name and password to continue.',
  'unlock.rollback.accept': 'This is a deliberate restore: accept the rollback (admins only)',
  'unlock.rollback.confirm.title': 'Accept this older copy of the vault?',
  'unlock.rollback.confirm.lost':
    'The vault will open from this older copy. Records and audit events made after it, which this workstation has seen, are lost and cannot be recovered from this copy.',
  'unlock.rollback.confirm.audit':
    'Accept only if you are restoring an older copy or a backup on purpose. The acceptance, with the range rolled back, is recorded in the audit log.',
  'unlock.rollback.confirm.who':
    'Admins only. If the verification code you entered has expired, you will be asked for a new one.',
  'unlock.rollback.confirm.ok': 'Accept the rollback and unlock',
  'unlock.rollback.accepting': 'Accepting the rollback: enter a new code to finish unlocking.',
  'unlock.rollback.accepting.cancel': 'Do not accept',
  'unlock.rollback.submit': 'Accept the rollback and unlock',
  'unlock.rollback.refused.title': 'The rollback could not be accepted',
  'unlock.rollback.refused.body':
    'Only an admin can accept an older copy of the vault; the vault was not opened. Ask an admin to sign in and accept the rollback, or restore the newest backup.',

  'session.locked.idle.title': 'The vault locked itself',
  'session.locked.idle.body':
    'The vault was locked automatically after a period without activity. The keys were cleared from memory; enter your user name and password to continue.',
  'session.locked.system.title': 'The vault locked itself',
  'session.locked.system.body':
    'The vault locks when the workstation locks, sleeps or signs out. The keys were cleared from memory; enter your user name and password to continue.',

  'mfa.required.title': 'Two-step verification',
  'mfa.code': 'Verification code',
  'mfa.code.help':
    'The 6 digits your authenticator app shows; without your phone, enter one of your recovery codes (like ABCDE-FGHJK).',
  'mfa.code.invalid': 'Enter 6 digits, or a recovery code like ABCDE-FGHJK.',
  'mfa.enrol.title': 'Set up two-step verification',
  'mfa.enrol.required':
    'Your role requires two-step verification: besides your password, signing in asks for a code from an authenticator app on your phone. Complete these three steps before using anything else.',
  'mfa.enrol.loading': 'Generating a key…',
  'mfa.enrol.step1': 'Step 1: scan the QR code with an authenticator app',
  'mfa.enrol.qrAlt': 'QR code for two-step verification (contains the key; do not share it)',
  'mfa.enrol.manual':
    'Microsoft Authenticator, Google Authenticator, FreeOTP and similar apps work. If you cannot scan, choose “enter a setup key” in the app and type this (time-based) key:',
  'mfa.enrol.secret': 'Key',
  'mfa.enrol.step2': 'Step 2: write down the recovery codes',
  'mfa.enrol.codesNote':
    'If you lose or replace your phone, each recovery code signs you in once instead of a code. They are shown only this once: write them on paper and keep them safe; do not photograph them or store them on a computer or phone.',
  'mfa.enrol.step3': 'Step 3: confirm with the code the app shows',
  'mfa.enrol.code': '6-digit code',
  'mfa.enrol.codeInvalid': 'Enter the 6 digits the app shows.',
  'mfa.enrol.confirm': 'Confirm',
  'mfa.enrol.failed': 'Two-step verification could not be set up',
  'mfa.enrol.done': 'Two-step verification is on.',

  'account.title': 'My account',
  'account.profile': 'Account',
  'account.username': 'User name',
  'account.displayName': 'Display name',
  'account.role': 'Role',
  'account.password.title': 'Change password',
  'account.password.forced':
    'You are using a temporary password set by an admin (or your password has expired). Choose a new password only you know before doing anything else.',
  'account.password.current': 'Current password',
  'account.password.new': 'New password',
  'account.password.new.help':
    'At least {min} characters, with both letters and digits, not containing the user name, and not one you used recently.',
  'account.password.confirm': 'Confirm new password',
  'account.password.submit': 'Change password',
  'account.password.failed': 'The password could not be changed',
  'account.password.done': 'Your password was changed.',
  'account.mfa.title': 'Two-step verification',
  'account.mfa.status': 'Status:',
  'account.mfa.on': 'On',
  'account.mfa.off': 'Off',
  'account.mfa.unknown': 'Turn it on here, or enrol again here when you replace your phone.',
  'account.mfa.body':
    'With it on, signing in asks for a code from your authenticator app besides the password, so knowing your password alone is not enough.',
  'account.mfa.start': 'Turn on two-step verification',
  'account.mfa.restart': 'Enrol again',
  'account.mfa.startOrRestart': 'Turn on or enrol again',
  'account.mfa.restart.ok': 'Continue',
  'account.mfa.restartConfirm':
    'Starting creates new recovery codes at once and voids your unused old ones; your current authenticator keeps working until you confirm.',

  'signals.title': 'Abnormal sign-ins',
  'signals.intro':
    'Recent unusual sign-ins: outside office hours, after several failed attempts in a row, or the first from this workstation.',
  'signals.col.at': 'Time',
  'signals.col.user': 'Staff',
  'signals.col.kind': 'Kind',
  'signals.col.details': 'Details',
  'signals.kind.off_hours': 'Outside office hours',
  'signals.kind.failure_burst': 'After repeated failed sign-ins',
  'signals.kind.new_workstation': 'First sign-in on this workstation',
  'signals.kind.new_workstation.restored': 'First sign-in on this workstation (after a restore)',
  'signals.details.failures': '{count} failed attempts before it',
  'signals.details.workstation': 'Workstation: {name}',
  'signals.details.officeHours': 'Office hours {start}–{end}',
  'signals.empty': 'No abnormal sign-ins.',
  'signals.failed': 'The abnormal sign-ins could not be read',
};

export const useT = defineStrings(zh, en);
export type AuthKey = keyof typeof zh;
export type Translate = ReturnType<typeof useT>;
