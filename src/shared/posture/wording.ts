/**
 * How each posture fact reads, in zh-CN and English, for the posture screen, the home card and
 * the CLI alike: a title, the value in a few words, and why it has its colour. Placeholders
 * `{name}` are filled from the fact's params.
 */
import type { Locale } from '../errors';
import { formatShanghai } from '../time';
import type { PostureFact, PostureFactId, PostureStatus } from './contract';
import { DUE_SOON_DAYS } from '../people/rules';
import { RENEWAL_SOON_DAYS } from '../agreements/rules';
import {
  AUDIT_VERIFY_AMBER_DAYS,
  FINDING_DUE_SOON_DAYS,
  IDLE_GREEN_MINUTES,
  INTERNAL_AUDIT_MONTHS,
  INCIDENT_NOTIFY_HOURS,
  LOCKOUT_MINUTES_GREEN,
  PASSWORD_HISTORY_GREEN,
  REVIEW_RED_DAYS,
} from './rules';

type Pair = { 'zh-CN': string; en: string };

export const STATUS_WORDS: Record<PostureStatus, Pair> = {
  green: { 'zh-CN': '良好', en: 'Good' },
  amber: { 'zh-CN': '需关注', en: 'Attention' },
  red: { 'zh-CN': '需处理', en: 'Action needed' },
  unknown: { 'zh-CN': '未知', en: 'Unknown' },
};

export const FACT_TITLES: Record<PostureFactId, Pair> = {
  mfa: { 'zh-CN': '双重验证覆盖', en: 'Two-step verification coverage' },
  password: { 'zh-CN': '密码与锁定策略', en: 'Password and lockout policy' },
  idle: { 'zh-CN': '闲置自动锁定', en: 'Idle lock' },
  reviewAge: { 'zh-CN': '授权上次复核', en: 'Grants last reviewed' },
  reviewRound: { 'zh-CN': '进行中的权限复核', en: 'Access review in progress' },
  backup: { 'zh-CN': '最近一次已验证备份', en: 'Last verified backup' },
  audit: { 'zh-CN': '审计日志链与最新封印', en: 'Audit chain and newest seal' },
  keychain: { 'zh-CN': '系统钥匙串锚点', en: 'Keychain anchor' },
  signins: { 'zh-CN': '异常登录与锁定（30 天）', en: 'Abnormal sign-ins and lockouts (30 days)' },
  disclosures: { 'zh-CN': '显示完整账号与导出（30 天）', en: 'Reveals and exports (30 days)' },
  update: { 'zh-CN': '已安装版本', en: 'Installed version' },
  people: { 'zh-CN': '员工培训与保密承诺', en: 'Staff training and confidentiality' },
  agreements: { 'zh-CN': '客户数据保护协议', en: 'Client data-protection agreements' },
  partners: { 'zh-CN': '合作方安全评估', en: 'Partner security assessments' },
  incidents: { 'zh-CN': '未结安全事件', en: 'Open incidents' },
  findings: { 'zh-CN': '逾期内审发现', en: 'Audit findings past due' },
};

