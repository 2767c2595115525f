// Strings of the signed-in frame: navigation, home screen, lock button and idle countdown.
import { defineStrings } from '../app/i18n';

const zh = {
  'nav.label': '主导航',
  'nav.home': '首页',
  'nav.clients': '客户与授权',
  'nav.users': '员工与角色',
  'nav.settings': '安全设置',
  'nav.audit': '审计日志',
  'nav.backup': '备份',
  'nav.records': '支付记录',
  'nav.period': '期间汇总',
  'nav.import': '导入',
  'nav.update': '软件更新',
  'nav.posture': '安全合规概况',
  'nav.review': '访问权限复核',
  'nav.people': '人员与培训',
  'nav.agreements': '客户保密协议',
  'nav.incidents': '事件与演练',
  'nav.retention': '会计档案保管',
  'nav.partners': '合作方管理',
  'nav.risks': '风险登记',
  'nav.internalAudit': '内部审计',
  'nav.report': '合规证据报告',
  'nav.account': '我的账号',
  'nav.group.compliance': '合规管理',

  'session.idle': '将于 {time} 后自动锁定',

  'home.signedInAs': '当前用户',
  'home.lock': '锁定',
  'home.lockFailed': '无法锁定',
  'home.empty.title': '保险库已解锁',
  'home.empty.body': '在左侧“支付记录”中查看、筛选和录入客户的电子支付记录。',
} as const;

const en: Record<keyof typeof zh, string> = {
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.clients': 'Clients and access',
  'nav.users': 'Staff and roles',
  'nav.settings': 'Security settings',
  'nav.audit': 'Audit log',
  'nav.backup': 'Backups',
  'nav.records': 'Payment records',
  'nav.period': 'Period summary',
  'nav.import': 'Import',
  'nav.update': 'Software update',
  'nav.posture': 'Security and compliance',
  'nav.review': 'Access reviews',
  'nav.people': 'People and training',
  'nav.agreements': 'Client agreements',
  'nav.incidents': 'Incidents and drills',
  'nav.retention': 'Record retention',
  'nav.partners': 'Partners',
  'nav.risks': 'Risk register',
  'nav.internalAudit': 'Internal audit',
  'nav.report': 'Evidence report',
  'nav.account': 'My account',
  'nav.group.compliance': 'Compliance',

  'session.idle': 'Locks automatically in {time}',

  'home.signedInAs': 'Signed in as',
  'home.lock': 'Lock',
  'home.lockFailed': 'Could not lock',
  'home.empty.title': 'The vault is unlocked',
  'home.empty.body':
    'Open “Payment records” on the left to view, filter and enter clients’ electronic payment records.',
};

export const useT = defineStrings(zh, en);
export type LayoutKey = keyof typeof zh;
