// Strings of MFA enrolment that outlasts a reload, and the printable recovery codes.
import { defineStrings } from '../app/i18n';

const zh = {
  'mfa.resume.note':
    '这是您刚才开始、尚未确认的登记：密钥与二维码不变，已扫描过的验证器应用可直接使用。恢复码只在开始登记时显示一次，出于安全不会再次显示；如果没有记下，请点“重新生成密钥和恢复码”（需在应用中重新扫码）。',
  'mfa.resume.restart': '重新生成密钥和恢复码',
  'mfa.codes.print': '打印恢复码',
  'mfa.print.title': 'LedgerVault 两步验证恢复码',
  'mfa.print.user': '用户',
  'mfa.print.vault': '保管库',
  'mfa.print.date': '打印日期',
  'mfa.print.note': '每个恢复码只能使用一次，可在手机不在身边时代替动态码登录。请存放在安全的地方。',
} as const;

const en: Record<keyof typeof zh, string> = {
  'mfa.resume.note':
    'This is the enrolment you began and have not confirmed yet: the key and QR code are unchanged, so an authenticator app that already scanned it works. Recovery codes are shown only once, when enrolment begins, and are not shown again; if you did not keep them, choose “New key and recovery codes” (the app must scan again).',
  'mfa.resume.restart': 'New key and recovery codes',
  'mfa.codes.print': 'Print recovery codes',
  'mfa.print.title': 'LedgerVault two-step verification recovery codes',
  'mfa.print.user': 'User',
  'mfa.print.vault': 'Vault',
  'mfa.print.date': 'Printed on',
  'mfa.print.note':
    'Each recovery code works once, in place of a code from the app when your phone is not at hand. Keep them somewhere safe.',
};

export const useMfaT = defineStrings(zh, en);
