import { Tag } from 'antd';
import type { IncidentSeverity } from '../../shared/contract';
import { useT } from './i18n';

export const SEVERITY_COLOR: Record<IncidentSeverity, string> = {
  low: 'default',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};

/** 演练 beside a drill's title, everywhere it is named. */
export function DrillTag(props: { isDrill: boolean }) {
  const t = useT();
  return props.isDrill ? (
    <Tag color="purple" data-testid="drill-tag">
      {t('incidents.drill')}
    </Tag>
  ) : null;
}
