import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AgreementsView, ClientAgreementView, PickedDocumentView } from '../../shared/contract';
import { AGREEMENT_SCOPE_MAX } from '../../shared/agreements/contract';
import { formatShanghai, shanghaiDate } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { DocumentLink, DocumentPick } from '../documents/DocumentPick';
import { StatusTag } from '../posture/status';
import { useT } from './i18n';

/** Today in Beijing (the core judges days there), whatever the computer's own zone. */
const today = () => dayjs(shanghaiDate(Date.now()));

function clientLabel(t: ReturnType<typeof useT>, c: ClientAgreementView): string {
  return c.clientName ?? t('agreements.client.unnamed', { id: c.clientId });
}

/** Records an agreement (or its renewal) for one client; the scope and file go under the client's key. */
function RecordDialog(props: {
  view: AgreementsView;
  clientId: number | null;
  onClose: () => void;
  onDone: (v: AgreementsView) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [clientId, setClientId] = useState<number | null>(props.clientId);
  const [signedOn, setSignedOn] = useState<Dayjs | null>(today());
  const [renewal, setRenewal] = useState<Dayjs | null>(today().add(1, 'year'));
  const [scope, setScope] = useState('');
  const [file, setFile] = useState<PickedDocumentView | null>(null);
  const [busy, setBusy] = useState(false);
  // Only clients whose key this session holds can have a sealed scope written.
  const choices = props.view.clients.filter((c) => c.clientName !== null && c.clientStatus === 'active');
  const save = async () => {
    if (clientId === null || !signedOn) return;
    setBusy(true);
    try {
      const next = await client.agreements.record({
        clientId,
        signedOn: signedOn.format('YYYY-MM-DD'),
        renewalDate: renewal ? renewal.format('YYYY-MM-DD') : null,
        scope,
        fileHandle: file?.handle,
      });
      const c = next.clients.find((x) => x.clientId === clientId);
      void message.success(t('agreements.dialog.done', { client: c ? clientLabel(t, c) : String(clientId) }));
      props.onDone(next);
      props.onClose();
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('agreements.dialog.title')}
      open
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('agreements.dialog.submit')}
      okButtonProps={
        {
          disabled: clientId === null || !signedOn || !scope.trim(),
          loading: busy,
          'data-testid': 'agreement-save',
        } as never
      }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('agreements.dialog.client')} htmlFor="agreement-client" required>
          <Select
            id="agreement-client"
            showSearch
            optionFilterProp="label"
            value={clientId}
            onChange={setClientId}
            data-testid="agreement-client"
            options={choices.map((c) => ({ value: c.clientId, label: clientLabel(t, c) }))}
          />
        </Form.Item>
        <Space size={16}>
          <Form.Item label={t('agreements.dialog.signedOn')} htmlFor="agreement-signed" required>
            <DatePicker
              id="agreement-signed"
              value={signedOn}
              onChange={setSignedOn}
              format="YYYY-MM-DD"
              allowClear={false}
              disabledDate={(d) => d.isAfter(today(), 'day')}
            />
          </Form.Item>
          <Form.Item label={t('agreements.dialog.renewal')} htmlFor="agreement-renewal">
            <DatePicker
              id="agreement-renewal"
              value={renewal}
              onChange={setRenewal}
              format="YYYY-MM-DD"
              disabledDate={(d) => (signedOn ? d.isBefore(signedOn, 'day') : false)}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('agreements.dialog.scope')} htmlFor="agreement-scope" required>
          <Input.TextArea
            id="agreement-scope"
            rows={3}
            maxLength={AGREEMENT_SCOPE_MAX}
            value={scope}
            placeholder={t('agreements.dialog.scopeHint')}
            onChange={(e) => setScope(e.target.value)}
            data-testid="agreement-scope"
          />
        </Form.Item>
        <Form.Item label={t('agreements.dialog.file')}>
          <DocumentPick
            value={file}
            onChange={setFile}
            pick={() => client.agreements.pickFile()}
            testId="agreement-file"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 客户保密协议 (issue 17, Build 5): admins and managers record, auditors read; checked again in the core. */
