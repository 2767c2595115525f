/** Incidents' messages (issue 17, Build 3), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const INCIDENTS_MESSAGES = {
  'incidents.notFound': {
    'zh-CN': '找不到事件 {id}。',
    en: 'Incident {id} was not found.',
  },
  'incidents.badFoundAt': {
    'zh-CN': '发现时间“{value}”无效；请使用 2026-12-01 09:30 这样的格式。',
    en: 'The time found "{value}" is not valid; use a form like 2026-12-01 09:30.',
  },
  'incidents.foundInFuture': {
    'zh-CN': '发现时间不能晚于现在。',
    en: 'The time found cannot be in the future.',
  },
  'incidents.closed': {
    'zh-CN': '事件 {id} 已结案，不能再修改。',
    en: 'Incident {id} is closed and can no longer be changed.',
  },
  'incidents.notStaff': {
    'zh-CN': '“{username}”不是在职员工。',
    en: '"{username}" is not an active staff member.',
  },
  'incidents.accountNotOfClient': {
    'zh-CN': '账户 {accountId} 不属于客户 {clientId}。',
    en: 'Account {accountId} does not belong to client {clientId}.',
  },
  'incidents.rangeReversed': {
    'zh-CN': '日期范围的开始（{from}）晚于结束（{to}）。',
    en: 'The date range starts ({from}) after it ends ({to}).',
  },
  'incidents.clientNotified': {
    'zh-CN': '客户 {clientId} 已被通知，其受影响数据和通知函不能再更改。',
    en: 'Client {clientId} has been notified; what it was told can no longer change.',
  },
  'incidents.clientNotAffected': {
    'zh-CN': '客户 {clientId} 不在此事件的受影响客户中。',
    en: 'Client {clientId} is not among the clients this incident affects.',
  },
  'incidents.noClients': {
    'zh-CN': '此事件还没有受影响的客户，无需生成通知函。',
    en: 'This incident affects no client yet: there is no letter to write.',
  },
  'incidents.noLetter': {
    'zh-CN': '请先为客户 {clientId} 生成通知函，再标记为已通知。',
    en: 'Write the letter to client {clientId} before marking it notified.',
  },
  'incidents.alreadyNotified': {
    'zh-CN': '客户 {clientId} 已于 {at} 被通知。',
    en: 'Client {clientId} was already notified at {at}.',
  },
  'incidents.notNotified': {
    'zh-CN': '还有 {count} 个受影响的客户未被通知（{clients}）；通知全部客户后才能结案。',
    en: '{count} affected clients are not notified yet ({clients}); notify every client before closing.',
  },
  'incidents.lessonsMissing': {
    'zh-CN': '结案前请先填写经验教训。',
    en: 'Record the lessons learned before closing.',
  },
  'incidents.templateMissing': {
    'zh-CN': '通知函模板必须包含 {placeholder}。',
    en: 'The letter template must contain {placeholder}.',
  },
} as const;