/** `posture.<id>.<detail>`: why the fact has its colour. */
const DETAILS: Record<string, Pair> = {
  'mfa.ok': { 'zh-CN': '必须使用双重验证的角色均已全部启用。', en: 'Every role that must use it has it.' },
  'mfa.notRequired': {
    'zh-CN': '管理员和经理尚未被要求使用双重验证。',
    en: 'Admins and managers are not all required to use it.',
  },
  'mfa.missing': {
    'zh-CN': '有 {missing} 名必须使用双重验证的员工尚未启用。',
    en: '{missing} staff whose role requires it have not enrolled.',
  },
  'password.ok': {
    'zh-CN': `符合 PCI DSS：最近 ${PASSWORD_HISTORY_GREEN} 个密码不可重复使用，失败 {tries} 次锁定 {minutes} 分钟。`,
    en: `Meets PCI DSS: the last ${PASSWORD_HISTORY_GREEN} passwords cannot be reused; {tries} failures lock for {minutes} minutes.`,
  },
  'password.noHistory': { 'zh-CN': '旧密码可以立即重复使用。', en: 'Old passwords may be reused at once.' },
  'password.shortHistory': {
    'zh-CN': `只禁止重复使用最近 {history} 个密码（建议 ${PASSWORD_HISTORY_GREEN} 个）。`,
    en: `Only the last {history} passwords are refused (${PASSWORD_HISTORY_GREEN} recommended).`,
  },
  'password.manyTries': { 'zh-CN': '允许失败次数过多。', en: 'Too many failed tries are allowed.' },
  'password.shortLockout': {
    'zh-CN': `锁定仅 {minutes} 分钟（建议至少 ${LOCKOUT_MINUTES_GREEN} 分钟）。`,
    en: `Accounts lock for only {minutes} minutes (at least ${LOCKOUT_MINUTES_GREEN} recommended).`,
  },
  'idle.ok': { 'zh-CN': '闲置 {minutes} 分钟后自动锁定。', en: 'Locks after {minutes} idle minutes.' },
  'idle.long': {
    'zh-CN': `闲置 {minutes} 分钟才锁定（建议不超过 ${IDLE_GREEN_MINUTES} 分钟）。`,
    en: `Locks only after {minutes} idle minutes (${IDLE_GREEN_MINUTES} or fewer recommended).`,
  },
  'idle.tooLong': {
    'zh-CN': '闲置 {minutes} 分钟才锁定，离开的电脑长时间无人看管。',
    en: 'Locks only after {minutes} idle minutes: an unattended computer stays open long.',
  },
  'reviewAge.never': {
    'zh-CN': '从未完成过权限复核。每 6 个月应复核一次所有客户授权。',
    en: 'No access review was ever completed. Every grant should be reviewed every 6 months.',
  },
  'reviewAge.old': {
    'zh-CN': `上次复核已是 {days} 天前（超过 ${REVIEW_RED_DAYS} 天）。`,
    en: `The last review was {days} days ago (over ${REVIEW_RED_DAYS}).`,
  },
  'reviewAge.dueSoon': {
    'zh-CN': '上次复核是 {days} 天前，下一次复核即将到期。',
    en: 'The last review was {days} days ago; the next one is due soon.',
  },
  'reviewAge.ok': { 'zh-CN': '上次复核于 {days} 天前完成。', en: 'The last review was completed {days} days ago.' },
  'reviewRound.none': { 'zh-CN': '没有进行中的复核。', en: 'No review round is open.' },
  'reviewRound.open': { 'zh-CN': '复核进行中，截止 {dueDate}。', en: 'A round is open, due {dueDate}.' },
  'reviewRound.dueSoon': { 'zh-CN': '复核将于 {dueDate} 到期。', en: 'The open round is due {dueDate}.' },
  'reviewRound.overdue': {
    'zh-CN': '复核已于 {dueDate} 逾期，仍有授权未确认或撤销。',
    en: 'The round was due {dueDate} and still has undecided grants.',
  },
  'backup.ok': { 'zh-CN': '{days} 天前已验证。', en: 'Verified {days} days ago.' },
  'backup.amber': {
    'zh-CN': '已 {days} 天（超过 {amberDays} 天）没有新的已验证备份。',
    en: 'No verified backup for {days} days (over {amberDays}).',
  },
  'backup.red': {
    'zh-CN': '已 {days} 天（超过 {redDays} 天）没有新的已验证备份。',
    en: 'No verified backup for {days} days (over {redDays}).',
  },
  'backup.none': { 'zh-CN': '从未做过已验证的备份。', en: 'There has never been a verified backup.' },
  'audit.ok': {
    'zh-CN': '上次完整校验（{verifiedAt}）通过；最新封印 #{sealId}（{sealedAt}）。',
    en: 'The last full verification ({verifiedAt}) passed; newest seal #{sealId} ({sealedAt}).',
  },
  'audit.neverVerified': {
    'zh-CN': '审计日志从未完整校验过；最新封印 #{sealId}（{sealedAt}）。',
    en: 'The audit log was never verified in full; newest seal #{sealId} ({sealedAt}).',
  },
  'audit.stale': {
    'zh-CN': `上次完整校验是 {verifiedAt}，已超过 ${AUDIT_VERIFY_AMBER_DAYS} 天。`,
    en: `The last full verification was {verifiedAt}, over ${AUDIT_VERIFY_AMBER_DAYS} days ago.`,
  },
  'audit.failed': {
    'zh-CN': '上次完整校验（{verifiedAt}）发现审计日志被改动。',
    en: 'The last full verification ({verifiedAt}) found the audit log changed.',
  },
  'audit.alarm': {
    'zh-CN': '解锁时发现保险库与密钥文件或钥匙串不一致：只读，需调查。',
    en: 'Unlock found the vault behind its keys file or the keychain: read-only until investigated.',
  },
  'keychain.ok': { 'zh-CN': '钥匙串保存着最新封印。', en: 'The keychain holds the newest seal.' },
  'keychain.behind': {
    'zh-CN': '钥匙串中的封印比保险库旧；下一次封印会重写它。',
    en: 'The keychain holds an older seal than the vault; the next seal rewrites it.',
  },
  'keychain.missing': {
    'zh-CN': '钥匙串中没有审计锚点；锁定并重新登录会写入它。',
    en: 'The keychain holds no audit anchor; locking and signing in again writes it.',
  },
  'keychain.unreadable': {
    'zh-CN': '钥匙串中的审计锚点无法读取（被改动过）。',
    en: 'The audit anchor in the keychain is not readable (it was edited).',
  },
  'keychain.failed': {
    'zh-CN': '写入钥匙串失败；请检查系统钥匙串是否可用。',
    en: 'Writing to the keychain failed; check that the system keychain works.',
  },
  'keychain.notMirrored': {
    'zh-CN': '此会话不写入系统钥匙串。',
    en: 'This session does not mirror to the system keychain.',
  },
  'signins.none': { 'zh-CN': '没有异常登录或锁定。', en: 'No abnormal sign-in or lockout.' },
  'signins.some': {
    'zh-CN': '{alerts} 次异常登录提醒，{lockouts} 次账户锁定；请在审计日志中查看。',
    en: '{alerts} sign-in alerts and {lockouts} lockouts; see the audit log.',
  },
  'signins.many': {
    'zh-CN': '{lockouts} 次锁定、{bursts} 次连续失败：可能有人在猜密码。',
    en: '{lockouts} lockouts and {bursts} failure bursts: someone may be guessing passwords.',
  },
  'disclosures.ok': {
    'zh-CN': '{reveals} 次显示完整账号，{exports} 次导出，均有记录。',
    en: '{reveals} reveals and {exports} exports, each recorded.',
  },
  'disclosures.denied': {
    'zh-CN': '{denied} 次显示完整账号或导出被拒绝：有人尝试超出权限。',
    en: '{denied} reveals or exports were refused: someone tried beyond their rights.',
  },
  'update.ok': { 'zh-CN': '正在运行已验证的最新版本 {installed}。', en: 'Running {installed}, the newest verified.' },
  'update.behind': {
    'zh-CN': '已验证的新版本 {newest} 尚未安装（当前 {installed}）。',
    en: 'Verified release {newest} is not installed (running {installed}).',
  },
  'update.noneSeen': {
    'zh-CN': '尚未检查过已签名的更新，无法判断是否为最新版本。',
    en: 'No signed update was checked yet, so whether this is the newest is unknown.',
  },
  'partners.none': {
    'zh-CN': '尚未登记接触客户数据的合作方（银行、报税软件、IT 服务商等）。',
    en: 'No partner that touches client data (banks, tax-filing software, IT support) is recorded.',
  },
  'partners.overdue': {
    'zh-CN': '{overdue} 个合作方的安全评估已逾期或从未评估：{names}。',
    en: '{overdue} partners are overdue for a security assessment or never had one: {names}.',
  },
  'partners.failed': {
    'zh-CN': '{failed} 个合作方最近一次安全评估未通过：{names}。',
    en: '{failed} partners failed their latest security assessment: {names}.',
  },
  'partners.dueSoon': {
    'zh-CN': '{dueSoon} 个合作方的安全评估将在 30 天内到期：{names}。',
    en: '{dueSoon} partners are due for a security assessment within 30 days: {names}.',
  },
  'partners.ok': {
    'zh-CN': '{active} 个合作方均已按期评估，最近到期 {nextDue}。',
    en: 'All {active} partners are assessed on time; the next is due {nextDue}.',
  },
  'findings.overdue': {
    'zh-CN': '{overdue} 项内审发现已过整改期限（最早 {oldestDue}），仍未关闭。',
    en: '{overdue} internal audit findings are past their due day (the earliest {oldestDue}) and still open.',
  },
  'findings.dueSoon': {
    'zh-CN': `{dueSoon} 项内审发现将在 ${FINDING_DUE_SOON_DAYS} 天内到期（最早 {nextDue}）。`,
    en: `{dueSoon} internal audit findings are due within ${FINDING_DUE_SOON_DAYS} days (the first {nextDue}).`,
  },
  'findings.neverHeld': {
    'zh-CN': `尚未记录任何已实施的内部审计；每 ${INTERNAL_AUDIT_MONTHS} 个月至少应实施一次。`,
    en: `No internal audit has been recorded as held; one is due at least every ${INTERNAL_AUDIT_MONTHS} months.`,
  },
  'findings.noRecentAudit': {
    'zh-CN': `上次内部审计实施于 {lastHeldOn}，已超过 ${INTERNAL_AUDIT_MONTHS} 个月。`,
    en: `The last internal audit was held on {lastHeldOn}, over ${INTERNAL_AUDIT_MONTHS} months ago.`,
  },
  'findings.ok': {
    'zh-CN': '没有逾期的内审发现（未关闭 {open} 项）；上次内部审计 {lastHeldOn}。',
    en: 'No audit finding is past due ({open} open); the last internal audit was held on {lastHeldOn}.',
  },
  'incidents.none': { 'zh-CN': '没有未结的安全事件（演练不计）。', en: 'No open incident (drills do not count).' },
  'incidents.open': {
    'zh-CN': '{open} 起安全事件尚未结案（最早发现于 {oldestFoundAt}）。',
    en: '{open} incidents are open (the first found {oldestFoundAt}).',
  },
  'incidents.overdue': {
    'zh-CN': `{overdue} 个受高危事件影响的客户在发现后 ${INCIDENT_NOTIFY_HOURS} 小时内仍未被通知（个人信息保护法第五十七条要求及时通知）。`,
    en: `{overdue} clients affected by a high or critical incident were not notified within ${INCIDENT_NOTIFY_HOURS} hours of its finding (PIPL art. 57: promptly).`,
  },
  'people.ok': {
    'zh-CN': '{staff} 名员工的年度培训和保密承诺均在有效期内。',
    en: 'All {staff} staff are trained and have signed, within the year.',
  },
  'people.dueSoon': {
    'zh-CN': `{amber} 名员工的年度培训或保密承诺将在 ${DUE_SOON_DAYS} 天内到期。`,
    en: `{amber} staff are due for training or re-acknowledgement within ${DUE_SOON_DAYS} days.`,
  },
  'people.missing': {
    'zh-CN': '{red} 名员工缺少有效的年度培训、保密协议或行为守则确认（逾期或从未记录）。',
    en: '{red} staff lack current training, a confidentiality agreement or a code-of-conduct acknowledgement.',
  },
  'agreements.ok': {
    'zh-CN': '{clients} 个在服务客户均有有效的数据保护协议。',
    en: 'All {clients} active clients have a current data-protection agreement.',
  },
  'agreements.renewSoon': {
    'zh-CN': `{amber} 个客户的数据保护协议将在 ${RENEWAL_SOON_DAYS} 天内到期续签。`,
    en: `{amber} clients' data-protection agreements are due for renewal within ${RENEWAL_SOON_DAYS} days.`,
  },
  'agreements.missing': {
    'zh-CN': '{red} 个在服务客户没有有效的数据保护协议（未签署或已过续签日期）。',
    en: '{red} active clients have no current data-protection agreement (none, or past its renewal date).',
  },
  notSetUp: {
    'zh-CN': '尚未设置：此登记功能将在后续版本中提供。',
    en: 'Not set up yet: this register comes in a later version.',
  },
};

