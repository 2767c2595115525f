import { Alert } from 'antd';
import type { AuditSpanView } from '../../shared/contract';
import { addShanghaiMonths, DAY_MS, formatShanghai } from '../../shared/time';
import { useT } from './i18n';

/**
 * The span the log keeps. A young vault has a short span: that is stated, not flagged, since
 * the app never deletes events and the 12 months of PCI DSS 10.5.1 simply have not passed yet.
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
      description={t(coversYear ? 'audit.span.full' : 'audit.span.young', { span: length })}
    />
  );
}
