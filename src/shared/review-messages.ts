/** Access reviews' messages (issue 17, Build 2), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const REVIEW_MESSAGES = {
  'review.dueInPast': {
    'zh-CN': '截止日期不能早于今天（{today}）。',
    en: 'The due date cannot be before today ({today}).',
  },
  'review.roundOpen': {
    'zh-CN': '已有一轮权限复核（截止 {dueDate}）尚未完成；请先完成它。',
    en: 'An access review round (due {dueDate}) is still open; finish it first.',
  },
  'review.noGrants': {
    'zh-CN': '目前没有任何客户授权，无需复核。',
    en: 'There are no client grants to review.',
  },
  'review.notFound': {
    'zh-CN': '找不到复核项 {id}。',
    en: 'Review item {id} was not found.',
  },
  'review.decided': {
    'zh-CN': '此复核项已处理，不能再次决定。',
    en: 'This review item has already been decided.',
  },
  'review.notAssigned': {
    'zh-CN': '此复核项未分配给您；请由被指派的经理或管理员处理。',
    en: 'This review item is not assigned to you; the assigned manager or an admin decides it.',
  },
  'review.reviewerNotManager': {
    'zh-CN': '复核人“{username}”不是在职的经理。',
    en: 'The reviewer "{username}" is not an active manager.',
  },
} as const;
