// Strings of the staff screen's later additions: editing, re-enabling, generated passwords, reveal.
import { defineStrings } from '../app/i18n';

const zh = {
  'staff.action.edit': '编辑',
  'staff.action.enable': '重新启用',
  'staff.edit.title': '编辑 {username}',
  'staff.edit.selfRole': '不能更改自己的角色，请由另一位管理员操作。',
  'staff.edit.submit': '保存',
  'staff.done.edit': '已更新 {username}。',
  'staff.enable.title': '重新启用 {username}',
  'staff.enable.intro': '停用时已删除该账号的登录密钥，因此重新启用需要设置一个新的临时密码；该员工首次登录时须修改。',
  'staff.enable.submit': '重新启用',
  'staff.done.enable': '已重新启用 {username}，请将临时密码当面告知。',
  'staff.generate': '生成临时密码',
  'staff.generated.title': '已生成临时密码（只显示这一次）',
  'staff.generated.body': '请当面告知该员工。复制后剪贴板会在 30 秒后自动清除。',
  'staff.generated.copy': '复制',
  'staff.generated.copied': '已复制，30 秒后自动从剪贴板清除。',
  'staff.generated.copyFailed': '无法复制',
  'staff.reveal.confirm': '允许 {username} 查看完整账号？',
  'staff.reveal.body':
    '开启后，{username} 可在其有权访问的客户中查看支付记录的完整对方账号（银行卡号、支付宝/微信账号）。每次查看都须填写原因，并记入审计日志；可随时关闭。',
  'staff.reveal.ok': '确认允许',
} as const;

const en: Record<keyof typeof zh, string> = {
  'staff.action.edit': 'Edit',
  'staff.action.enable': 'Re-enable',
  'staff.edit.title': 'Edit {username}',
  'staff.edit.selfRole': 'You cannot change your own role; ask another admin.',
  'staff.edit.submit': 'Save',
  'staff.done.edit': '{username} was updated.',
  'staff.enable.title': 'Re-enable {username}',
  'staff.enable.intro':
    'Disabling removed this account’s sign-in key, so re-enabling needs a new temporary password; the person must change it at first sign-in.',
  'staff.enable.submit': 'Re-enable',
  'staff.done.enable': '{username} is enabled again; tell them the temporary password in person.',
  'staff.generate': 'Generate a temporary password',
  'staff.generated.title': 'Temporary password generated (shown only this once)',
  'staff.generated.body': 'Tell it to the person in person. A copy is cleared from the clipboard after 30 seconds.',
  'staff.generated.copy': 'Copy',
  'staff.generated.copied': 'Copied; it is cleared from the clipboard in 30 seconds.',
  'staff.generated.copyFailed': 'Could not copy',
  'staff.reveal.confirm': 'Allow {username} to see full account numbers?',
  'staff.reveal.body':
    '{username} will be able to see the full counterparty account numbers (bank cards, Alipay/WeChat accounts) of payment records for the clients they can reach. Each time they must give a reason, which goes to the audit log. You can turn this off at any time.',
  'staff.reveal.ok': 'Allow',
};

export const useStaffT = defineStrings(zh, en);
