import type { Locale } from './errors';

/**
 * What people call the fields of the IPC contract's inputs, so that a refusal names the field
 * in their language ("“交易对方”最多 200 个字符") rather than as a schema path. A message's
 * `{field}` placeholder is filled from here; a field missing here shows its own name.
 */
export const FIELD_LABELS: Record<string, Record<Locale, string>> = {
  // records
  id: { 'zh-CN': '编号', en: 'id' },
  version: { 'zh-CN': '版本号', en: 'version' },
  clientId: { 'zh-CN': '客户编号', en: 'client id' },
  accountId: { 'zh-CN': '账户编号', en: 'account id' },
  occurredAt: { 'zh-CN': '交易日期', en: 'date' },
  direction: { 'zh-CN': '收支方向', en: 'direction' },
  amount: { 'zh-CN': '金额', en: 'amount' },
  currency: { 'zh-CN': '币种', en: 'currency' },
  channel: { 'zh-CN': '渠道', en: 'channel' },
  counterparty: { 'zh-CN': '交易对方', en: 'counterparty' },
  counterpartyAccount: { 'zh-CN': '对方账号', en: 'counterparty account' },
  reference: { 'zh-CN': '交易流水号', en: 'reference' },
  merchantOrderRef: { 'zh-CN': '商户订单号', en: 'merchant order number' },
  memo: { 'zh-CN': '备注', en: 'memo' },
  category: { 'zh-CN': '分类', en: 'category' },
  status: { 'zh-CN': '状态', en: 'status' },
  allowDuplicate: { 'zh-CN': '确认重复', en: 'allow duplicate' },
  reason: { 'zh-CN': '理由', en: 'reason' },
  revealReason: { 'zh-CN': '查看理由', en: 'reveal reason' },
  patch: { 'zh-CN': '修改内容', en: 'changes' },
  from: { 'zh-CN': '起始日期', en: 'from date' },
  to: { 'zh-CN': '截止日期', en: 'to date' },
  minAmount: { 'zh-CN': '最小金额', en: 'minimum amount' },
  maxAmount: { 'zh-CN': '最大金额', en: 'maximum amount' },
  text: { 'zh-CN': '搜索内容', en: 'search text' },
  sort: { 'zh-CN': '排序字段', en: 'sort' },
  order: { 'zh-CN': '排序方向', en: 'order' },
  limit: { 'zh-CN': '条数上限', en: 'row limit' },
  offset: { 'zh-CN': '起始位置', en: 'offset' },
  format: { 'zh-CN': '文件格式', en: 'format' },
  // clients, payment accounts, grants
  name: { 'zh-CN': '客户名称', en: 'client name' },
  uscc: { 'zh-CN': '统一社会信用代码', en: 'unified social credit code' },
  kind: { 'zh-CN': '账户类型', en: 'account type' },
  institution: { 'zh-CN': '开户机构', en: 'institution' },
  accountNumber: { 'zh-CN': '账号', en: 'account number' },
  holder: { 'zh-CN': '户名', en: 'holder' },
  username: { 'zh-CN': '用户名', en: 'user name' },
  canWrite: { 'zh-CN': '读写权限', en: 'write access' },
  // audit filter
  action: { 'zh-CN': '操作', en: 'action' },
  actor: { 'zh-CN': '操作人', en: 'actor' },
  outcome: { 'zh-CN': '结果', en: 'outcome' },
  since: { 'zh-CN': '开始时间', en: 'from (time)' },
  until: { 'zh-CN': '结束时间', en: 'until (time)' },
  // settings
  passwordHistory: { 'zh-CN': '不得重复使用的历史密码数', en: 'password history' },
  passwordMaxAgeDays: { 'zh-CN': '密码最长使用天数', en: 'maximum password age' },
  lockoutThreshold: { 'zh-CN': '锁定前允许的失败次数', en: 'lockout threshold' },
  lockoutMinutes: { 'zh-CN': '锁定时长（分钟）', en: 'lockout minutes' },
  idleMinutes: { 'zh-CN': '空闲自动锁定（分钟）', en: 'idle lock minutes' },
  mfaRequiredRoles: { 'zh-CN': '须启用两步验证的角色', en: 'roles that need two-step verification' },
  officeHours: { 'zh-CN': '办公时间', en: 'office hours' },
  start: { 'zh-CN': '开始时刻', en: 'start' },
  end: { 'zh-CN': '结束时刻', en: 'end' },
  weekdays: { 'zh-CN': '工作日', en: 'weekdays' },
  recordDateFloor: { 'zh-CN': '最早交易日期', en: 'earliest record date' },
};

export function fieldLabel(field: string, locale: Locale): string {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, field) ? FIELD_LABELS[field]![locale] : field;
}
