// Strings of the clients list and the new-client form.
import { defineStrings } from '../app/i18n';

const zh = {
  'clients.title': '客户与授权',
  'clients.title.clientsOnly': '客户',
  'clients.heading': '客户',
  'clients.create': '新建客户',
  'clients.col.name': '客户名称',
  'clients.col.uscc': '统一社会信用代码',
  'clients.col.status': '状态',
  'clients.status.active': '正常',
  'clients.status.archived': '已归档',
  'clients.grantedOnly': '这里只列出已授权给您的客户。',
  'clients.empty': '还没有客户。',
  'clients.noneGranted': '还没有客户授权给您。',
  'clients.form.name': '客户名称',
  'clients.form.uscc': '统一社会信用代码',
  'clients.form.uscc.help': '选填。18 位数字或大写字母，保存时按 GB 32100-2015 校验。',
  'clients.form.submit': '创建',
  'clients.created': '已创建客户 {name}。',
  'clients.failed': '无法创建客户',
  'clients.loadFailed': '无法读取客户列表',
} as const;

const en: Record<keyof typeof zh, string> = {
  'clients.title': 'Clients and access',
  'clients.title.clientsOnly': 'Clients',
  'clients.heading': 'Clients',
  'clients.create': 'New client',
  'clients.col.name': 'Client name',
  'clients.col.uscc': 'Unified social credit code',
  'clients.col.status': 'Status',
  'clients.status.active': 'Active',
  'clients.status.archived': 'Archived',
  'clients.grantedOnly': 'Only the clients granted to you are listed here.',
  'clients.empty': 'No clients yet.',
  'clients.noneGranted': 'No clients have been granted to you yet.',
  'clients.form.name': 'Client name',
  'clients.form.uscc': 'Unified social credit code',
  'clients.form.uscc.help': 'Optional. 18 digits or capital letters, checked against GB 32100-2015 when saved.',
  'clients.form.submit': 'Create',
  'clients.created': 'Client {name} created.',
  'clients.failed': 'The client could not be created',
  'clients.loadFailed': 'The client list could not be read',
};

export const useT = defineStrings(zh, en);
