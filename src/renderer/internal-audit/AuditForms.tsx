import { App as AntApp, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import type { AuditFindingView, InternalAuditView, InternalAuditsView } from '../../shared/contract';
import {
  AUDITOR_MAX,
  FINDING_SEVERITIES,
  LONG_TEXT_MAX,
  SCOPE_MAX,
  TITLE_MAX,
} from '../../shared/internal-audit/contract';
import { client } from '../app/client';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';

/** What a form opens for: planning, recording an audit held, adding a finding, closing one. */
export type AuditAction =
  | { kind: 'plan' }
  | { kind: 'hold'; audit: InternalAuditView }
  | { kind: 'finding'; audit: InternalAuditView }
  | { kind: 'close'; finding: AuditFindingView };

type Values = Record<string, string | Dayjs | undefined>;

const day = (v: Values[string]) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : '');
const str = (v: Values[string]) => (typeof v === 'string' ? v : '');

/**
 * One modal for the four changes. The fields are checked here for a quick answer and again in
 * the core, which words its refusal in the user's language (shown as a message).
 */
export function AuditFormModal(props: {
  action: AuditAction | null;
  view: InternalAuditsView;
  onClose: () => void;
  onDone: (v: InternalAuditsView) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const a = props.action;
  const required = [{ required: true, whitespace: true, message: t('ia.form.required') }];
  const today = dayjs(props.view.today);

  const submit = async () => {
    if (!a) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      let next: InternalAuditsView;
      if (a.kind === 'plan')
        next = await client.internalAudit.plan({
          title: str(v.title),
          scope: str(v.scope),
          plannedOn: day(v.plannedOn),
          auditor: str(v.auditor),
        });
      else if (a.kind === 'hold')
        next = await client.internalAudit.hold({
          auditId: a.audit.id,
          heldOn: day(v.heldOn),
          conclusion: str(v.conclusion),
        });
      else if (a.kind === 'finding')
        next = await client.internalAudit.addFinding({
          auditId: a.audit.id,
          title: str(v.title),
          detail: str(v.detail),
          severity: str(v.severity) as AuditFindingView['severity'],
          owner: str(v.owner),
          dueDate: day(v.dueDate),
        });
      else next = await client.internalAudit.closeFinding({ findingId: a.finding.id, resolution: str(v.resolution) });
      void message.success(t('ia.saved'));
      form.resetFields();
      props.onDone(next);
      props.onClose();
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(false);
    }
  };

  const text = (name: string, label: string, max: number, rows?: number): ReactNode => (
    <Form.Item name={name} label={label} rules={required} htmlFor={`ia-${name}`}>
      {rows ? (
        <Input.TextArea id={`ia-${name}`} maxLength={max} rows={rows} data-testid={`ia-${name}`} />
      ) : (
        <Input id={`ia-${name}`} maxLength={max} data-testid={`ia-${name}`} />
      )}
    </Form.Item>
  );
  const date = (name: string, label: string, disabled?: (d: Dayjs) => boolean): ReactNode => (
    <Form.Item
      name={name}
      label={label}
      rules={[{ required: true, message: t('ia.form.required') }]}
      htmlFor={`ia-${name}`}
    >
      <DatePicker id={`ia-${name}`} format="YYYY-MM-DD" disabledDate={disabled} data-testid={`ia-${name}`} />
    </Form.Item>
  );

  let title = '';
  let body: ReactNode = null;
  let initial: Values = {};
  if (a?.kind === 'plan') {
    title = t('ia.plan.modal');
    initial = { plannedOn: today };
    body = (
      <>
        {text('title', t('ia.form.title'), TITLE_MAX)}
        {text('scope', t('ia.form.scope'), SCOPE_MAX, 3)}
        {date('plannedOn', t('ia.form.planned'))}
        {text('auditor', t('ia.form.auditor'), AUDITOR_MAX)}
      </>
    );
  } else if (a?.kind === 'hold') {
    title = t('ia.hold.modal', { title: a.audit.title });
    initial = { heldOn: a.audit.heldOn ? dayjs(a.audit.heldOn) : today, conclusion: a.audit.conclusion ?? '' };
    body = (
      <>
        {date('heldOn', t('ia.form.held'), (d) => d.isAfter(today, 'day'))}
        {text('conclusion', t('ia.form.conclusion'), LONG_TEXT_MAX, 4)}
      </>
    );
  } else if (a?.kind === 'finding') {
    title = t('ia.finding.modal', { title: a.audit.title });
    initial = { severity: 'medium', dueDate: today.add(30, 'day') };
    body = (
      <>
        {text('title', t('ia.form.findingTitle'), TITLE_MAX)}
        {text('detail', t('ia.form.detail'), LONG_TEXT_MAX, 3)}
        <Form.Item name="severity" label={t('ia.form.severity')} rules={required} htmlFor="ia-severity">
          <Select
            id="ia-severity"
            data-testid="ia-severity"
            options={FINDING_SEVERITIES.map((s) => ({ value: s, label: t(`ia.severity.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="owner" label={t('ia.form.owner')} rules={required} htmlFor="ia-owner">
          <Select
            id="ia-owner"
            data-testid="ia-owner"
            showSearch
            optionFilterProp="label"
            options={props.view.owners.map((o) => ({
              value: o.username,
              label: o.displayName ? `${o.displayName}（${o.username}）` : o.username,
            }))}
          />
        </Form.Item>
        {date('dueDate', t('ia.form.due'), (d) => d.isBefore(today, 'day'))}
      </>
    );
  } else if (a?.kind === 'close') {
    title = t('ia.close.modal', { title: a.finding.title });
    body = text('resolution', t('ia.form.resolution'), LONG_TEXT_MAX, 4);
  }

  return (
    <Modal
      open={a !== null}
      title={title}
      onCancel={() => {
        form.resetFields();
        props.onClose();
      }}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('ia.form.save')}
      cancelText={t('ia.form.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false} key={a ? JSON.stringify(a) : ''}>
        {body}
      </Form>
    </Modal>
  );
}
