/** Risks' messages (issue 17, Build 7), in both languages; joined into INPUT_MESSAGES (messages.ts). */
export const RISK_MESSAGES = {
  'risks.notFound': {
    'zh-CN': '找不到风险 {id}。',
    en: 'Risk {id} was not found.',
  },
  'risks.ownerNotActive': {
    'zh-CN': '负责人“{username}”不是在职员工。',
    en: 'The owner "{username}" is not an active staff member.',
  },
  'risks.starterUnknown': {
    'zh-CN': '没有名为“{key}”的建议风险。',
    en: 'There is no suggested risk "{key}".',
  },
  'risks.starterAdded': {
    'zh-CN': '建议风险“{title}”已在登记册中。',
    en: 'The suggested risk "{title}" is already in the register.',
  },
} as const;
