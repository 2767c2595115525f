import type { Locale } from './errors';

/**
 * Why an input was refused, in both languages, keyed so that the core, the CLI and the renderer's
 * own form checks all say the same thing. `{name}` placeholders are filled from params.
 */
export const INPUT_MESSAGES = {
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
  'password.mismatch': {
    'zh-CN': '两次输入的密码不一致。',
    en: 'The two passwords do not match.',
  },
  'username.invalid': {
    'zh-CN': '用户名须为 2 到 64 个字母、数字、点、下划线或连字符。',
    en: 'A user name has 2 to 64 letters, digits, dots, underscores or hyphens.',
  },
  'displayName.tooLong': {
    'zh-CN': '显示名称最多 64 个字符。',
    en: 'A display name has at most 64 characters.',
  },
  'field.required': {
    'zh-CN': '此项为必填项。',
    en: 'This field is required.',
  },
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
  'user.notAdmin': {
    'zh-CN': '{username} 不是管理员。',
    en: '{username} is not an admin.',
  },
  'ipc.unknownChannel': {
    'zh-CN': '未知的操作“{channel}”。',
    en: 'Unknown operation "{channel}".',
  },
  'ipc.invalidPayload': {
    'zh-CN': '请求格式无效：{issues}',
    en: 'The request is not valid: {issues}',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type InputMessageKey = keyof typeof INPUT_MESSAGES;
export type MessageParams = Record<string, string | number>;

export function inputMessage(key: InputMessageKey, locale: Locale, params: MessageParams = {}): string {
  return INPUT_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
