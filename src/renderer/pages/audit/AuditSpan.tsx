import { Alert } from 'antd';
import dayjs from 'dayjs';
import type { AuditSpanView } from '../../../shared/ipc-contract';
import { useT } from '../../i18n';

function minutes(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

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
  const first = dayjs(firstAt);
  const last = dayjs(lastAt);
  const days = last.diff(first, 'day');
  const length = days < 1 ? t('audit.span.lessThanDay') : t('audit.span.days', { days });
  const coversYear = !first.add(12, 'month').isAfter(last);
  return (
    <Alert
      type="info"
      showIcon
      data-testid="audit-span"
      title={t('audit.span', { count, first: minutes(firstAt), last: minutes(lastAt) })}
      description={t(coversYear ? 'audit.span.full' : 'audit.span.young', { span: length })}
    />
  );
}
