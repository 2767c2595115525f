/**
 * The partner security questionnaire (issue 17, Build 6; seed 八, 十四, 二十): a fixed list of
 * questions, each answered yes, no or n.a. with a comment. The ids are stored with the answers
 * (partner_assessments.answers), so an id is never reused for another question. `critical`: a
 * "no" there means the partner should not hold client data as things are (the suggested result
 * is fail); a "no" elsewhere is a condition to follow up (conditional).
 */
export const PARTNER_QUESTION_IDS = [
  'confidentiality',
  'needToKnow',
  'encryptionInTransit',
  'encryptionAtRest',
  'incidentNotice',
  'subProcessors',
  'returnOrDelete',
  'backgroundChecks',
  'certification',
  'dataInChina',
] as const;
export type PartnerQuestionId = (typeof PARTNER_QUESTION_IDS)[number];

export interface PartnerQuestion {
  id: PartnerQuestionId;
  critical: boolean;
  'zh-CN': string;
  en: string;
}

export const PARTNER_QUESTIONS: readonly PartnerQuestion[] = [
  {
    id: 'confidentiality',
    critical: true,
    'zh-CN': '已签订保密条款或数据处理协议',
    en: 'A confidentiality clause or data-processing agreement is signed',
  },
  {
    id: 'needToKnow',
    critical: true,
    'zh-CN': '对客户数据的访问仅限于提供服务所必需',
    en: 'Access to client data is limited to what the service needs',
  },
  {
    id: 'encryptionInTransit',
    critical: true,
    'zh-CN': '数据传输加密（如 HTTPS/TLS、专线）',
    en: 'Data is encrypted in transit (HTTPS/TLS, a private line)',
  },
  {
    id: 'encryptionAtRest',
    critical: false,
    'zh-CN': '数据存储加密',
    en: 'Data is encrypted at rest',
  },
  {
    id: 'incidentNotice',
    critical: true,
    'zh-CN': '发生安全事件时负有及时通知本所的义务',
    en: 'It must notify the office promptly of a security incident',
  },
  {
    id: 'subProcessors',
    critical: false,
    'zh-CN': '已披露分包方（转委托的数据处理方）',
    en: 'Its sub-processors are disclosed',
  },
  {
    id: 'returnOrDelete',
    critical: false,
    'zh-CN': '合作结束时返还或删除数据',
    en: 'Data is returned or deleted when the engagement ends',
  },
  {
    id: 'backgroundChecks',
    critical: false,
    'zh-CN': '接触数据的人员经过背景审查',
    en: 'Its staff with access to the data are background-checked',
  },
  {
    id: 'certification',
    critical: false,
    'zh-CN': '具备安全认证（如等保测评、ISO 27001）',
    en: 'It holds a security certification (MLPS/等保 assessment, ISO 27001)',
  },
  {
    id: 'dataInChina',
    critical: false,
    'zh-CN': '数据存储在中国境内（个人信息保护法第三十八条）',
    en: 'The data stays in mainland China (PIPL art. 38)',
  },
];

export const PARTNER_ANSWERS = ['yes', 'no', 'na'] as const;
export type PartnerAnswerValue = (typeof PARTNER_ANSWERS)[number];

export const PARTNER_RESULTS = ['pass', 'conditional', 'fail'] as const;
export type PartnerResult = (typeof PARTNER_RESULTS)[number];

/** The result the answers suggest; the assessor chooses the one recorded. */
export function suggestResult(answers: readonly { question: string; answer: PartnerAnswerValue }[]): PartnerResult {
  const critical = new Set(PARTNER_QUESTIONS.filter((q) => q.critical).map((q) => q.id as string));
  const noes = answers.filter((a) => a.answer === 'no');
  if (noes.some((a) => critical.has(a.question))) return 'fail';
  return noes.length > 0 ? 'conditional' : 'pass';
}
