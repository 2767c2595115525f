/**
 * Starter risks a bookkeeping office faces (issue 17, Build 7), each linked to the posture fact
 * that signals it, for a manager to add with one click and then adjust. Ratings are a cautious
 * first guess (likelihood x impact), reviewed in 90 days.
 */
import type { PostureFactId } from '../posture/contract';
import type { RiskTreatment } from './contract';

type Pair = { 'zh-CN': string; en: string };

export interface StarterRisk {
  key: string;
  title: Pair;
  description: Pair;
  plan: Pair;
  likelihood: number;
  impact: number;
  treatment: RiskTreatment;
  signal: PostureFactId;
}

export const STARTER_REVIEW_DAYS = 90;

export const STARTER_RISKS: readonly StarterRisk[] = [
  {
    key: 'dataLoss',
    title: { 'zh-CN': '数据丢失', en: 'Data loss' },
    description: {
      'zh-CN': '电脑损坏、被盗或误删导致客户支付记录无法恢复。',
      en: "A broken or stolen computer, or a mistaken deletion, loses clients' payment records for good.",
    },
    plan: {
      'zh-CN': '每周备份到移动介质并验证；备份介质异地保管。',
      en: 'Back up weekly to removable media and verify it; keep the media off site.',
    },
    likelihood: 2,
    impact: 5,
    treatment: 'mitigate',
    signal: 'backup',
  },
  {
    key: 'unauthorisedAccess',
    title: { 'zh-CN': '未授权访问', en: 'Unauthorised access' },
    description: {
      'zh-CN': '离职或调岗员工仍保留客户授权，查看了不该看的客户数据。',
      en: 'Staff who left or changed jobs keep their client grants and see data they should not.',
    },
    plan: {
      'zh-CN': '每 6 个月复核全部客户授权；离职当天停用账号。',
      en: 'Review every client grant every 6 months; disable accounts on the day staff leave.',
    },
    likelihood: 3,
    impact: 4,
    treatment: 'mitigate',
    signal: 'reviewAge',
  },
  {
    key: 'auditTampering',
    title: { 'zh-CN': '审计日志篡改', en: 'Audit log tampering' },
    description: {
      'zh-CN': '有人改动或删除审计日志以掩盖越权操作。',
      en: 'Someone edits or deletes the audit log to hide what they did beyond their rights.',
    },
    plan: {
      'zh-CN': '每月完整校验审计日志链；封印同步到系统钥匙串。',
      en: 'Verify the whole audit chain monthly; the seals are mirrored to the system keychain.',
    },
    likelihood: 1,
    impact: 5,
    treatment: 'mitigate',
    signal: 'audit',
  },
  {
    key: 'staffLeak',
    title: { 'zh-CN': '员工泄密', en: 'Staff leaking data' },
    description: {
      'zh-CN': '员工有意或无意向外泄露客户数据。',
      en: 'Staff disclose client data outside the office, on purpose or by mistake.',
    },
    plan: {
      'zh-CN': '入职签署保密协议；每年安全培训与考核。',
      en: 'A confidentiality agreement on joining; yearly security training with an assessment.',
    },
    likelihood: 2,
    impact: 4,
    treatment: 'mitigate',
    signal: 'people',
  },
  {
    key: 'partnerBreach',
    title: { 'zh-CN': '合作方泄露', en: 'A partner leaks data' },
    description: {
      'zh-CN': '银行、报税软件或 IT 服务商等合作方泄露其接触到的客户数据。',
      en: 'A bank, the tax-filing software vendor or IT support leaks the client data it handles.',
    },
    plan: {
      'zh-CN': '签订保密条款；按期完成合作方安全评估。',
      en: 'Sign confidentiality clauses; assess each partner when due.',
    },
    likelihood: 2,
    impact: 4,
    treatment: 'transfer',
    signal: 'partners',
  },
];
