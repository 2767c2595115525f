// Strings of the posture screen and its home card (issue 17, Build 1). The facts' own wording is
// shared with the CLI (src/shared/posture/wording.ts).
import { defineStrings } from '../app/i18n';

const zh = {
  'posture.title': '安全合规概况',
  'posture.intro':
    '每一项措施都是从保险库实时读取的事实：绿色为良好，黄色需关注，红色需处理，灰色为尚未设置或无法判断。点击“去处理”打开能改正它的页面。',
  'posture.col.measure': '措施',
  'posture.col.status': '状态',
  'posture.col.value': '当前值',
  'posture.col.detail': '说明',
  'posture.col.fix': '处理',
  'posture.fix': '去处理',
  'posture.verify': '立即完整校验',
  'posture.verified.ok': '审计日志完整校验通过（{checked} 条事件）。',
  'posture.verified.bad': '审计日志完整校验发现问题：第 {seq} 条事件。',
  'posture.failed': '无法读取安全合规概况',
  'posture.at': '读取于 {at}',
  'posture.reload': '重新读取',
  'posture.card.title': '安全合规概况',
  'posture.card.counts': '{red} 项需处理 · {amber} 项需关注 · {green} 项良好 · {unknown} 项未知',
  'posture.card.open': '查看全部',
  'posture.card.attention': '需要处理的项目',
  'posture.card.allGood': '没有需要处理的项目。',
};

const en: Record<keyof typeof zh, string> = {
  'posture.title': 'Security and compliance',
  'posture.intro':
    'Each measure is a fact read live from the vault: green is good, amber needs attention, red needs action, grey is not set up yet or unknown. “Fix” opens the screen that corrects it.',
  'posture.col.measure': 'Measure',
  'posture.col.status': 'Status',
  'posture.col.value': 'Value',
  'posture.col.detail': 'Why',
  'posture.col.fix': 'Fix',
  'posture.fix': 'Fix',
  'posture.verify': 'Verify in full now',
  'posture.verified.ok': 'The audit log verified in full ({checked} events).',
  'posture.verified.bad': 'The full verification found a problem at event {seq}.',
  'posture.failed': 'The posture could not be read',
  'posture.at': 'Read at {at}',
  'posture.reload': 'Read again',
  'posture.card.title': 'Security and compliance',
  'posture.card.counts': '{red} need action · {amber} need attention · {green} good · {unknown} unknown',
  'posture.card.open': 'See all',
  'posture.card.attention': 'Needing action',
  'posture.card.allGood': 'Nothing needs action.',
};

export const useT = defineStrings(zh, en);
