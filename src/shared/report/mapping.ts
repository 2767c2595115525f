/**
 * The evidence report's one mapping table (issue 17, Build 10): every posture fact, to the
 * sections of the office's security measures (the seed's numbered measures) and to the clauses
 * of the frameworks an inspector holds the office to. The report's sections and its
 * cross-reference table are both derived from FACT_MAPPING, so a fact is never cited in one and
 * forgotten in the other; a test checks every fact is mapped and every framework item cited.
 */
import type { PostureFactId } from '../posture/contract';

type Pair = { 'zh-CN': string; en: string };

/** The registers of issue 17 whose summaries a section can carry (Builds 3 to 9). */
export const REGISTER_IDS = [
  'people',
  'agreements',
  'partners',
  'incidents',
  'risks',
  'internalAudit',
  'retention',
] as const;
export type RegisterId = (typeof REGISTER_IDS)[number];

/** The report's sections, in order: the seed's measure numbers they answer, and their register. */
export const REPORT_SECTIONS = [
  {
    id: 'access',
    seed: ['二', '十二'],
    register: null,
    title: { 'zh-CN': '访问控制与身份鉴别', en: 'Access control and identification' },
  },
  { id: 'backup', seed: ['三'], register: null, title: { 'zh-CN': '数据备份与恢复', en: 'Backup and recovery' } },
  {
    id: 'logging',
    seed: ['四'],
    register: null,
    title: { 'zh-CN': '操作日志、监控与审计', en: 'Operation logs, monitoring and audit' },
  },
  {
    id: 'confidentiality',
    seed: ['五'],
    register: 'agreements',
    title: { 'zh-CN': '保密承诺与客户数据保护协议', en: 'Confidentiality and client agreements' },
  },
  {
    id: 'partners',
    seed: ['八', '十四', '二十'],
    register: 'partners',
    title: { 'zh-CN': '合作方与第三方管理', en: 'Partners and third parties' },
  },
  {
    id: 'incidents',
    seed: ['十'],
    register: 'incidents',
    title: { 'zh-CN': '安全事件响应与应急演练', en: 'Incident response and drills' },
  },
  {
    id: 'training',
    seed: ['十一', '十八'],
    register: 'people',
    title: { 'zh-CN': '员工培训、考核与行为规范', en: 'Staff training, assessment and conduct' },
  },
  {
    id: 'internalAudit',
    seed: ['十六'],
    register: 'internalAudit',
    title: { 'zh-CN': '内部审计与整改', en: 'Internal audit and findings' },
  },
  { id: 'risks', seed: ['十九'], register: 'risks', title: { 'zh-CN': '风险管理', en: 'Risk management' } },
  {
    id: 'retention',
    seed: [],
    register: 'retention',
    title: { 'zh-CN': '会计档案保管期限', en: 'Accounting archive retention' },
  },
] as const satisfies readonly { id: string; seed: readonly string[]; register: RegisterId | null; title: Pair }[];
export type ReportSectionId = (typeof REPORT_SECTIONS)[number]['id'];

/** PCI DSS v4 requirements the report cites (the issue asks for 3, 7, 8, 10 and 12.10). */
export const PCI_ITEMS = {
  '3': { 'zh-CN': '要求 3：保护存储的账户数据', en: 'Req. 3: protect stored account data' },
  '6.3.3': { 'zh-CN': '6.3.3：及时安装安全补丁', en: '6.3.3: security patches installed promptly' },
  '7': { 'zh-CN': '要求 7：按业务需要限制访问', en: 'Req. 7: restrict access by business need' },
  '8': { 'zh-CN': '要求 8：识别用户并鉴别访问', en: 'Req. 8: identify users and authenticate access' },
  '10': { 'zh-CN': '要求 10：记录并监控所有访问', en: 'Req. 10: log and monitor all access' },
  '12.6': { 'zh-CN': '12.6：安全意识教育', en: '12.6: security awareness education' },
  '12.8': { 'zh-CN': '12.8：第三方服务商管理', en: '12.8: third-party service provider management' },
  '12.10': { 'zh-CN': '12.10：安全事件响应', en: '12.10: incident response' },
} as const satisfies Record<string, Pair>;
export type PciItem = keyof typeof PCI_ITEMS;

/** GB/T 22239-2019 (等级保护基本要求) control areas the report cites. */
export const GBT_ITEMS = {
  identity: { 'zh-CN': '身份鉴别', en: 'Identification and authentication' },
  access: { 'zh-CN': '访问控制', en: 'Access control' },
  audit: { 'zh-CN': '安全审计', en: 'Security audit' },
  backup: { 'zh-CN': '数据备份恢复', en: 'Data backup and recovery' },
  intrusion: { 'zh-CN': '入侵防范（漏洞修补）', en: 'Intrusion prevention (patching)' },
} as const satisfies Record<string, Pair>;
export type GbtItem = keyof typeof GBT_ITEMS;

