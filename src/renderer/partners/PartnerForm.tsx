import { Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PartnerKind, PartnersView, PartnerView, PickedDocumentView } from '../../shared/contract';
import { PARTNER_KINDS, PARTNER_NAME_MAX, PARTNER_TEXT_MAX } from '../../shared/partners/contract';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { DocumentPick } from '../documents/DocumentPick';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useT } from './i18n';

interface Values {
  name: string;
  kind: PartnerKind;
  dataShared: string;
  agreementSignedOn: Dayjs | null;
  assessEveryMonths: number;
  status?: 'active' | 'ended';
}

/** Adds a partner (`partner` null) or edits one; ending a partner is a change of its status here. */
export function PartnerForm(props: {
  partner: PartnerView | null;
  onClose: () => void;
  onSaved: (view: PartnersView, name: string) => void;
}) {
  const t = useT();
  const p = props.partner;
  return (
    <Modal
      open
      title={t(p ? 'partners.form.editTitle' : 'partners.form.addTitle')}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
    >
      <PartnerFields {...props} />
    </Modal>
  );
}

function PartnerFields(props: Parameters<typeof PartnerForm>[0]) {
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<PickedDocumentView | null>(null);
  useRevalidateOnLocale(form);
  const p = props.partner;

  const onFinish = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      const view = await client.partners.save({
        ...(p ? { id: p.id } : {}),
        name: v.name,
        kind: v.kind,
        dataShared: v.dataShared,
        agreementSignedOn: v.agreementSignedOn ? v.agreementSignedOn.format('YYYY-MM-DD') : null,
        assessEveryMonths: v.assessEveryMonths,
        // The status field shows only when editing: a new partner is active.
        status: v.status ?? 'active',
        ...(file ? { fileHandle: file.handle } : {}),
      });
      props.onSaved(view, v.name);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('partners.form.failed')} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onSubmit"
        disabled={busy}
        initialValues={{
          name: p?.name ?? '',
          kind: p?.kind ?? 'bank',
          dataShared: p?.dataShared ?? '',
          agreementSignedOn: p?.agreementSignedOn ? dayjs(p.agreementSignedOn) : null,
          assessEveryMonths: p?.assessEveryMonths ?? 12,
          status: p?.status ?? 'active',
        }}
        onFinish={(v) => void onFinish(v)}
        autoComplete="off"
      >
        <Form.Item name="name" label={t('partners.form.name')} rules={[{ ...rules.required, whitespace: true }]}>
          <Input maxLength={PARTNER_NAME_MAX} data-testid="partner-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('partners.form.kind')}>
          <Select
            data-testid="partner-kind"
            options={PARTNER_KINDS.map((k) => ({ value: k, label: t(`partners.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="dataShared" label={t('partners.form.data')} rules={[{ ...rules.required, whitespace: true }]}>
          <Input.TextArea
            rows={2}
            maxLength={PARTNER_TEXT_MAX}
            placeholder={t('partners.form.data.placeholder')}
            data-testid="partner-data"
          />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item name="agreementSignedOn" label={t('partners.form.agreement')} style={{ flex: 1 }}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="partner-agreement" />
          </Form.Item>
          <Form.Item name="assessEveryMonths" label={t('partners.form.every')} rules={[rules.required]}>
            <InputNumber min={1} max={60} precision={0} data-testid="partner-every" />
          </Form.Item>
        </Flex>
        <Form.Item label={t('partners.form.file')}>
          <DocumentPick value={file} onChange={setFile} pick={() => client.partners.pickFile()} testId="partner-file" />
        </Form.Item>
        {p ? (
          <Form.Item name="status" label={t('partners.form.status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'active', label: t('partners.status.active') },
                { value: 'ended', label: t('partners.status.ended') },
              ]}
            />
          </Form.Item>
        ) : null}
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="partner-save">
            {t('partners.form.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
