import { Descriptions, Drawer, Typography } from 'antd';
import type { AuditEventView } from '../../shared/contract';
import { useT } from './i18n';
import { actionLabel, eventTime } from './audit-format';
import { OutcomeTag } from './AuditTable';

/**
 * Every field of one event. The details JSON may hold strings people typed (names, search
 * terms): it is shown as text inside <pre>, which React escapes, and never parsed as HTML.
 */
export function AuditDetailsDrawer(props: { event: AuditEventView | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const { event } = props;
  const none = t('audit.none');
  const target = event?.targetType ? `${event.targetType}${event.targetId ? ` · ${event.targetId}` : ''}` : none;
  return (
    <Drawer
      open={props.open && event !== null}
      onClose={props.onClose}
      size={560}
      title={event ? t('audit.drawer.title', { seq: event.seq }) : null}
      destroyOnHidden
    >
      {event && (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 170 } }}
            items={[
              { key: 'seq', label: t('audit.field.seq'), children: event.seq },
              { key: 'at', label: t('audit.field.at'), children: eventTime(event.at) },
              { key: 'atUtc', label: t('audit.field.atUtc'), children: <code>{event.at}</code> },
              { key: 'tz', label: t('audit.field.tz'), children: event.tz },
              { key: 'actor', label: t('audit.field.actor'), children: event.actor },
              { key: 'workstation', label: t('audit.field.workstation'), children: event.workstation },
              { key: 'action', label: t('audit.field.action'), children: actionLabel(t, event.action) },
              { key: 'actionCode', label: t('audit.field.actionCode'), children: <code>{event.action}</code> },
              { key: 'target', label: t('audit.field.target'), children: target },
              {
                key: 'client',
                label: t('audit.field.client'),
                children: event.clientId === null ? none : event.clientId,
              },
              { key: 'outcome', label: t('audit.field.outcome'), children: <OutcomeTag outcome={event.outcome} /> },
            ]}
          />
          <Typography.Title level={5} className="lv-audit-details-heading">
            {t('audit.field.details')}
          </Typography.Title>
          <pre className="lv-audit-json" data-testid="audit-details-json" tabIndex={0}>
            {JSON.stringify(event.details, null, 2)}
          </pre>
        </>
      )}
    </Drawer>
  );
}
