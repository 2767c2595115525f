/** Partners' messages (issue 17, Build 6), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const PARTNER_MESSAGES = {
  'partners.notFound': {
    'zh-CN': '找不到合作方 {id}。',
    en: 'Partner {id} was not found.',
  },
  'partners.duplicate': {
    'zh-CN': '已有名为“{name}”的合作方。',
    en: 'There is already a partner named "{name}".',
  },
  'partners.ended': {
    'zh-CN': '合作方“{name}”已终止合作；如需评估请先恢复为合作中。',
    en: 'The partner "{name}" has ended; make it active again to assess it.',
  },
  'partners.dateInFuture': {
    'zh-CN': '日期不能晚于今天（{today}）。',
    en: 'The date cannot be after today ({today}).',
  },
  'partners.answersIncomplete': {
    'zh-CN': '问卷须逐题回答（是、否或不适用），缺少第 {number} 题。',
    en: 'Every question must be answered (yes, no or n.a.); question {number} is missing.',
  },
  'partners.answerTwice': {
    'zh-CN': '第 {number} 题回答了两次。',
    en: 'Question {number} was answered twice.',
  },
  'partners.noFile': {
    'zh-CN': '合作方“{name}”没有保存协议文件。',
    en: 'No agreement file is kept for the partner "{name}".',
  },
  'partners.commentForNo': {
    'zh-CN': '回答“否”的第 {number} 题须说明情况与整改要求。',
    en: 'Question {number} was answered "no": say what is missing and what was asked for.',
  },
} as const;
