// Strings of the evidence report screen (issue 17, Build 10). The report's own words are shared
// with the signed HTML (src/shared/report/wording.ts), so the preview says what the file says.
import { defineStrings } from '../app/i18n';

const zh = {
  'report.title': '合规证据报告',
  'report.intro':
    '从保险库实时读取全部安全与合规事实，对照本所制度条款、PCI DSS v4、GB/T 22239-2019、个人信息保护法与会计档案管理办法，生成由您的密钥签名并与审计日志最新封印绑定的报告。HTML 文件是签名件；PDF 是它的打印件，另行签名并附带 HTML 文件。任何人都可用 ledgervault report verify 核验两者。',
  'report.lang': '报告语言',
  'report.lang.zh': '中文',
  'report.lang.en': 'English',
  'report.generate': '生成报告',
  'report.regenerate': '重新生成',
  'report.failed': '无法生成报告',
  'report.preview': '报告预览',
  'report.saveHtml': '保存 HTML（签名件）',
  'report.savePdf': '保存 PDF（打印件）',
  'report.saved': '已保存到 {path}',
  'report.counts': '{red} 项需处理 · {amber} 项需关注 · {green} 项良好 · {unknown} 项未知',
  'report.hash': '内容哈希',
  'report.signer': '签名人',
  'report.seal': '审计封印',
  'report.sealText': '#{id}（事件 {first}–{last}，{at}，{signer} 签名）',
  'report.noSeal': '无',
  'report.generatedAt': '生成时间',
};

const en: Record<keyof typeof zh, string> = {
  'report.title': 'Evidence report',
  'report.intro':
    "Reads every security and compliance fact live from the vault, maps it to the office's measures, PCI DSS v4, GB/T 22239-2019, PIPL and the Accounting Archives Measures, and signs the report with your key, tied to the audit log's newest seal. The HTML file is the signed artefact; the PDF is its print, signed as printed and carrying the HTML. Anyone can check either with ledgervault report verify.",
  'report.lang': 'Report language',
  'report.lang.zh': '中文',
  'report.lang.en': 'English',
  'report.generate': 'Generate report',
  'report.regenerate': 'Generate again',
  'report.failed': 'The report could not be generated',
  'report.preview': 'Preview',
  'report.saveHtml': 'Save HTML (signed)',
  'report.savePdf': 'Save PDF (print)',
  'report.saved': 'Saved to {path}',
  'report.counts': '{red} need action · {amber} need attention · {green} good · {unknown} unknown',
  'report.hash': 'Content hash',
  'report.signer': 'Signed by',
  'report.seal': 'Audit seal',
  'report.sealText': '#{id} (events {first}–{last}, {at}, signed by {signer})',
  'report.noSeal': 'none',
  'report.generatedAt': 'Generated',
};

export const useT = defineStrings(zh, en);
