import { Descriptions, Drawer, Typography } from 'antd';
import type { AuditEventView } from '../../shared/contract';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { actionLabel, eventTime } from './audit-format';
import { detailFields } from '../../shared/audit/detail-labels';
import { clientLabel, OutcomeTag } from './AuditTable';

/**
 * Every field of one event, the details as labelled fields (detail-labels.ts). They may hold
 * strings people typed (names, search terms, reasons): shown as React text, which is escaped,
 * and never parsed as HTML.
 */
export function AuditDetailsDrawer(props: { event: AuditEventView | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { event } = props;
  const fields = event ? detailFields(event.action, event.details, locale, (code) => actionLabel(t, code)) : [];
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
                children: clientLabel(t, event),
              },
              { key: 'outcome', label: t('audit.field.outcome'), children: <OutcomeTag outcome={event.outcome} /> },
            ]}
          />
          <Typography.Title level={5} className="lv-audit-details-heading">
            {t('audit.field.details')}
          </Typography.Title>
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('audit.details.none')}</Typography.Paragraph>
          ) : (
            <Descriptions
              column={1}
              size="small"
              bordered
              data-testid="audit-details-fields"
              styles={{ label: { width: 170 } }}
              items={fields.map((f) => ({
                key: f.key,
                // A key without a label yet is shown as it was recorded: key: value, nothing hidden.
                label: f.label ?? <code>{f.key}</code>,
                children: <span data-detail={f.key}>{f.value}</span>,
              }))}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
