import { ERROR_TEXT, isErrorCode, type ErrorCode, type Locale } from './errors';
import { fieldLabel } from './field-labels';
import { BACKUP_MESSAGES } from './backup-messages';
import { IMPORT_MESSAGES } from './import-messages';
import { UPDATE_MESSAGES } from './update-messages';
import { IMPORT_ROW_MESSAGES } from './import-row-messages';
import { DISK_MESSAGES } from './disk-messages';
import { REGISTER_MESSAGES } from './register-messages';

/**
 * Why an input was refused, in both languages, keyed so that the core, the CLI and the renderer's
 * own form checks all say the same thing. `{name}` placeholders are filled from params.
 */
export const INPUT_MESSAGES = {
  ...BACKUP_MESSAGES,
  ...IMPORT_MESSAGES,
  ...UPDATE_MESSAGES,
  ...IMPORT_ROW_MESSAGES,
  ...DISK_MESSAGES,
  ...REGISTER_MESSAGES,
  'password.tooShort': {
    'zh-CN': '密码至少需要 {min} 个字符。',
    en: 'The password must have at least {min} characters.',
  },
  'password.lettersAndDigits': {
    'zh-CN': '密码必须同时包含字母和数字。',
    en: 'The password must contain both letters and digits.',
  },
  'password.tooCommon': {
    'zh-CN': '密码太容易被猜到（过于常见，或包含用户名）。',
    en: 'The password is too easy to guess (common, or contains the user name).',
  },
  'password.mismatch': { 'zh-CN': '两次输入的密码不一致。', en: 'The two passwords do not match.' },
  'username.invalid': {
    'zh-CN': '用户名须为 2 到 64 个字母、数字、点、下划线或连字符。',
    en: 'A user name has 2 to 64 letters, digits, dots, underscores or hyphens.',
  },
  'displayName.tooLong': {
    'zh-CN': '显示名称最多 64 个字符。',
    en: 'A display name has at most 64 characters.',
  },
  'field.required': { 'zh-CN': '此项为必填项。', en: 'This field is required.' },
  'recoveryKey.length': {
    'zh-CN': '恢复密钥应为 56 个字符（14 组，每组 4 个），当前为 {count} 个。',
    en: 'A recovery key has 56 characters (14 groups of 4); this one has {count}.',
  },
  'recoveryKey.character': {
    'zh-CN': '恢复密钥中含有不允许的字符“{ch}”。',
    en: 'The recovery key contains a character that is not allowed: "{ch}".',
  },
  'recoveryKey.checksum': {
    'zh-CN': '恢复密钥有输入错误（校验不符），请逐组对照打印的恢复密钥。',
    en: 'The recovery key has a typo: its checksum does not match. Check each group against the printed kit.',
  },
  'kdf.belowFloor': {
    'zh-CN': '不允许低于 64 MiB / 3 轮的 Argon2id 参数。',
    en: 'Argon2id costs below 64 MiB / 3 passes are not allowed.',
  },
  'user.notFound': {
    'zh-CN': '保险库中没有名为 {username} 的员工账号。',
    en: 'There is no staff account named {username} in this vault.',
  },
  'user.notAdmin': { 'zh-CN': '{username} 不是管理员。', en: '{username} is not an admin.' },
  'ipc.unknownChannel': {
    'zh-CN': '未知的操作“{channel}”。',
    en: 'Unknown operation "{channel}".',
  },
  'settings.floorAfterToday': {
    'zh-CN': '最早交易日期不能晚于今天（{today}）。',
    en: 'The earliest record date may not be after today ({today}).',
  },
  'password.reused': {
    'zh-CN': '不能重复使用最近 {count} 次用过的密码。',
    en: 'The password may not be one of the last {count} used.',
  },
  'password.currentWrong': {
    'zh-CN': '当前密码不正确。',
    en: 'The current password is not correct.',
  },
  'user.exists': {
    'zh-CN': '用户名 {username} 已被使用。',
    en: 'The user name {username} is already taken.',
  },
  'user.self': {
    'zh-CN': '不能对自己的账号执行此操作。',
    en: 'You cannot do this to your own account.',
  },
  'user.lastAdmin': {
    'zh-CN': '不能停用最后一个管理员。',
    en: 'The last active admin cannot be disabled.',
  },
  'user.lastAdminRole': {
    'zh-CN': '不能更改最后一个在用管理员的角色：保管库必须至少保留一个在用的管理员。',
    en: 'The role of the last active admin cannot be changed: the vault must keep at least one active admin.',
  },
  'user.selfRole': {
    'zh-CN': '不能更改自己的角色，请由另一位管理员操作。',
    en: 'You cannot change your own role; ask another admin.',
  },
  'user.notDisabled': {
    'zh-CN': '账号 {username} 未被停用，无需重新启用。',
    en: 'The account {username} is not disabled, so there is nothing to re-enable.',
  },
  'account.opening.amount': {
    'zh-CN': '请填写期初余额（可为负数，例如 -200.00）。',
    en: 'Enter the opening balance (it may be negative, e.g. -200.00).',
  },
  'account.opening.date': {
    'zh-CN': '请填写期初余额的日期（例如 2024-03-01），余额为该日开始时的余额。',
    en: 'Enter the date of the opening balance (e.g. 2024-03-01): the balance at the start of that day.',
  },
  'client.archived': {
    'zh-CN': '客户“{name}”已归档，不能再为其录入或移入记录；如需继续记账，请先恢复该客户。',
    en: 'The client “{name}” is archived: no records can be added to it; restore the client first.',
  },
  'mfa.noPending': {
    'zh-CN': '请先开始两步验证的登记。',
    en: 'Start two-step verification enrolment first.',
  },
  'mfa.badCode': {
    'zh-CN': '动态码不正确或已使用过，请输入应用中显示的最新 6 位数字。',
    en: 'The code is wrong or was already used; enter the current 6 digits from the app.',
  },
  'client.notFound': {
    'zh-CN': '找不到编号为 {id} 的客户。',
    en: 'There is no client with id {id}.',
  },
  'integrity.certificate': {
    'zh-CN':
      '用户“{user}”的证书未通过签名校验（被修改或伪造），保险库未打开，未做任何更改。请联系管理员并运行 ledgervault doctor。',
    en: 'The certificate of user “{user}” fails its signature check (edited or forged). The vault was not opened and nothing changed. Contact an admin and run ledgervault doctor.',
  },
  'integrity.usersRow': {
    'zh-CN':
      '用户“{user}”的账号资料与其证书不符（角色或状态被直接修改），保险库未打开。请联系管理员并运行 ledgervault doctor。',
    en: 'The account of “{user}” does not match their certificate (role or status edited directly). The vault was not opened. Contact an admin and run ledgervault doctor.',
  },
  'integrity.grant': {
    'zh-CN':
      '客户 #{client} 授予“{user}”的授权没有有效签名（被直接添加或修改），保险库未打开。请联系管理员并运行 ledgervault doctor。',
    en: 'The grant of client #{client} to “{user}” has no valid signature (added or edited directly). The vault was not opened. Contact an admin and run ledgervault doctor.',
  },
  'integrity.permission': {
    'zh-CN':
      '“{user}”的附加权限 {permission} 没有有效签名（被直接添加或修改），保险库未打开。请联系管理员并运行 ledgervault doctor。',
    en: 'The extra permission {permission} of “{user}” has no valid signature (added or edited directly). The vault was not opened. Contact an admin and run ledgervault doctor.',
  },
  'integrity.rolledBack': {
    'zh-CN':
      '保险库文件夹被替换为旧副本：它止于第 {folderHead} 条审计事件，而本工作站已见过由“{user}”于 {sealedAt} 封存的第 {anchorSeq} 条事件。之后的记录和审计事件可能已丢失。保险库未打开。若这是有意的恢复，请管理员在登录页确认接受回滚（或运行 ledgervault audit accept-rollback）；否则请从最新备份恢复并运行 ledgervault doctor。',
    en: 'The vault folder was rolled back to an older copy: it ends at audit event {folderHead}, but this workstation has seen event {anchorSeq}, sealed by “{user}” at {sealedAt}. Later records and audit events may be lost. The vault was not opened. If this is a deliberate restore, an admin must accept the rollback on the sign-in screen (or with ledgervault audit accept-rollback); otherwise restore the newest backup and run ledgervault doctor.',
  },
  'integrity.keysRolledBack': {
    'zh-CN':
      '密钥文件（vault.keys）被替换为旧副本：第 {generation} 代，而本工作站已见过第 {anchorGeneration} 代。保险库未打开。若这是有意的恢复，请管理员确认接受回滚；否则请运行 ledgervault doctor。',
    en: 'The keys file (vault.keys) was replaced by an older copy: generation {generation}, but this workstation has seen generation {anchorGeneration}. The vault was not opened. If this is a deliberate restore, an admin must accept the rollback; otherwise run ledgervault doctor.',
  },
  'backup.passphraseTooShort': {
    'zh-CN': '备份口令至少需要 {min} 个字符：偷走备份的人可以离线无限次猜测它。建议用几个不相关的词加数字。',
    en: 'The backup passphrase needs at least {min} characters: whoever steals a backup can guess it offline for ever. A few unrelated words with digits work well.',
  },
  'backup.keyNotFingerprint': {
    'zh-CN': '--key 需要办公室的根指纹（恢复密钥备份卡上印的 64 位十六进制，分组书写亦可）。',
    en: '--key takes the office root fingerprint (the 64 hex digits printed on the recovery kit, grouped or not).',
  },
  'backup.folderNotUsable': {
    'zh-CN': '无法把备份写到所选位置（{folder}）：它不存在、不是文件夹或不可写。保险库未受影响。',
    en: 'A backup cannot be written to the chosen place ({folder}): it does not exist, is not a folder or cannot be written. The vault was not touched.',
  },
  'backup.insideVault': {
    'zh-CN': '备份不能放在保险库文件夹内，请选择另一个位置（最好是 U 盘等移动存储）。',
    en: 'A backup may not go inside the vault folder. Choose another place (a USB drive is best).',
  },
  'backup.diskFull': {
    'zh-CN': '{folder} 的剩余空间不足：备份约需 {neededMb} MB，只剩 {freeMb} MB。未留下不完整的文件，保险库未受影响。',
    en: '{folder} has too little free space: the backup needs about {neededMb} MB and {freeMb} MB are free. No incomplete file was left, and the vault was not touched.',
  },
  'backup.writeFailed': {
    'zh-CN': '写入 {folder} 时出错（{reason}），例如 U 盘被拔出。未留下不完整的文件，保险库未受影响。',
    en: 'Writing to {folder} failed ({reason}), for example a USB drive was pulled out. No incomplete file was left, and the vault was not touched.',
  },
  'backup.outName': {
    'zh-CN': '备份文件名须以 .lvbak 结尾。',
    en: 'A backup file name must end in .lvbak.',
  },
  'restore.notAVault': {
    'zh-CN': '所选文件夹（{folder}）不是 LedgerVault 保险库：里面没有可读的 vault.keys。',
    en: 'The chosen folder ({folder}) is not a LedgerVault vault: it has no readable vault.keys.',
  },
  'restore.lockFirst': {
    'zh-CN': '请先锁定保险库，再恢复备份或用恢复密钥打开。',
    en: 'Lock the vault before restoring a backup or opening it with the recovery key.',
  },
  'backup.restoreNeedsSecret': {
    'zh-CN': '恢复备份需要恢复密钥或备份口令（二选一）。',
    en: 'Restoring a backup needs the recovery key or the backup passphrase (one of the two).',
  },
  'backup.restoreTargetNotEmpty': {
    'zh-CN': '{folder} 已有其他文件，不是保险库：请选择一个新的或空的文件夹。未作任何改动。',
    en: '{folder} already holds other files and is not a vault: choose a new or empty folder. Nothing was changed.',
  },
  'backup.restoreOverVault': {
    'zh-CN':
      '{folder} 已有一个保险库。确认用备份替换它后才会恢复：原文件夹会完整保留在旁边（改名为 …before-restore-日期），不会删除。',
    en: 'A vault is already at {folder}. The backup replaces it only after you confirm; the old folder is kept beside it in full (renamed …before-restore-date), never deleted.',
  },
  'backup.restoreVaultOpen': {
    'zh-CN': '该保险库正被 LedgerVault 打开：请先锁定并关闭应用，再恢复备份。未作任何改动。',
    en: 'That vault is open in LedgerVault: lock it and close the app before restoring. Nothing was changed.',
  },
  'backup.recoveryKeyNeeded': {
    'zh-CN': '设置备份口令需要恢复密钥：口令也能像恢复密钥一样恢复备份，所以只有持有恢复密钥的人才能设置。',
    en: 'Setting the backup passphrase needs the recovery key: the passphrase will restore backups as the recovery key does, so only whoever holds the recovery key may set it.',
  },
  'file.notReadable': {
    'zh-CN': '无法读取所选文件（{name}）：它不存在、不是普通文件或没有读取权限。未作任何改动。',
    en: 'The chosen file ({name}) cannot be read: it does not exist, is not a regular file or may not be read. Nothing was changed.',
  },
  'file.tooLarge': {
    'zh-CN': '所选文件（{name}）大于 {maxMb} MB，未读取。',
    en: 'The chosen file ({name}) is larger than {maxMb} MB and was not read.',
  },
  'audit.evidenceNotValid': {
    'zh-CN': '作为锚点给出的文件不是本保险库有效签名的审计导出（{reason}），未作校验。',
    en: 'The file given as an anchor is not a validly signed audit export of this vault ({reason}); nothing was verified.',
  },
  'vault.rollbackNeedsAdmin': {
    'zh-CN': '只有管理员可以接受较旧的保险库副本，保险库未打开。请让管理员登录并接受回滚，或从最新备份恢复。',
    en: 'Only an admin can accept an older copy of the vault; the vault was not opened. Ask an admin to sign in and accept the rollback, or restore the newest backup.',
  },
  'client.noKey': {
    'zh-CN': '您没有客户 #{id} 的密钥：该客户未授权给您，请联系管理员或经理。',
    en: 'You do not hold the key of client #{id}: it is not granted to you; ask an admin or a manager.',
  },
  'vault.upgradeNeedsAdmin': {
    'zh-CN': '此保险库由旧版账安创建，需要先由管理员登录完成升级，之后其他人员才能登录。',
    en: 'This vault was made by an older LedgerVault: an admin must sign in first to upgrade it.',
  },
  'client.name': {
    'zh-CN': '客户名称为 1 到 200 个字符。',
    en: 'A client name has 1 to 200 characters.',
  },
  'uscc.length': {
    'zh-CN': '统一社会信用代码无效：应为 18 位，当前为 {count} 位。',
    en: 'The unified social credit code is not valid: it must have 18 characters, not {count}.',
  },
  'uscc.character': {
    'zh-CN': '统一社会信用代码无效：含有不允许的字符（只允许数字和除 I、O、S、V、Z 外的大写字母）。',
    en: 'The unified social credit code is not valid: only digits and capital letters other than I, O, S, V, Z are allowed.',
  },
  'uscc.check': {
    'zh-CN': '统一社会信用代码无效：第 18 位校验码不正确（按 GB 32100-2015 应为 {expected}）。',
    en: 'The unified social credit code is not valid: the 18th (check) character is wrong; GB 32100-2015 gives {expected}.',
  },
  'grant.notAccountant': {
    'zh-CN': '经理只能为现有的会计账号分配客户权限。',
    en: 'Managers may grant clients to existing accountant accounts only.',
  },
  'permission.notGrantable': {
    'zh-CN': '权限 {permission} 不能单独授予。',
    en: 'The permission {permission} cannot be granted on its own.',
  },
  'session.mustChangePassword': {
    'zh-CN': '请先修改临时密码或已过期的密码，然后才能进行其他操作。',
    en: 'Change your temporary or expired password before doing anything else.',
  },
  'session.mustEnrolMfa': {
    'zh-CN': '您的角色要求启用两步验证，请先完成登记，然后才能进行其他操作。',
    en: 'Your role requires two-step verification: enrol before doing anything else.',
  },
  'ipc.untrustedSender': {
    'zh-CN': '此请求不是来自本应用自己的窗口，已被拒绝。',
    en: "This request did not come from the app's own window and was refused.",
  },
  'input.required': { 'zh-CN': '请填写“{field}”。', en: 'Enter the {field}.' },
  'input.tooLong': { 'zh-CN': '“{field}”最多 {max} 个字符。', en: 'The {field} has at most {max} characters.' },
  'input.tooShort': { 'zh-CN': '“{field}”至少 {min} 个字符。', en: 'The {field} has at least {min} characters.' },
  'input.atMost': { 'zh-CN': '“{field}”不能大于 {max}。', en: 'The {field} may not be more than {max}.' },
  'input.atLeast': { 'zh-CN': '“{field}”不能小于 {min}。', en: 'The {field} may not be less than {min}.' },
  'input.greaterThan': { 'zh-CN': '“{field}”必须大于 {min}。', en: 'The {field} must be more than {min}.' },
  'input.tooMany': { 'zh-CN': '“{field}”最多 {max} 项。', en: 'The {field} has at most {max} items.' },
  'input.integer': { 'zh-CN': '“{field}”必须是整数。', en: 'The {field} must be a whole number.' },
  'input.choice': {
    'zh-CN': '“{field}”只能是以下之一：{options}。',
    en: 'The {field} must be one of: {options}.',
  },
  'input.format': { 'zh-CN': '“{field}”的格式不正确。', en: 'The {field} is not in the expected format.' },
  'input.invalid': { 'zh-CN': '“{field}”的值无效。', en: 'The {field} is not valid.' },
  'input.unknownField': {
    'zh-CN': '不认识的字段“{field}”，未做任何更改。',
    en: 'Unknown field "{field}". Nothing was changed.',
  },
  'record.amount.empty': { 'zh-CN': '请输入金额。', en: 'Enter an amount.' },
  'record.amount.format': {
    'zh-CN': '金额格式不正确，例如 1,234.56、1234.5 或 ¥1234.56。',
    en: 'The amount is not a number like 1,234.56, 1234.5 or ¥1234.56.',
  },
  'record.amount.negative': {
    'zh-CN': '金额不能为负数：请填写正数，并用“收入/支出”表示方向。',
    en: 'Amounts are never negative: enter a positive amount and choose in or out.',
  },
  'record.amount.decimals': {
    'zh-CN': '金额最多两位小数（精确到分）。',
    en: 'Amounts have at most two decimals (fen).',
  },
  'record.amount.noDecimals': {
    'zh-CN': '此币种的金额不能有小数。',
    en: 'Amounts in this currency have no decimals.',
  },
  'record.amount.tooLarge': { 'zh-CN': '金额过大。', en: 'The amount is too large.' },
  'record.amount.zero': { 'zh-CN': '金额必须大于 0。', en: 'The amount must be more than 0.' },
  'record.date.beforeFloor': {
    'zh-CN': '交易日期不能早于 {floor}（保险库设置的最早交易日期）。',
    en: 'The date may not be before {floor} (the earliest record date set for this vault).',
  },
  'record.date.invalid': {
    'zh-CN': '无法识别的日期，例如 2024-03-05、2024/3/5、20240305、2024年3月5日 或 3月5日，可加时间 14:05。',
    en: 'Not a date like 2024-03-05, 2024/3/5, 20240305, 2024年3月5日 or 3/5, optionally with a time (14:05).',
  },
  'record.date.month': {
    'zh-CN': '{date} 不是有效日期：没有 {month} 月。',
    en: '{date} is not a real date: there is no month {month}.',
  },
  'record.date.day': {
    'zh-CN': '{date} 不是有效日期：{month} 月只有 {days} 天。',
    en: '{date} is not a real date: month {month} has only {days} days.',
  },
  'record.date.future': {
    'zh-CN': '交易日期不能晚于今天（北京时间）。',
    en: 'The date may not be after today (Beijing time).',
  },
  'record.direction': { 'zh-CN': '请选择收支方向。', en: 'Choose in, out or neutral.' },
  'record.currency': {
    'zh-CN': '币种应为三位大写字母代码，例如 CNY。',
    en: 'The currency is a three-letter code such as CNY.',
  },
  'record.counterparty': { 'zh-CN': '请填写交易对方。', en: 'Enter the counterparty.' },
  'record.duplicate.reference': {
    'zh-CN': '可能重复：该账户已有相同交易流水号的记录（编号 {ids}）。确认不是重复后可选择仍然保存。',
    en: 'Possible duplicate: this account already has a record with the same reference (ids {ids}). Confirm to save anyway.',
  },
  'record.duplicate.same': {
    'zh-CN': '可能重复：已有日期、金额和交易对方都相同的记录（编号 {ids}）。确认不是重复后可选择仍然保存。',
    en: 'Possible duplicate: a record with the same date, amount and counterparty exists (ids {ids}). Confirm to save anyway.',
  },
  'record.notFound': {
    'zh-CN': '找不到编号为 {id} 的记录，或您无权访问它。此次尝试已记入审计日志。',
    en: 'There is no record with id {id} that you may access. The attempt has been recorded in the audit log.',
  },
  'record.account': { 'zh-CN': '该支付账户不属于此客户。', en: 'That payment account does not belong to this client.' },
  'import.pickAgain': {
    'zh-CN': '所选文件已不在内存中（保险库锁定后会清除），请重新选择文件。',
    en: 'The chosen file is no longer held (locking the vault clears it); choose the file again.',
  },
  'reason.tooShort': {
    'zh-CN': '请填写理由（至少 {min} 个字），它将记入审计日志。',
    en: 'Give a reason (at least {min} characters); it goes to the audit log.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type InputMessageKey = keyof typeof INPUT_MESSAGES;
export type MessageParams = Record<string, string | number>;

export function isInputMessageKey(value: unknown): value is InputMessageKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INPUT_MESSAGES, value);
}

/** `{name}` placeholders filled from params; `{field}` names the field as people call it. */
export function inputMessage(key: InputMessageKey, locale: Locale, params: MessageParams = {}): string {
  return INPUT_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    return name === 'field' ? fieldLabel(String(value), locale) : String(value);
  });
}

/**
 * An error as a person reads it, in `locale`: its specific message when it names one this build
 * knows, else what its code means. The renderer and the CLI both call this, so an error reads
 * the same in the window and in a terminal. The fields are checked, not trusted: they arrive
 * over IPC (an unknown code reads as E_INTERNAL, an unknown key as the code's text).
 */
export function localizeError(
  error: { code: unknown; messageKey?: unknown; params?: unknown },
  locale: Locale,
): { code: ErrorCode; message: string } {
  const code: ErrorCode = isErrorCode(error.code) ? error.code : 'E_INTERNAL';
  if (code === error.code && isInputMessageKey(error.messageKey)) {
    const params = typeof error.params === 'object' && error.params !== null ? (error.params as MessageParams) : {};
    return { code, message: inputMessage(error.messageKey, locale, params) };
  }
  return { code, message: ERROR_TEXT[code][locale] };
}
