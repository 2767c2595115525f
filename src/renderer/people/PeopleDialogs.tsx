import { App as AntApp, DatePicker, Form, Input, InputNumber, Modal, Select, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { shanghaiDate } from '../../shared/time';
import type {
  AcknowledgementKind,
  PeopleView,
  PickedDocumentView,
  StaffDutiesView,
  TrainingResult,
} from '../../shared/contract';
import { client } from '../app/client';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { DocumentPick } from '../documents/DocumentPick';
import { useT } from './i18n';

/** Today in Beijing (the core judges days there), whatever the computer's own zone. */
const today = () => dayjs(shanghaiDate(Date.now()));

/** Records one signed confidentiality agreement or code-of-conduct acknowledgement, with an optional scan. */
export function AcknowledgeDialog(props: {
  view: PeopleView;
  open: boolean;
  onClose: () => void;
  onDone: (v: PeopleView) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [username, setUsername] = useState<string | null>(null);
  const [kind, setKind] = useState<AcknowledgementKind>('confidentiality');
  const [signedOn, setSignedOn] = useState<Dayjs | null>(today());
  const [file, setFile] = useState<PickedDocumentView | null>(null);
  const [busy, setBusy] = useState(false);
  const person = props.view.staff.find((s) => s.username === username);
  const save = async () => {
    if (!username || !signedOn) return;
    setBusy(true);
    try {
      const next = await client.people.acknowledge({
        username,
        kind,
        signedOn: signedOn.format('YYYY-MM-DD'),
        fileHandle: file?.handle,
      });
      void message.success(
        t('people.ack.done', { person: person?.displayName || username, kind: t(`people.kind.${kind}`) }),
      );
      setFile(null);
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
      title={t('people.ack.title')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('people.ack.submit')}
      okButtonProps={{ disabled: !username || !signedOn, loading: busy, 'data-testid': 'ack-save' } as never}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('people.ack.person')} htmlFor="ack-person" required>
          <Select
            id="ack-person"
            value={username}
            onChange={setUsername}
            data-testid="ack-person"
            options={props.view.staff.map((s) => ({
              value: s.username,
              label: `${s.displayName || s.username}（${s.username}）`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('people.ack.kind')} htmlFor="ack-kind" required>
          <Select
            id="ack-kind"
            value={kind}
            onChange={setKind}
            data-testid="ack-kind"
            options={(['confidentiality', 'conduct'] as const).map((k) => ({ value: k, label: t(`people.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('people.ack.signedOn')} htmlFor="ack-signed" required>
          <DatePicker
            id="ack-signed"
            value={signedOn}
            onChange={setSignedOn}
            format="YYYY-MM-DD"
            allowClear={false}
            disabledDate={(d) => d.isAfter(today(), 'day')}
            data-testid="ack-signed"
          />
        </Form.Item>
        <Form.Item label={t('people.ack.file')}>
          <DocumentPick value={file} onChange={setFile} pick={() => client.people.pickFile()} testId="ack-file" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Row = StaffDutiesView & { result: TrainingResult | 'absent'; score: number | null };

/** Records a training session: day, topic, trainer, and each staff member's result (absent by default). */
export function TrainingDialog(props: {
  view: PeopleView;
  open: boolean;
  onClose: () => void;
  onDone: (v: PeopleView) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [heldOn, setHeldOn] = useState<Dayjs | null>(today());
  const [topic, setTopic] = useState('');
  const [trainer, setTrainer] = useState('');
  const [rows, setRows] = useState<Row[]>(() =>
    props.view.staff.map((s) => ({ ...s, result: 'absent' as const, score: null })),
  );
  const [busy, setBusy] = useState(false);
  const set = (username: string, patch: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.username === username ? { ...r, ...patch } : r)));
  const save = async () => {
    const results = rows
      .filter((r) => r.result !== 'absent')
      .map((r) => ({ username: r.username, result: r.result as TrainingResult, score: r.score }));
    if (results.length === 0) {
      void message.error(t('people.training.noAttendee'));
      return;
    }
    if (!heldOn) return;
    setBusy(true);
    try {
      const next = await client.people.training({ heldOn: heldOn.format('YYYY-MM-DD'), topic, trainer, results });
      void message.success(t('people.training.done', { topic, count: results.length }));
      props.onDone(next);
      props.onClose();
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<Row> = [
    { title: t('people.col.person'), key: 'p', render: (_: unknown, r) => r.displayName || r.username },
    {
      title: t('people.col.results'),
      key: 'r',
      width: 170,
      render: (_: unknown, r) => (
        <Select
          size="small"
          style={{ width: 160 }}
          value={r.result}
          aria-label={`${t('people.col.results')} ${r.username}`}
          data-testid={`result-${r.username}`}
          onChange={(v: Row['result']) => set(r.username, { result: v })}
          options={(['absent', 'passed', 'failed', 'attended'] as const).map((v) => ({
            value: v,
            label: t(`people.result.${v}`),
          }))}
        />
      ),
    },
    {
      title: t('people.score'),
      key: 's',
      width: 100,
      render: (_: unknown, r) => (
        <InputNumber
          size="small"
          min={0}
          max={100}
          precision={0}
          value={r.score}
          disabled={r.result === 'absent' || r.result === 'attended'}
          aria-label={`${t('people.score')} ${r.username}`}
          data-testid={`score-${r.username}`}
          onChange={(v) => set(r.username, { score: typeof v === 'number' ? v : null })}
        />
      ),
    },
  ];
  return (
    <Modal
      title={t('people.training.title')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('people.training.submit')}
      okButtonProps={
        {
          disabled: !heldOn || !topic.trim() || !trainer.trim(),
          loading: busy,
          'data-testid': 'training-save',
        } as never
      }
      width={620}
      destroyOnHidden
    >
      <Form layout="inline" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label={t('people.training.heldOn')} htmlFor="training-day" required>
          <DatePicker
            id="training-day"
            value={heldOn}
            onChange={setHeldOn}
            format="YYYY-MM-DD"
            allowClear={false}
            disabledDate={(d) => d.isAfter(today(), 'day')}
          />
        </Form.Item>
        <Form.Item label={t('people.training.trainer')} htmlFor="training-trainer" required>
          <Input id="training-trainer" value={trainer} maxLength={100} onChange={(e) => setTrainer(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('people.training.topic')} htmlFor="training-topic" required style={{ width: '100%' }}>
          <Input id="training-topic" value={topic} maxLength={200} onChange={(e) => setTopic(e.target.value)} />
        </Form.Item>
      </Form>
      <Table<Row>
        rowKey="username"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 300 }}
        title={() => t('people.training.results')}
      />
    </Modal>
  );
}
