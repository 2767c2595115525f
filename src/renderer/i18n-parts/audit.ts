// Strings of the audit-log viewer (src/renderer/pages/audit). Keys start with "audit.".
export const auditZh = {
  'audit.title': '审计日志',
} as const;

export const auditEn: Record<keyof typeof auditZh, string> = {
  'audit.title': 'Audit log',
};