export function AgreementsPage() {
  const t = useT();
  const agreements = useLoad(client.agreements.get);
  const view = agreements.data;
  const [recording, setRecording] = useState<{ clientId: number | null } | null>(null);
  const columns: TableColumnsType<ClientAgreementView> = [
    {
      title: t('agreements.col.client'),
      key: 'client',
      width: 190,
      ellipsis: true,
      render: (_: unknown, c) => (
        <Space size={4}>
          <Typography.Text>{clientLabel(t, c)}</Typography.Text>
          {c.clientStatus === 'archived' ? <Tag>{t('agreements.client.archived')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('agreements.col.status'),
      key: 'status',
      width: 140,
      render: (_: unknown, c) => (
        <Space size={4}>
          <StatusTag status={c.status} />
          <Typography.Text style={{ fontSize: 12 }}>{t(`agreements.detail.${c.detail}`)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('agreements.col.signedOn'),
      key: 'signed',
      width: 100,
      render: (_: unknown, c) => c.current?.signedOn ?? '—',
    },
    {
      title: t('agreements.col.renewal'),
      key: 'renewal',
      width: 100,
      render: (_: unknown, c) => (c.current ? (c.current.renewalDate ?? t('agreements.noRenewal')) : '—'),
    },
    {
      title: t('agreements.col.scope'),
      key: 'scope',
      ellipsis: true,
      render: (_: unknown, c) =>
        c.current
          ? (c.current.scope ?? <Typography.Text type="secondary">{t('agreements.scope.hidden')}</Typography.Text>)
          : '—',
    },
    {
      title: t('agreements.col.file'),
      key: 'file',
      width: 160,
      ellipsis: true,
      render: (_: unknown, c) =>
        c.current?.file ? (
          <DocumentLink
            file={c.current.file}
            save={() => client.agreements.exportFile({ agreementId: c.current!.id })}
          />
        ) : (
          '—'
        ),
    },
    {
      title: t('agreements.col.recorded'),
      key: 'recorded',
      width: 140,
      render: (_: unknown, c) =>
        c.current ? (
          <Space direction="vertical" size={0}>
            <Typography.Text style={{ fontSize: 12 }}>{formatShanghai(c.current.recordedAt)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.current.recordedBy}
            </Typography.Text>
            {c.history.length > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('agreements.history', { count: c.history.length })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    ...(view?.canManage
      ? [
          {
            title: '',
            key: 'act',
            width: 110,
            render: (_: unknown, c: ClientAgreementView) =>
              c.clientName !== null && c.clientStatus === 'active' ? (
                <Button size="small" onClick={() => setRecording({ clientId: c.clientId })}>
                  {c.current ? t('agreements.renew') : t('agreements.record')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <div className="lv-page" data-testid="agreements">
      <div className="lv-page-head">
        <PageTitle>{t('agreements.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('agreements.intro')}
        </Typography.Paragraph>
      </div>
      {agreements.error ? <ErrorAlert error={agreements.error} title={t('agreements.failed')} /> : null}
      {view ? (
        <Card
          title={<PanelTitle>{t('agreements.list.title')}</PanelTitle>}
          extra={
            view.canManage ? (
              <Button type="primary" onClick={() => setRecording({ clientId: null })} data-testid="agreement-open">
                {t('agreements.record')}
              </Button>
            ) : null
          }
          className="lv-panel"
          size="small"
        >
          <Table<ClientAgreementView>
            rowKey="clientId"
            size="small"
            columns={columns}
            dataSource={view.clients}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(c) => ({ 'data-client': c.clientId }) as React.HTMLAttributes<HTMLElement>}
          />
        </Card>
      ) : null}
      {view && recording ? (
        <RecordDialog
          view={view}
          clientId={recording.clientId}
          onClose={() => setRecording(null)}
          onDone={agreements.setData}
        />
      ) : null}
    </div>
  );
}
