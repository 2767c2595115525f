/**
 * Labels for the detail keys the compliance registers write (issue 17: access reviews, incidents,
 * people, agreements, partners, risks, internal audit, retention, kept files, the evidence
 * report), kept apart from detail-labels.ts, which joins them into its table. Keys shared by
 * several registers (`clients`, `title`, `severity`) mean the same thing in each.
 */
import type { Locale } from '../errors';

type Label = Readonly<Record<Locale, string>>;

export const REGISTER_DETAIL_KEYS: Readonly<Record<string, Label>> = {
  // Access reviews
  round: { 'zh-CN': '复核轮次', en: 'Review round' },
  item: { 'zh-CN': '复核项', en: 'Review item' },
  items: { 'zh-CN': '复核项数', en: 'Review items' },
  confirmed: { 'zh-CN': '确认保留', en: 'Confirmed' },
  revoked: { 'zh-CN': '撤销', en: 'Revoked' },
  gone: { 'zh-CN': '已在别处撤销', en: 'Already revoked elsewhere' },
  reviewer: { 'zh-CN': '复核人', en: 'Reviewer' },
  decision: { 'zh-CN': '决定', en: 'Decision' },
  dueDate: { 'zh-CN': '截止日期', en: 'Due date' },
  // Incidents and drills
  id: { 'zh-CN': '编号', en: 'Id' },
  incidents: { 'zh-CN': '事件数', en: 'Incidents' },
  isDrill: { 'zh-CN': '演练', en: 'Drill' },
  severity: { 'zh-CN': '严重程度', en: 'Severity' },
  foundAt: { 'zh-CN': '发现时间', en: 'Found at' },
  step: { 'zh-CN': '处置记录', en: 'Step' },
  steps: { 'zh-CN': '处置记录数', en: 'Steps' },
  clients: { 'zh-CN': '客户数', en: 'Clients' },
  recordCount: { 'zh-CN': '涉及记录数', en: 'Records affected' },
  unnotified: { 'zh-CN': '尚未通知的客户数', en: 'Clients not yet notified' },
  hoursAfterFound: { 'zh-CN': '发现后小时数', en: 'Hours after it was found' },
  locale: { 'zh-CN': '语言', en: 'Language' },
  length: { 'zh-CN': '长度（字符）', en: 'Length (characters)' },
  changed: { 'zh-CN': '改动的字段', en: 'Fields changed' },
  // People and training
  staff: { 'zh-CN': '员工', en: 'Staff member' },
  acknowledgement: { 'zh-CN': '确认书', en: 'Acknowledgement' },
  signedOn: { 'zh-CN': '签署日期', en: 'Signed on' },
  fileId: { 'zh-CN': '保管文件编号', en: 'Kept file id' },
  file: { 'zh-CN': '文件', en: 'File' },
  heldOn: { 'zh-CN': '举行日期', en: 'Held on' },
  topic: { 'zh-CN': '主题', en: 'Topic' },
  trainer: { 'zh-CN': '培训人', en: 'Trainer' },
  attendees: { 'zh-CN': '参加人数', en: 'Attendees' },
  attended: { 'zh-CN': '参加人数', en: 'Attended' },
  passed: { 'zh-CN': '考核通过', en: 'Passed' },
  failed: { 'zh-CN': '考核未通过', en: 'Failed' },
  // Client agreements
  agreement: { 'zh-CN': '协议编号', en: 'Agreement' },
  renewalDate: { 'zh-CN': '续签日期', en: 'Renewal date' },
  // Partners
  partners: { 'zh-CN': '合作方数', en: 'Partners' },
  assessment: { 'zh-CN': '评估编号', en: 'Assessment' },
  assessedOn: { 'zh-CN': '评估日期', en: 'Assessed on' },
  assessEveryMonths: { 'zh-CN': '评估间隔（月）', en: 'Assessed every (months)' },
  result: { 'zh-CN': '评估结论', en: 'Result' },
  suggested: { 'zh-CN': '问卷建议的结论', en: 'Result the answers suggest' },
  no: { 'zh-CN': '回答“否”的题数', en: 'Questions answered “no”' },
  // Risks
  risks: { 'zh-CN': '风险数', en: 'Risks' },
  title: { 'zh-CN': '标题', en: 'Title' },
  score: { 'zh-CN': '评分', en: 'Score' },
  level: { 'zh-CN': '等级', en: 'Level' },
  signal: { 'zh-CN': '关联的概况项', en: 'Linked posture fact' },
  starter: { 'zh-CN': '建议风险', en: 'Suggested risk' },
  raised: { 'zh-CN': '已上调', en: 'Raised' },
  // Internal audit
  audits: { 'zh-CN': '审计数', en: 'Audits' },
  audit: { 'zh-CN': '审计编号', en: 'Audit' },
  open: { 'zh-CN': '未关闭的发现', en: 'Open findings' },
  late: { 'zh-CN': '逾期的发现', en: 'Findings past due' },
  plannedOn: { 'zh-CN': '计划日期', en: 'Planned on' },
  auditor: { 'zh-CN': '审计人', en: 'Auditor' },
  conclusion: { 'zh-CN': '结论', en: 'Conclusion' },
  finding: { 'zh-CN': '发现编号', en: 'Finding' },
  owner: { 'zh-CN': '负责人', en: 'Owner' },
  resolution: { 'zh-CN': '整改结果', en: 'Resolution' },
  // Retention
  hold: { 'zh-CN': '法律保全编号', en: 'Legal hold' },
  held: { 'zh-CN': '法律保全中', en: 'Under legal hold' },
  placedAt: { 'zh-CN': '保全时间', en: 'Placed at' },
  kinds: { 'zh-CN': '档案类别', en: 'Record kinds' },
  years: { 'zh-CN': '保管年限', en: 'Years kept' },
  fromYears: { 'zh-CN': '原保管年限', en: 'Years kept before' },
  articleChanged: { 'zh-CN': '依据条文已修改', en: 'Article edited' },
  eligible: { 'zh-CN': '已过保管期限', en: 'Past their period' },
  notYet: { 'zh-CN': '尚在保管期限内', en: 'Still inside their period' },
  request: { 'zh-CN': '销毁申请编号', en: 'Purge request' },
  records: { 'zh-CN': '记录数', en: 'Records' },
  history: { 'zh-CN': '修改历史条数', en: 'History entries' },
  requestedBy: { 'zh-CN': '申请人', en: 'Requested by' },
  approverSetUpBy: {
    'zh-CN': '申请人近 90 天对审批人账户的操作（审批人可能并非独立的第二人）',
    en: "The requester's changes to the approver's account in 90 days (the approver may not be an independent second person)",
  },
  withdrawn: { 'zh-CN': '申请人撤回', en: 'Withdrawn by the requester' },
  pending: { 'zh-CN': '待批准的申请', en: 'Requests waiting' },
  // Kept files and the evidence report
  mime: { 'zh-CN': '文件类型', en: 'File type' },
  size: { 'zh-CN': '大小（字节）', en: 'Size (bytes)' },
  bytes: { 'zh-CN': '大小（字节）', en: 'Size (bytes)' },
  contentHash: { 'zh-CN': '内容哈希', en: 'Content hash' },
  lang: { 'zh-CN': '语言', en: 'Language' },
  sealId: { 'zh-CN': '审计封存编号', en: 'Audit seal' },
  valid: { 'zh-CN': '核验通过', en: 'Valid' },
};
