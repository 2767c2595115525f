/** Internal audit's messages (issue 17, Build 8), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const INTERNAL_AUDIT_MESSAGES = {
  'internalAudit.titleRequired': { 'zh-CN': '请填写标题。', en: 'Enter a title.' },
  'internalAudit.scopeRequired': {
    'zh-CN': '请填写审计范围（审计哪些流程、制度或系统）。',
    en: 'Enter the scope (which processes, policies or systems are audited).',
  },
  'internalAudit.auditorRequired': { 'zh-CN': '请填写审计人。', en: 'Enter the auditor.' },
  'internalAudit.conclusionRequired': {
    'zh-CN': '请填写审计结论。',
    en: 'Enter the conclusion of the audit.',
  },
  'internalAudit.detailRequired': {
    'zh-CN': '请说明发现的问题（看到了什么、违反了哪项要求）。',
    en: 'Describe the finding (what was seen, which requirement it breaks).',
  },
  'internalAudit.resolutionRequired': {
    'zh-CN': '关闭发现前须填写整改结果（做了什么、如何验证）。',
    en: 'Closing a finding needs its resolution (what was done, how it was checked).',
  },
  'internalAudit.notFound': { 'zh-CN': '找不到内部审计 {id}。', en: 'Internal audit {id} was not found.' },
  'internalAudit.findingNotFound': {
    'zh-CN': '找不到审计发现 {id}。',
    en: 'Audit finding {id} was not found.',
  },
  'internalAudit.heldInFuture': {
    'zh-CN': '实施日期不能晚于今天（{today}）。',
    en: 'The day the audit was held cannot be after today ({today}).',
  },
  'internalAudit.notHeld': {
    'zh-CN': '此审计尚未记录实施日期；请先记录实施情况，再登记发现。',
    en: 'This audit has not been recorded as held; record when it was held before its findings.',
  },
  'internalAudit.dueInPast': {
    'zh-CN': '整改期限不能早于今天（{today}）。',
    en: 'The due day cannot be before today ({today}).',
  },
  'internalAudit.dueBeforeHeld': {
    'zh-CN': '整改期限不能早于审计实施日期（{heldOn}）。',
    en: 'The due day cannot be before the day the audit was held ({heldOn}).',
  },
  'internalAudit.ownerNotStaff': {
    'zh-CN': '责任人“{username}”不是在职员工。',
    en: 'The owner "{username}" is not an active staff member.',
  },
  'internalAudit.findingClosed': {
    'zh-CN': '此发现已关闭，不能再次关闭。',
    en: 'This finding is already closed.',
  },
} as const;
