/**
 * An event's details as labelled fields (原因：核对银行对账单) instead of JSON, for the audit
 * viewer (DOM-free, so unit tests and the CLI can use it too). Labels are looked up for the
 * event's action first (the same key can mean different things: `rows` of a list is what was
 * shown, of an export what was written), then for any action; a key nobody named yet is shown
 * as "key: value" text, so nothing recorded is ever hidden.
 */
import type { Locale } from '../errors';
import { REGISTER_DETAIL_KEYS } from './register-detail-labels';

type Label = Readonly<Record<Locale, string>>;

const KEYS: Readonly<Record<string, Label>> = {
  ...REGISTER_DETAIL_KEYS,
  reason: { 'zh-CN': '原因', en: 'Reason' },
  revealReason: { 'zh-CN': '查看完整账号的原因', en: 'Reason for showing full accounts' },
  field: { 'zh-CN': '字段', en: 'Field' },
  rows: { 'zh-CN': '条数', en: 'Rows' },
  total: { 'zh-CN': '符合条件的总条数', en: 'Total matching' },
  filter: { 'zh-CN': '查询条件', en: 'Filter' },
  format: { 'zh-CN': '格式', en: 'Format' },
  path: { 'zh-CN': '保存位置', en: 'Saved to' },
  via: { 'zh-CN': '途径', en: 'Via' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  username: { 'zh-CN': '用户名', en: 'User name' },
  role: { 'zh-CN': '角色', en: 'Role' },
  month: { 'zh-CN': '月份', en: 'Month' },
  changes: { 'zh-CN': '改动数', en: 'Changes' },
  workstation: { 'zh-CN': '工作站', en: 'Workstation' },
  afterRestore: { 'zh-CN': '恢复备份后', en: 'After a restore' },
  failures: { 'zh-CN': '连续失败次数', en: 'Failures in a row' },
  consecutiveFailures: { 'zh-CN': '连续失败次数', en: 'Failures in a row' },
  afterFailures: { 'zh-CN': '失败次数', en: 'After failures' },
  lockedUntil: { 'zh-CN': '锁定至', en: 'Locked until' },
  beijingTime: { 'zh-CN': '北京时间', en: 'Beijing time' },
  officeHours: { 'zh-CN': '工作时间', en: 'Office hours' },
  checked: { 'zh-CN': '已校验事件数', en: 'Events checked' },
  firstBadSeq: { 'zh-CN': '首个异常事件', en: 'First bad event' },
  fromSeq: { 'zh-CN': '起始序号', en: 'From event' },
  toSeq: { 'zh-CN': '结束序号', en: 'To event' },
  repeatedAction: { 'zh-CN': '重复的操作', en: 'Repeated action' },
  count: { 'zh-CN': '次数', en: 'Times' },
  firstSeq: { 'zh-CN': '首次的事件序号', en: 'First event' },
  firstAt: { 'zh-CN': '首次时间', en: 'First at' },
  lastAt: { 'zh-CN': '最后一次时间', en: 'Last at' },
  name: { 'zh-CN': '名称', en: 'Name' },
  ids: { 'zh-CN': '记录编号', en: 'Record ids' },
  canWrite: { 'zh-CN': '可录入', en: 'May enter records' },
  permission: { 'zh-CN': '权限', en: 'Permission' },
  line: { 'zh-CN': 'vault.pending 中的行号', en: 'Line of vault.pending' },
  why: { 'zh-CN': '拒收原因', en: 'Refused because' },
  // Inside a filter:
  clientId: { 'zh-CN': '客户编号', en: 'Client id' },
  action: { 'zh-CN': '操作', en: 'Action' },
  actor: { 'zh-CN': '操作人', en: 'Actor' },
  outcome: { 'zh-CN': '结果', en: 'Outcome' },
  since: { 'zh-CN': '开始', en: 'From' },
  until: { 'zh-CN': '结束', en: 'Until' },
  limit: { 'zh-CN': '最多条数', en: 'Limit' },
  offset: { 'zh-CN': '跳过条数', en: 'Offset' },
  order: { 'zh-CN': '排序', en: 'Order' },
  sort: { 'zh-CN': '排序字段', en: 'Sort by' },
  text: { 'zh-CN': '搜索词', en: 'Search text' },
  from: { 'zh-CN': '开始日期', en: 'From date' },
  to: { 'zh-CN': '结束日期', en: 'To date' },
  direction: { 'zh-CN': '收支', en: 'Direction' },
  status: { 'zh-CN': '状态', en: 'Status' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  minAmount: { 'zh-CN': '最小金额', en: 'Min amount' },
  maxAmount: { 'zh-CN': '最大金额', en: 'Max amount' },
  accountId: { 'zh-CN': '支付账户编号', en: 'Account id' },
};

/** Where a key means something particular for one action. */
const BY_ACTION: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  'records.reveal': { rows: { 'zh-CN': '查看的记录数', en: 'Records shown' } },
  'records.export': { rows: { 'zh-CN': '导出的记录数', en: 'Records exported' } },
  'audit.export': { rows: { 'zh-CN': '导出的事件数', en: 'Events exported' } },
  'records.list': { rows: { 'zh-CN': '本页条数', en: 'Rows on the page' } },
  'records.search': { rows: { 'zh-CN': '本页条数', en: 'Rows on the page' } },
  'audit.view': { rows: { 'zh-CN': '显示的事件数', en: 'Events shown' } },
};

/** Field names a detail may carry as its value (the field a reveal showed). */
const FIELD_NAMES: Readonly<Record<string, Label>> = {
  counterpartyAccount: { 'zh-CN': '对方账号', en: 'Counterparty account' },
};

/** Why a line of vault.pending was refused (audit.pending_tampered; core/vault/pending-events.ts). */
const PENDING_REFUSALS: Readonly<Record<string, Label>> = {
  'not-a-sign-in-event': {
    'zh-CN': '锁定期间不可能发生此操作（只接受登录失败和账户锁定）',
    en: 'Not something that happens while the vault is locked (only failed sign-ins and lockouts do)',
  },
  'in-the-future': { 'zh-CN': '记录时间晚于现在', en: 'Dated in the future' },
  'before-the-line-above': { 'zh-CN': '记录时间早于上一行', en: 'Dated before the line above it' },
  'lines-missing-from-file': {
    'zh-CN': '锁定期间的记录文件丢失了若干行，已从钥匙串中的副本补回',
    en: 'Lines were missing from the file of events recorded while locked; restored from the keychain’s copy',
  },
};

export function detailLabel(action: string, key: string, locale: Locale): string | null {
  return (BY_ACTION[action]?.[key] ?? KEYS[key])?.[locale] ?? null;
}

export interface DetailField {
  key: string;
  /** The label, or null for a key without one (then shown as "key: value"). */
  label: string | null;
  value: string;
}

const YES_NO: Record<Locale, [string, string]> = { 'zh-CN': ['是', '否'], en: ['yes', 'no'] };

/** Keys whose value is an action code, shown by its name with the code beside it. */
const ACTION_KEYS = new Set(['action', 'repeatedAction']);

/** A value as one line of text: objects (a filter) as "label: value" pairs, in the same table. */
function text(action: string, value: unknown, locale: Locale, name?: (code: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return YES_NO[locale][value ? 0 : 1];
  if (Array.isArray(value)) return value.map((v) => text(action, v, locale, name)).join(locale === 'en' ? ', ' : '、');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (parts.length === 0) return locale === 'en' ? '(none)' : '（无）';
    const sep = locale === 'en' ? ': ' : '：';
    return parts
      .map(
        ([k, v]) =>
          `${detailLabel(action, k, locale) ?? k}${sep}${actionText(k, v, name) ?? text(action, v, locale, name)}`,
      )
      .join('；');
  }
  return String(value);
}

/** An action code under an action key, by its name: 查看支付记录（records.list）. */
function actionText(key: string, v: unknown, name?: (code: string) => string): string | null {
  if (!name || !ACTION_KEYS.has(key) || typeof v !== 'string') return null;
  const label = name(v);
  return label === v ? v : `${label}（${v}）`;
}

/** The details of one event as fields, in the order they were recorded. */
export function detailFields(
  action: string,
  details: Record<string, unknown>,
  locale: Locale,
  /** Names an action code in the user's language (the viewer's action names). */
  actionName?: (code: string) => string,
): DetailField[] {
  return Object.entries(details).map(([key, value]) => ({
    key,
    label: detailLabel(action, key, locale),
    value:
      actionText(key, value, actionName) ??
      (key === 'field' && typeof value === 'string' ? FIELD_NAMES[value]?.[locale] : undefined) ??
      (key === 'why' && typeof value === 'string' ? PENDING_REFUSALS[value]?.[locale] : undefined) ??
      text(action, value, locale, actionName),
  }));
}