/** 个人信息保护法 articles the report cites. */
export const PIPL_ITEMS = {
  '51': { 'zh-CN': '第五十一条：安全管理制度与技术措施', en: 'Art. 51: security rules and technical measures' },
  '54': { 'zh-CN': '第五十四条：定期合规审计', en: 'Art. 54: regular compliance audits' },
  '57': { 'zh-CN': '第五十七条：事件补救与通知', en: 'Art. 57: remedy and notification of incidents' },
} as const satisfies Record<string, Pair>;
export type PiplItem = keyof typeof PIPL_ITEMS;

/** 会计档案管理办法 (财政部、国家档案局令第 79 号). */
export const ARCHIVES_ITEMS = {
  retention: {
    'zh-CN': '会计档案管理办法：保管期限与安全保管',
    en: 'Accounting Archives Measures: retention and safe keeping',
  },
} as const satisfies Record<string, Pair>;
export type ArchivesItem = keyof typeof ARCHIVES_ITEMS;

export interface FactMapping {
  sections: readonly ReportSectionId[];
  /** The clause within the requirement, where one is precise (shown beside it). */
  pci: readonly PciItem[];
  gbt: readonly GbtItem[];
  pipl: readonly PiplItem[];
  archives: readonly ArchivesItem[];
}

/** THE table: each fact's sections and framework clauses. */
export const FACT_MAPPING: Record<PostureFactId, FactMapping> = {
  mfa: { sections: ['access'], pci: ['8'], gbt: ['identity'], pipl: ['51'], archives: [] },
  password: { sections: ['access'], pci: ['8'], gbt: ['identity'], pipl: [], archives: [] },
  idle: { sections: ['access'], pci: ['8'], gbt: ['identity'], pipl: [], archives: [] },
  reviewAge: { sections: ['access'], pci: ['7'], gbt: ['access'], pipl: ['51'], archives: [] },
  reviewRound: { sections: ['access'], pci: ['7'], gbt: ['access'], pipl: [], archives: [] },
  backup: { sections: ['backup', 'retention'], pci: [], gbt: ['backup'], pipl: ['51'], archives: ['retention'] },
  audit: { sections: ['logging', 'internalAudit'], pci: ['10'], gbt: ['audit'], pipl: ['51'], archives: [] },
  keychain: { sections: ['logging'], pci: ['10'], gbt: ['audit'], pipl: [], archives: [] },
  signins: { sections: ['access', 'logging'], pci: ['8', '10'], gbt: ['identity', 'audit'], pipl: [], archives: [] },
  disclosures: { sections: ['logging'], pci: ['3', '10'], gbt: ['audit', 'access'], pipl: ['51'], archives: [] },
  update: { sections: ['logging'], pci: ['6.3.3'], gbt: ['intrusion'], pipl: [], archives: [] },
  people: { sections: ['confidentiality', 'training'], pci: ['12.6'], gbt: [], pipl: ['51'], archives: [] },
  agreements: { sections: ['confidentiality'], pci: [], gbt: [], pipl: ['51'], archives: [] },
  partners: { sections: ['partners'], pci: ['12.8'], gbt: [], pipl: ['51'], archives: [] },
  incidents: { sections: ['incidents'], pci: ['12.10'], gbt: [], pipl: ['51', '57'], archives: [] },
  findings: { sections: ['internalAudit'], pci: [], gbt: [], pipl: ['54'], archives: [] },
};

/** The facts a section shows, in the posture's order. */
export function factsOfSection(section: ReportSectionId, order: readonly PostureFactId[]): PostureFactId[] {
  return order.filter((id) => FACT_MAPPING[id].sections.includes(section));
}

export type FrameworkId = 'pci' | 'gbt' | 'pipl' | 'archives';

export const FRAMEWORK_TITLES: Record<FrameworkId, Pair> = {
  pci: { 'zh-CN': 'PCI DSS v4.0', en: 'PCI DSS v4.0' },
  gbt: { 'zh-CN': 'GB/T 22239-2019 网络安全等级保护基本要求', en: 'GB/T 22239-2019 (MLPS baseline)' },
  pipl: { 'zh-CN': '个人信息保护法', en: 'Personal Information Protection Law (PIPL)' },
  archives: { 'zh-CN': '会计档案管理办法', en: 'Accounting Archives Measures' },
};

export const FRAMEWORK_ITEMS: Record<FrameworkId, Record<string, Pair>> = {
  pci: PCI_ITEMS,
  gbt: GBT_ITEMS,
  pipl: PIPL_ITEMS,
  archives: ARCHIVES_ITEMS,
};

/** For each framework clause, the facts that evidence it (the report's cross-reference table). */
export function factsOfClause(framework: FrameworkId, item: string, order: readonly PostureFactId[]): PostureFactId[] {
  return order.filter((id) => (FACT_MAPPING[id][framework] as readonly string[]).includes(item));
}
