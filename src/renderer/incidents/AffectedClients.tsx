import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type {
  AccountView,
  ClientSummary,
  IncidentClientView,
  IncidentDetail,
  LetterLocale,
} from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';
import { useAction } from './use-action';

type Props = { view: IncidentDetail; onChange: (v: IncidentDetail) => void };

interface ClientForm {
  clientId: number;
  accountIds?: number[];
  range?: [Dayjs | null, Dayjs | null] | null;
  whichData: string;
}

/** Adds a client the incident touched (or changes it before it is told): its records by account and dates. */
function AddClient(props: Props) {
  const t = useT();
  const { busy, run } = useAction();
  const [form] = Form.useForm<ClientForm>();
  const [clients, setClients] = useState<ClientSummary[]>([]);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const picked = Form.useWatch('clientId', form);
  useEffect(() => {
    void client.clients.list({}).then(setClients, () => setClients([]));
  }, []);
  useEffect(() => {
    if (!picked) return setAccounts([]);
    void client.accounts.list({ clientId: picked }).then(setAccounts, () => setAccounts([]));
  }, [picked]);
  const save = async (f: ClientForm) => {
    const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
    const filter = { accountIds: f.accountIds ?? [], from: day(f.range?.[0]), to: day(f.range?.[1]) };
    const next = await run('client', () =>
      client.incidents.setClient({ id: props.view.id, clientId: f.clientId, filter, whichData: f.whichData }),
    );
    if (next) {
      props.onChange(next);
      form.resetFields();
    }
  };
  const required = [{ required: true, message: t('incidents.form.required') }];
  return (
    <Form form={form} layout="vertical" onFinish={(f) => void save(f)} className="lv-incident-client-form">
      <Typography.Text strong>{t('incidents.clients.add')}</Typography.Text>
      <Space size={12} wrap style={{ display: 'flex', marginTop: 8 }}>
        <Form.Item name="clientId" label={t('incidents.clients.pickClient')} rules={required}>
          <Select
            style={{ width: 200 }}
            data-testid="affected-client"
            showSearch
            optionFilterProp="label"
            options={clients.map((c) => ({ value: c.id, label: c.name }))}
            onChange={() => form.setFieldValue('accountIds', [])}
          />
        </Form.Item>
        <Form.Item name="accountIds" label={t('incidents.clients.pickAccounts')}>
          <Select
            mode="multiple"
            style={{ width: 280 }}
            data-testid="affected-accounts"
            options={accounts.map((a) => ({
              value: a.id,
              label: [a.institution, a.accountNumber].filter(Boolean).join(' ') || `#${a.id}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('incidents.clients.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="affected-range" />
        </Form.Item>
      </Space>
      <Form.Item name="whichData" label={t('incidents.clients.which')} rules={required}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="affected-which" />
      </Form.Item>
      <Button htmlType="submit" loading={busy === 'client'} data-testid="affected-save">
        {t('incidents.clients.save')}
      </Button>
    </Form>
  );
}

function WriteLetters(props: Props) {
  const t = useT();
  const { busy, run } = useAction();
  const [locale, setLocale] = useState<LetterLocale>('zh-CN');
  const [advice, setAdvice] = useState(t('incidents.letters.adviceDefault'));
  const write = async () => {
    const pending = props.view.affected.filter((a) => !a.notifiedAt).length;
    const next = await run(
      'letters',
      () => client.incidents.letters({ id: props.view.id, locale, advice }),
      t('incidents.letters.written', { count: pending }),
    );
    if (next) props.onChange(next);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('incidents.letters.title')}</Typography.Text>
      <Space align="start" wrap>
        <Select
          aria-label={t('incidents.letters.locale')}
          value={locale}
          onChange={setLocale}
          style={{ width: 110 }}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
        <Input.TextArea
          aria-label={t('incidents.letters.advice')}
          value={advice}
          onChange={(e) => setAdvice(e.target.value)}
          rows={2}
          style={{ width: 560 }}
          data-testid="letters-advice"
        />
        <Button type="primary" onClick={() => void write()} loading={busy === 'letters'} data-testid="letters-write">
          {t('incidents.letters.write')}
        </Button>
      </Space>
    </Space>
  );
}

/**
 * The letter on screen, and a copy beside the app (a portal under <body>) that the print rules
 * (incidents.css) print alone, on plain A4, while the preview is open.
 */
function LetterPreview(props: { title: string; letter: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      width={760}
      footer={
        <Space className="lv-no-print">
          <Button onClick={props.onClose}>{t('incidents.letters.close')}</Button>
          <Button type="primary" onClick={() => window.print()} data-testid="letter-print">
            {t('incidents.letters.print')}
          </Button>
        </Space>
      }
    >
      <div className="lv-incident-letter" data-testid="letter-sheet">
        {props.letter}
      </div>
      {createPortal(<div className="lv-incident-print">{props.letter}</div>, document.body)}
    </Modal>
  );
}

function Notify(props: Props & { target: IncidentClientView; name: string; onClose: () => void }) {
  const t = useT();
  const { busy, run } = useAction();
  const [how, setHow] = useState(t('incidents.notify.howDefault'));
  const ok = async () => {
    const next = await run('notify', () =>
      client.incidents.notify({ id: props.view.id, clientId: props.target.clientId, how }),
    );
    if (next) {
      props.onChange(next);
      props.onClose();
    }
  };
  return (
    <Modal
      open
      title={t('incidents.notify.title', { client: props.name })}
      onCancel={props.onClose}
      onOk={() => void ok()}
      okText={t('incidents.notify.ok')}
      confirmLoading={busy === 'notify'}
      okButtonProps={{ disabled: !how.trim() }}
    >
      <Input
        aria-label={t('incidents.notify.how')}
        value={how}
        onChange={(e) => setHow(e.target.value)}
        data-testid="notify-how"
      />
    </Modal>
  );
}

/** Whom the incident touched, which of their records and data, their letters and when each was told. */
export function AffectedClients(props: Props) {
  const t = useT();
  const v = props.view;
  const [preview, setPreview] = useState<IncidentClientView | null>(null);
  const [notifying, setNotifying] = useState<IncidentClientView | null>(null);
  const nameOf = (a: IncidentClientView) => a.clientName ?? t('incidents.clients.unnamed', { id: a.clientId });
  const filterText = (a: IncidentClientView) => {
    const f = a.filter;
    const accounts = f.accountIds.length
      ? t('incidents.clients.accounts', { count: f.accountIds.length })
      : t('incidents.clients.allRecords');
    const range = f.from || f.to ? ` · ${f.from ?? '…'} ~ ${f.to ?? '…'}` : '';
    return `${accounts}${range} · ${t('incidents.clients.records', { count: a.recordCount })}`;
  };
  return (
    <Card title={<PanelTitle>{t('incidents.clients.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<IncidentClientView>
        rowKey="clientId"
        size="small"
        pagination={false}
        dataSource={v.affected}
        locale={{ emptyText: t('incidents.clients.none') }}
        onRow={(a) => ({ 'data-client': nameOf(a) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('incidents.clients.client'), key: 'client', width: 150, render: (_: unknown, a) => nameOf(a) },
          { title: t('incidents.clients.filter'), key: 'filter', width: 230, render: (_: unknown, a) => filterText(a) },
          {
            title: t('incidents.clients.which'),
            dataIndex: 'whichData',
            render: (w: string | null) => w ?? t('incidents.clients.withheld'),
          },
          {
            title: t('incidents.letters.title'),
            key: 'letter',
            width: 260,
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                {a.letter ? (
                  <Button size="small" onClick={() => setPreview(a)} data-testid="letter-view">
                    {t('incidents.letters.view')}
                  </Button>
                ) : (
                  <Tag>{t('incidents.letters.none')}</Tag>
                )}
                {a.notifiedAt ? (
                  <Tag color="success" data-testid="notified">
                    {t('incidents.clients.notifiedAt', {
                      at: formatShanghai(a.notifiedAt),
                      by: a.notifiedBy ?? '',
                      how: a.notifiedHow ?? '',
                    })}
                  </Tag>
                ) : v.canManage && a.hasLetter ? (
                  <Button size="small" type="primary" ghost onClick={() => setNotifying(a)} data-testid="notify">
                    {t('incidents.notify.button')}
                  </Button>
                ) : (
                  <Tag color="warning">{t('incidents.clients.pending')}</Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
      {v.canManage ? (
        <Space direction="vertical" size={16} style={{ width: '100%', marginTop: 12 }}>
          <AddClient {...props} />
          {v.affected.some((a) => !a.notifiedAt) ? <WriteLetters {...props} /> : null}
        </Space>
      ) : null}
      {preview?.letter ? (
        <LetterPreview
          title={t('incidents.letters.previewTitle', { client: nameOf(preview) })}
          letter={preview.letter}
          onClose={() => setPreview(null)}
        />
      ) : null}
      {notifying ? (
        <Notify {...props} target={notifying} name={nameOf(notifying)} onClose={() => setNotifying(null)} />
      ) : null}
    </Card>
  );
}