function fill(text: string, params: PostureFact['params'], locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (value === null) return locale === 'en' ? 'never' : '无';
    // ISO times in Beijing time, to the minute.
    return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? formatShanghai(value) : String(value);
  });
}

/** The fact's figure in a few words. */
function valueOf(f: PostureFact, locale: Locale): string {
  const p = f.params;
  const zh = locale === 'zh-CN';
  switch (f.id) {
    case 'mfa':
      return zh
        ? `管理员 ${p.admin} · 经理 ${p.manager} · 会计 ${p.accountant} · 审计员 ${p.auditor}`
        : `admins ${p.admin} · managers ${p.manager} · accountants ${p.accountant} · auditors ${p.auditor}`;
    case 'password':
      return zh
        ? `历史 ${p.history} · ${p.tries} 次 / ${p.minutes} 分钟`
        : `history ${p.history} · ${p.tries} tries / ${p.minutes} min`;
    case 'idle':
      return zh ? `${p.minutes} 分钟` : `${p.minutes} min`;
    case 'reviewAge':
      return p.closedAt ? formatShanghai(String(p.closedAt)) : zh ? '从未' : 'never';
    case 'reviewRound':
      return p.dueDate ? (zh ? `截止 ${p.dueDate}` : `due ${p.dueDate}`) : '—';
    case 'backup':
      return p.verifiedAt ? (zh ? `${p.days} 天前` : `${p.days} days ago`) : zh ? '无' : 'none';
    case 'audit':
      return p.verifiedAt ? formatShanghai(String(p.verifiedAt)) : zh ? '从未完整校验' : 'never verified';
    case 'keychain':
      return p.sealId === null ? '—' : `#${p.sealId}`;
    case 'signins':
      return zh ? `提醒 ${p.alerts} · 锁定 ${p.lockouts}` : `alerts ${p.alerts} · lockouts ${p.lockouts}`;
    case 'disclosures':
      return zh
        ? `显示 ${p.reveals} · 导出 ${p.exports} · 拒绝 ${p.denied}`
        : `reveals ${p.reveals} · exports ${p.exports} · refused ${p.denied}`;
    case 'update':
      return p.newest ? `${p.installed} / ${p.newest}` : String(p.installed);
    case 'incidents':
      return zh ? `未结 ${p.open} · 逾期未通知 ${p.overdue}` : `open ${p.open} · overdue ${p.overdue}`;
    case 'partners':
      return zh ? `合作中 ${p.active} · 逾期 ${p.overdue}` : `active ${p.active} · overdue ${p.overdue}`;
    case 'findings':
      return zh ? `未关闭 ${p.open} · 逾期 ${p.overdue}` : `open ${p.open} · overdue ${p.overdue}`;
    case 'people':
      return zh
        ? `员工 ${p.staff} · 缺失 ${p.red} · 将到期 ${p.amber}`
        : `staff ${p.staff} · missing ${p.red} · due ${p.amber}`;
    case 'agreements':
      return zh
        ? `客户 ${p.clients} · 缺失 ${p.red} · 将到期 ${p.amber}`
        : `clients ${p.clients} · missing ${p.red} · due ${p.amber}`;
    default:
      return '—';
  }
}

export interface FactWords {
  title: string;
  status: string;
  value: string;
  detail: string;
}

export function describeFact(f: PostureFact, locale: Locale): FactWords {
  const detail = DETAILS[f.detail === 'notSetUp' ? 'notSetUp' : `${f.id}.${f.detail}`];
  return {
    title: FACT_TITLES[f.id][locale],
    status: STATUS_WORDS[f.status][locale],
    value: valueOf(f, locale),
    detail: detail ? fill(detail[locale], f.params, locale) : f.detail,
  };
}
