import { Alert } from 'antd';
import type { AuditSpanView } from '../../shared/contract';
import { addShanghaiMonths, DAY_MS, formatShanghai } from '../../shared/time';
import { useT } from './i18n';

/**
 * The span the log keeps, and why it is kept: the Chinese rules an office answers to first
 * (《会计档案管理办法》, 等保 2.0, 网络安全法), PCI DSS after them. A young vault has a short span:
 * that is stated, not flagged, since the app never deletes events.
 */
export function AuditSpan(props: { span: AuditSpanView }) {
  const t = useT();
  const { count, firstAt, lastAt } = props.span;
  if (count === 0 || !firstAt || !lastAt) {
    return <Alert type="info" showIcon data-testid="audit-span" title={t('audit.span.empty')} />;
  }
  const first = Date.parse(firstAt);
  const last = Date.parse(lastAt);
  const days = Math.floor((last - first) / DAY_MS);
  const length = days < 1 ? t('audit.span.lessThanDay') : t('audit.span.days', { days });
  const coversYear = addShanghaiMonths(first, 12) <= last;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="audit-span"
      title={t('audit.span', { count, first: formatShanghai(firstAt), last: formatShanghai(lastAt) })}
      description={
        <>
          <div>{t(coversYear ? 'audit.span.full' : 'audit.span.young', { span: length })}</div>
          <div className="lv-audit-retention" data-testid="audit-retention">
            {t('audit.retention')}
          </div>
        </>
      }
    />
  );
}
