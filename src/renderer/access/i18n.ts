// Strings of the client grants (who may read or write which client's records).
import { defineStrings } from '../app/i18n';

const zh = {
  'grants.matrix.title': '客户授权',
  'grants.matrix.intro.admin':
    '为员工分配可访问的客户：“只读”可查看记录，“可写”还可录入和导入。每行一个客户，每列一位会计或审计员；经理凭角色即可访问全部客户，不在此列。可按客户名称、拼音或首字母搜索。',
  'grants.matrix.intro.manager':
    '经理可为会计分配客户：“只读”可查看记录，“可写”还可录入和导入。每行一个客户，每列一位会计；可按客户名称、拼音或首字母搜索。',
  'grants.matrix.noClients': '还没有可授权的客户。',
  'grants.matrix.noUsers': '还没有可授权的员工。',
  'grants.level.none': '无',
  'grants.level.read': '只读',
  'grants.level.write': '可写',
  'grants.cell.label': '{username} 对 {client} 的权限',
  'grants.add.staff': '员工',
  'grants.add.staff.placeholder': '选择员工（可输入姓名或用户名搜索）',
  'grants.dialog.title': '添加授权',
  'grants.dialog.open': '添加授权',
  'grants.matrix.client': '客户',
  'grants.matrix.total': '共 {total} 个客户',
  'grants.matrix.noMatch': '没有匹配的客户。',
  'grants.search.label': '搜索客户',
  'grants.search.placeholder': '客户名称、拼音或首字母，如 hzmd',
  'grants.add.client': '客户',
  'grants.add.client.placeholder': '选择客户',
  'grants.add.level': '权限',
  'grants.add.submit': '授权',
  'grants.done': '{username} 对 {client} 的权限已改为“{level}”。',
  'grants.failed': '无法更新授权',
  'grants.loadFailed': '无法读取授权',
} as const;

const en: Record<keyof typeof zh, string> = {
  'grants.matrix.title': 'Client access',
  'grants.matrix.intro.admin':
    'Give staff access to clients: “Read” shows records, “Write” also lets them enter and import. One row per client, one column per accountant or auditor; managers reach every client by their role and are not listed. Search clients by name or pinyin.',
  'grants.matrix.intro.manager':
    'Managers give accountants access to clients: “Read” shows records, “Write” also lets them enter and import. One row per client, one column per accountant; search clients by name or pinyin.',
  'grants.matrix.noClients': 'There are no clients to grant yet.',
  'grants.matrix.noUsers': 'There is no staff to grant to yet.',
  'grants.level.none': 'None',
  'grants.level.read': 'Read',
  'grants.level.write': 'Write',
  'grants.cell.label': 'Access of {username} to {client}',
  'grants.add.staff': 'Staff member',
  'grants.add.staff.placeholder': 'Choose a person (type a name or user name)',
  'grants.dialog.title': 'Add access',
  'grants.dialog.open': 'Add access',
  'grants.matrix.client': 'Client',
  'grants.matrix.total': '{total} clients',
  'grants.matrix.noMatch': 'No client matches.',
  'grants.search.label': 'Search clients',
  'grants.search.placeholder': 'Client name or pinyin, e.g. hzmd',
  'grants.add.client': 'Client',
  'grants.add.client.placeholder': 'Choose a client',
  'grants.add.level': 'Access',
  'grants.add.submit': 'Grant',
  'grants.done': 'Access of {username} to {client} is now “{level}”.',
  'grants.failed': 'The access could not be changed',
  'grants.loadFailed': 'The grants could not be read',
};

export const useT = defineStrings(zh, en);
