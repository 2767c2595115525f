// Strings of the client grants (who may read or write which client's records).
import { defineStrings } from '../app/i18n';

const zh = {
  'grants.matrix.title': '客户授权',
  'grants.matrix.intro.admin':
    '为员工分配可访问的客户：“只读”可查看记录，“读写”还可录入和导入。经理凭角色即可访问全部客户，不在此列。这里列出已授权给任何员工的客户；尚无人获授权的新客户，请由经理先行授权。',
  'grants.matrix.intro.manager':
    '经理可为会计分配客户：“只读”可查看记录，“读写”还可录入和导入。下表列出已有授权的员工；要为其他会计授权，请在下方按用户名添加。',
  'grants.matrix.staff': '员工',
  'grants.matrix.noClients': '还没有可授权的客户。',
  'grants.matrix.noUsers': '还没有可授权的员工。',
  'grants.matrix.noGrants': '还没有任何授权。',
  'grants.level.none': '无',
  'grants.level.read': '只读',
  'grants.level.write': '读写',
  'grants.cell.label': '{username} 对 {client} 的权限',
  'grants.add.title': '按用户名授权',
  'grants.add.username': '会计用户名',
  'grants.add.client': '客户',
  'grants.add.client.placeholder': '选择客户',
  'grants.add.level': '权限',
  'grants.add.submit': '授权',
  'grants.added': '已为 {username} 授权。',
  'grants.done': '{username} 对 {client} 的权限已改为“{level}”。',
  'grants.failed': '无法更新授权',
  'grants.loadFailed': '无法读取授权',
} as const;

const en: Record<keyof typeof zh, string> = {
  'grants.matrix.title': 'Client access',
  'grants.matrix.intro.admin':
    'Give staff access to clients: “Read” shows records, “Read/write” also lets them enter and import. Managers reach every client by their role and are not listed. Clients granted to anyone are listed; a new client nobody holds yet must first be granted by a manager.',
  'grants.matrix.intro.manager':
    'Managers give accountants access to clients: “Read” shows records, “Read/write” also lets them enter and import. The table lists staff who already hold a grant; add another accountant by user name below.',
  'grants.matrix.staff': 'Staff',
  'grants.matrix.noClients': 'There are no clients to grant yet.',
  'grants.matrix.noUsers': 'There is no staff to grant to yet.',
  'grants.matrix.noGrants': 'No grants yet.',
  'grants.level.none': 'None',
  'grants.level.read': 'Read',
  'grants.level.write': 'Read/write',
  'grants.cell.label': 'Access of {username} to {client}',
  'grants.add.title': 'Grant by user name',
  'grants.add.username': 'Accountant’s user name',
  'grants.add.client': 'Client',
  'grants.add.client.placeholder': 'Choose a client',
  'grants.add.level': 'Access',
  'grants.add.submit': 'Grant',
  'grants.added': 'Access granted to {username}.',
  'grants.done': 'Access of {username} to {client} is now “{level}”.',
  'grants.failed': 'The access could not be changed',
  'grants.loadFailed': 'The grants could not be read',
};

export const useT = defineStrings(zh, en);
