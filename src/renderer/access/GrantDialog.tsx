import { Button, Flex, Form, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { clientMatches } from '../../shared/clients/client-search';
import type { ClientSummary, GrantRow, StaffOption } from '../../shared/contract';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useT } from './i18n';

interface GrantValues {
  username: string;
  clientId: number;
  level: 'read' | 'write';
}

/** "王静（wangjing）" as the pickers show a person. */
export function staffLabel(person: Pick<StaffOption, 'username' | 'displayName'>): string {
  return person.displayName && person.displayName !== person.username
    ? `${person.displayName}（${person.username}）`
    : person.username;
}

/**
 * One grant: a person chosen from the list (display and user name), a client, and 只读 or 可写.
 * The dialog's form is destroyed on close, so it opens on 只读 every time.
 */
export function GrantDialog(props: {
  open: boolean;
  staff: StaffOption[];
  clients: ClientSummary[];
  onClose: () => void;
  onGranted: (rows: GrantRow[], values: { username: string; clientId: number; level: 'read' | 'write' }) => void;
}) {
  const t = useT();
  return (
    <Modal
      open={props.open}
      title={t('grants.dialog.title')}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
    >
      <GrantForm {...props} />
    </Modal>
  );
}

function GrantForm(props: Parameters<typeof GrantDialog>[0]) {
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<GrantValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: GrantValues) => {
    setError(null);
    setBusy(true);
    try {
      const rows = await client.grants.set({
        username: values.username,
        clientId: values.clientId,
        canWrite: values.level === 'write',
      });
      props.onGranted(rows, values);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('grants.failed')} />
      <Form<GrantValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onSubmit"
        disabled={busy}
        initialValues={{ level: 'read' }}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item name="username" label={t('grants.add.staff')} rules={[rules.required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('grants.add.staff.placeholder')}
            notFoundContent={t('grants.matrix.noUsers')}
            options={props.staff.map((p) => ({
              value: p.username,
              label: `${staffLabel(p)} · ${t(`role.${p.role}`)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="clientId" label={t('grants.add.client')} rules={[rules.required]}>
          <Select
            showSearch={{
              filterOption: (typed, option) => clientMatches(String(option?.label ?? ''), typed),
            }}
            placeholder={t('grants.add.client.placeholder')}
            options={props.clients.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('grants.add.level')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'read', label: t('grants.level.read') },
              { value: 'write', label: t('grants.level.write') },
            ]}
          />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('grants.add.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
