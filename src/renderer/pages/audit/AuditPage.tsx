import { Typography } from 'antd';
import { useT } from '../../i18n';

/** The audit-log viewer (placeholder until the viewer lands). */
export function AuditPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('audit.title')}</Typography.Title>;
}
