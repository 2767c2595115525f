import { Alert, Button, Space, Typography } from 'antd';
import { BATCH_MAX } from '../../shared/records/contract';
import { useT } from './i18n';

export type BatchMode = 'delete' | 'move' | 'status';

/**
 * The line above the table while records are selected: how many, "select all of the filter"
 * (the same as Ctrl+A), and the three batch actions. Hidden when nothing is selected.
 */
export function BatchBar(props: {
  count: number;
  total: number;
  capped: boolean;
  busy: boolean;
  canMove: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (mode: BatchMode) => void;
}) {
  const t = useT();
  return (
    <div className="lv-records-batch-wrap">
      {props.count > 0 && (
        <div className="lv-records-batch" role="toolbar" aria-label={t('records.batch.label')} data-testid="batch-bar">
          <Typography.Text strong data-testid="batch-count" aria-live="polite">
            {t('records.batch.selected', { count: props.count })}
          </Typography.Text>
          <Space wrap size={8}>
            {props.count < Math.min(props.total, BATCH_MAX) && (
              <Button size="small" onClick={props.onSelectAll} loading={props.busy} aria-keyshortcuts="Control+A">
                {t('records.batch.selectAll', { total: props.total })}
              </Button>
            )}
            <Button size="small" onClick={props.onClear}>
              {t('records.batch.clear')}
            </Button>
            <Button size="small" onClick={() => props.onAction('status')}>
              {t('records.batch.status')}
            </Button>
            {props.canMove && (
              <Button size="small" onClick={() => props.onAction('move')}>
                {t('records.batch.move')}
              </Button>
            )}
            <Button size="small" danger onClick={() => props.onAction('delete')}>
              {t('records.batch.delete')}
            </Button>
          </Space>
        </div>
      )}
      {props.count === 0 && (
        <Typography.Text className="lv-records-batch-hint">{t('records.batch.selectAll.hint')}</Typography.Text>
      )}
      {props.capped && (
        <Alert
          type="warning"
          showIcon
          data-testid="batch-capped"
          title={t('records.batch.capped', { max: BATCH_MAX, total: props.total })}
        />
      )}
    </div>
  );
}
