import type { InputMessageKey, MessageParams } from './messages';

/**
 * Stable error codes that cross every boundary (IPC, CLI, browser harness). What crosses is data,
 * never a sentence: the code, and the key and parameters of a more specific message when there
 * is one (src/shared/messages.ts). Each front end puts it into its user's language itself.
 */
export const ERROR_CODES = [
  'E_AUTH',
  'E_MFA_REQUIRED',
  'E_LOCKED',
  'E_FORBIDDEN',
  'E_INTEGRITY',
  'E_KEYCHAIN',
  'E_INPUT',
  'E_BUSY',
  'E_NOT_FOUND',
  'E_CONFLICT',
  'E_VAULT_LOCKED',
  'E_EXISTS',
  'E_INTERNAL',
  'E_CANCELLED',
  'E_DISK_FULL',
  'E_IO',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An error as it crosses IPC: `messageKey` names a specific reason (with `params` to fill in),
 * or is null when the code's own text says it all. No pre-localized text, no stack, no path.
 */
export interface PublicError {
  code: ErrorCode;
  messageKey: InputMessageKey | null;
  params: MessageParams;
}

/** The languages the app speaks, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** What each code means to a person, in both languages the app speaks. */
export const ERROR_TEXT: Record<ErrorCode, Record<Locale, string>> = {
  E_AUTH: {
    'zh-CN': '用户名、密码或恢复密钥不正确。',
    en: 'The user name, password or recovery key is not correct.',
  },
  E_MFA_REQUIRED: {
    'zh-CN': '此账号已启用两步验证，请输入身份验证器应用中的 6 位动态码（或一个恢复码）。',
    en: 'This account uses two-step verification: enter the 6-digit code from your authenticator app (or a recovery code).',
  },
  E_LOCKED: {
    'zh-CN': '该账号因多次登录失败已被锁定，请稍后再试或联系管理员解锁。',
    en: 'This account is locked after repeated failed sign-ins. Try again later or ask an admin to unlock it.',
  },
  E_FORBIDDEN: {
    'zh-CN': '您没有执行此操作的权限，此次尝试已记入审计日志。',
    en: 'You are not allowed to do this. The attempt has been recorded in the audit log.',
  },
  E_INTEGRITY: {
    'zh-CN': '保险库文件已损坏或被篡改，未做任何更改。请从备份恢复或联系管理员。',
    en: 'The vault files are damaged or were tampered with. Nothing was changed. Restore a backup or contact an admin.',
  },
  E_KEYCHAIN: {
    'zh-CN':
      '无法从系统钥匙串读取本机密钥：钥匙串可能已锁定、不可用或已丢失。请解锁系统钥匙串后重试，或使用恢复密钥打开保险库。',
    en: 'The workstation key could not be read from the system keychain: it is locked, unavailable or lost. Unlock the keychain and retry, or open the vault with the recovery key.',
  },
  E_INPUT: {
    'zh-CN': '输入无效，未做任何更改。',
    en: 'The input is not valid. Nothing was changed.',
  },
  E_BUSY: {
    'zh-CN': '该保险库已在另一个窗口或进程中打开，请先关闭它。',
    en: 'This vault is already open in another window or process. Close it first.',
  },
  E_NOT_FOUND: {
    'zh-CN': '找不到所请求的对象。',
    en: 'The requested item was not found.',
  },
  E_CONFLICT: {
    'zh-CN': '该数据已被他人修改，请刷新后重试。',
    en: 'Someone else changed this in the meantime. Refresh and try again.',
  },
  E_VAULT_LOCKED: {
    'zh-CN': '保险库已锁定，请先解锁。',
    en: 'The vault is locked. Unlock it first.',
  },
  E_EXISTS: {
    'zh-CN': '已存在，未覆盖任何内容。',
    en: 'It already exists. Nothing was overwritten.',
  },
  E_INTERNAL: {
    'zh-CN': '发生内部错误，未做任何更改。',
    en: 'An internal error occurred. Nothing was changed.',
  },
  E_CANCELLED: {
    'zh-CN': '操作已取消，未留下不完整的文件，保险库未受影响。',
    en: 'Cancelled. No incomplete file was left, and the vault was not touched.',
  },
  E_DISK_FULL: {
    'zh-CN':
      '磁盘空间不足，此操作未完成。已保存的数据未受影响，也没有留下看似完整的文件。请腾出空间或换一个位置后重试。',
    en: 'The disk is full, so this was not done. Nothing saved was touched and no file that looks complete was left. Free some space or choose another place, then retry.',
  },
  E_IO: {
    'zh-CN': '读写磁盘时出错（例如 U 盘被拔出），此操作未完成。已保存的数据未受影响，也没有留下看似完整的文件。',
    en: 'A disk read or write failed (a USB drive pulled out, say), so this was not done. Nothing saved was touched and no file that looks complete was left.',
  },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
