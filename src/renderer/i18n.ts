// A deliberately tiny i18n layer: one typed dictionary per locale, a context, and useT().
// The English dictionary must have exactly the keys of the Chinese one (the type checks it).
import { createContext, createElement, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Locale } from '../shared/errors';
import { accessEn, accessZh } from './i18n-parts/access';
import { auditEn, auditZh } from './i18n-parts/audit';
import { recordsEn, recordsZh } from './i18n-parts/records';

export type { Locale };

export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const baseZh = {
  'app.name': '账安 LedgerVault',
  'app.tagline': '客户电子支付记录保险库',
  'lang.label': '界面语言',

  'common.loading': '正在加载…',
  'common.retry': '重试',
  'error.title': '出错了',

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

  'kit.title': '恢复密钥备份卡',
  'kit.purpose':
    '恢复密钥是打开此保险库的最后手段：当所有管理员都忘记了密码，或本机的系统钥匙串丢失（例如重装系统、更换电脑）时，只有凭它才能取回保险库中的数据。',
  'kit.storage':
    '请打印本页，或用笔工整地抄写在纸上，存放在保险柜等安全的地方。不要拍照，不要保存在电脑、手机或网盘中，也不要通过微信或电子邮件发送。',
  'kit.once': '此密钥只显示这一次，本应用不会保存它。离开此页面后将无法再次查看。',
  'kit.key': '恢复密钥',
  'kit.vaultId': '保险库 ID',
  'kit.createdOn': '创建日期',
  'kit.keeper': '保管人',
  'kit.location': '存放位置',
  'kit.print': '打印',
  'kit.confirm': '我已将恢复密钥打印或抄写，并存放在安全的地方',
  'kit.continue': '继续',

  'unlock.title': '解锁保险库',
  'unlock.intro': '请使用您的员工账号登录。',
  'unlock.username': '用户名',
  'unlock.password': '密码',
  'unlock.submit': '解锁',
  'unlock.submitting': '正在解锁…',
  'unlock.failed': '无法解锁',
  'unlock.locked.title': '保险库已锁定',
  'unlock.locked.body': '内存中的密钥已清除。请重新输入用户名和密码以继续。',

  'home.signedInAs': '当前用户',
  'home.lock': '锁定',
  'home.lockFailed': '无法锁定',
  'home.empty.title': '保险库已解锁',
  'home.empty.body': '在左侧“支付记录”中查看、筛选和录入客户的电子支付记录。',

  'role.admin': '管理员',
  'role.manager': '经理',
  'role.accountant': '会计',
  'role.auditor': '审计员',
} as const;

// Each feature keeps its strings beside the others in i18n-parts/; one dictionary per locale.
const zhCN = { ...baseZh, ...accessZh, ...auditZh, ...recordsZh } as const;

export type MessageKey = keyof typeof zhCN;

const baseEn: Record<keyof typeof baseZh, string> = {
  'app.name': '账安 LedgerVault',
  'app.tagline': 'Encrypted vault for clients’ electronic payment records',
  'lang.label': 'Language',

  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'error.title': 'Something went wrong',

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

  'kit.title': 'Recovery kit',
  'kit.purpose':
    'The recovery key is the last way into this vault: if every admin forgets their password, or this computer’s system keychain is lost (for example after reinstalling the system or moving to a new computer), only this key can get the data back.',
  'kit.storage':
    'Print this page, or copy the key carefully onto paper by hand, and keep it somewhere safe such as a locked safe. Do not photograph it, do not store it on a computer, phone or cloud drive, and do not send it by chat or e-mail.',
  'kit.once':
    'This key is shown only once; the app does not keep it. It cannot be shown again after you leave this page.',
  'kit.key': 'Recovery key',
  'kit.vaultId': 'Vault ID',
  'kit.createdOn': 'Created on',
  'kit.keeper': 'Kept by',
  'kit.location': 'Stored at',
  'kit.print': 'Print',
  'kit.confirm': 'I have printed or written down the recovery key and stored it in a safe place',
  'kit.continue': 'Continue',

  'unlock.title': 'Unlock the vault',
  'unlock.intro': 'Sign in with your staff account.',
  'unlock.username': 'User name',
  'unlock.password': 'Password',
  'unlock.submit': 'Unlock',
  'unlock.submitting': 'Unlocking…',
  'unlock.failed': 'Could not unlock',
  'unlock.locked.title': 'The vault is locked',
  'unlock.locked.body': 'The keys were cleared from memory. Enter your user name and password to continue.',

  'home.signedInAs': 'Signed in as',
  'home.lock': 'Lock',
  'home.lockFailed': 'Could not lock',
  'home.empty.title': 'The vault is unlocked',
  'home.empty.body':
    'Open “Payment records” on the left to view, filter and enter clients’ electronic payment records.',

  'role.admin': 'Admin',
  'role.manager': 'Manager',
  'role.accountant': 'Accountant',
  'role.auditor': 'Auditor',
};

const en: Record<MessageKey, string> = { ...baseEn, ...accessEn, ...auditEn, ...recordsEn };

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** What each locale is called in its own language, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The only thing the renderer keeps in localStorage: the language the user picked. */
const LOCALE_STORAGE_KEY = 'ledgervault.locale';

export function loadStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode, quota); the choice then lasts for this session only.
  }
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: { locale: Locale; setLocale: (locale: Locale) => void; children?: ReactNode }) {
  const { locale, setLocale, children } = props;
  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  // Screen readers and CJK font selection follow <html lang>.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return createElement(I18nContext.Provider, { value }, children);
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}

/** The translate function for the current locale. */
export function useT(): Translate {
  return useI18n().t;
}

/** The current locale and a setter, for the language switch. */
export function useLocale(): [Locale, (locale: Locale) => void] {
  const { locale, setLocale } = useI18n();
  return [locale, setLocale];
}
