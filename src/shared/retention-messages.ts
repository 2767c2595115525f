/** Record retention's messages (issue 17, Build 9), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const RETENTION_MESSAGES = {
  'retention.yearsRange': {
    'zh-CN': '保管期限须为 1 到 {max} 年的整数。',
    en: 'A retention period is a whole number of years from 1 to {max}.',
  },
  'retention.belowMinimum': {
    'zh-CN': '保管期限不能短于法定最低期限 {min} 年（《会计档案管理办法》第十五条）。',
    en: 'A retention period cannot be shorter than the legal minimum of {min} years (会计档案管理办法, art. 15).',
  },
  'retention.clientNotFound': {
    'zh-CN': '找不到客户 {id}。',
    en: 'Client {id} was not found.',
  },
  'retention.accountNotFound': {
    'zh-CN': '找不到支付账户 {id}。',
    en: 'Payment account {id} was not found.',
  },
  'retention.held': {
    'zh-CN': '该客户处于法律保全中（{since} 起：{reason}）；解除保全前不能申请或批准销毁。',
    en: 'This client is under a legal hold (since {since}: {reason}); nothing can be requested for purging or purged until it is released.',
  },
  'retention.notYet': {
    'zh-CN': '该客户已删除的记录仍在法定保管期内，最早于 {date} 起可以销毁（保管期限从会计年度终了后的第一天算起）。',
    en: "This client's deleted records are still within their retention period; the earliest can be purged from {date} (a period counts from the day after the end of the accounting year).",
  },
  'retention.nothingDeleted': {
    'zh-CN': '该客户没有已删除的记录，没有可以销毁的内容。',
    en: 'This client has no deleted records; there is nothing to purge.',
  },
  'retention.requestPending': {
    'zh-CN': '该客户已有一项待批准的销毁申请（编号 {id}）；请先批准或拒绝它。',
    en: 'A purge request for this client (number {id}) is already waiting; approve or refuse it first.',
  },
  'retention.requestNotFound': {
    'zh-CN': '找不到销毁申请 {id}。',
    en: 'Purge request {id} was not found.',
  },
  'retention.requestDecided': {
    'zh-CN': '此销毁申请已处理，不能再次决定。',
    en: 'This purge request has already been decided.',
  },
  'retention.samePerson': {
    'zh-CN': '销毁须由另一位管理员或经理批准：申请人不能批准自己的申请。',
    en: 'A purge must be approved by another admin or manager: the person who requested it cannot approve it.',
  },
  'retention.changed': {
    'zh-CN': '申请之后这些记录已有变化（已恢复或已不存在）；请拒绝此申请后重新申请。',
    en: 'These records have changed since the request (restored or gone); refuse this request and request again.',
  },
  'retention.alreadyHeld': {
    'zh-CN': '该客户已处于法律保全中。',
    en: 'This client is already under a legal hold.',
  },
  'retention.holdNotFound': {
    'zh-CN': '找不到法律保全 {id}，或已解除。',
    en: 'Legal hold {id} was not found, or it has been released.',
  },
} as const;
