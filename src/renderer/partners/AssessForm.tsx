import { Button, DatePicker, Flex, Form, Input, Modal, Radio, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PartnersView, PartnerView } from '../../shared/contract';
import { PARTNER_COMMENT_MAX, PARTNER_TEXT_MAX } from '../../shared/partners/contract';
import {
  PARTNER_QUESTIONS,
  PARTNER_RESULTS,
  suggestResult,
  type PartnerAnswerValue,
  type PartnerQuestion,
  type PartnerResult,
} from '../../shared/partners/questions';
import { shanghaiDate } from '../../shared/time';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';

type Answers = Record<string, { answer: PartnerAnswerValue | null; comment: string }>;

/**
 * The security questionnaire for one partner: each question yes, no or n.a. with a comment; the
 * result the answers suggest is shown as they are given, and the assessor chooses the one recorded.
 * The core checks again that every question is answered and each "no" explained.
 */
export function AssessForm(props: {
  partner: PartnerView;
  onClose: () => void;
  onSaved: (view: PartnersView) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const [on, setOn] = useState<Dayjs>(dayjs(shanghaiDate()));
  const [answers, setAnswers] = useState<Answers>(() =>
    Object.fromEntries(PARTNER_QUESTIONS.map((q) => [q.id, { answer: null, comment: '' }])),
  );
  const [chosen, setChosen] = useState<PartnerResult | null>(null);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const given = PARTNER_QUESTIONS.map((q) => ({ question: q.id, answer: answers[q.id]!.answer ?? 'na' }));
  const suggested = suggestResult(given);
  const result = chosen ?? suggested;
  const set = (id: string, patch: Partial<Answers[string]>) =>
    setAnswers((a) => ({ ...a, [id]: { ...a[id]!, ...patch } }));

  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const view = await client.partners.assess({
        partnerId: props.partner.id,
        assessedOn: on.format('YYYY-MM-DD'),
        // An unanswered question is sent as it is (left out): the core names it.
        answers: PARTNER_QUESTIONS.flatMap((q) => {
          const a = answers[q.id]!;
          return a.answer ? [{ question: q.id, answer: a.answer, comment: a.comment.trim() }] : [];
        }),
        result,
        notes: notes.trim(),
      });
      props.onSaved(view);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('partners.assess.title', { name: props.partner.name })}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={1040}
    >
      <FormError error={error} title={t('partners.assess.failed')} />
      <Form layout="inline" style={{ marginBottom: 8 }}>
        <Form.Item label={t('partners.assess.on')} htmlFor="assess-on">
          <DatePicker
            id="assess-on"
            value={on}
            onChange={(d) => d && setOn(d)}
            format="YYYY-MM-DD"
            allowClear={false}
            data-testid="assess-on"
          />
        </Form.Item>
      </Form>
      <Table<PartnerQuestion>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...PARTNER_QUESTIONS]}
        onRow={(q) => ({ 'data-question': q.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('partners.assess.question'),
            key: 'q',
            render: (_: unknown, q, i) => `${i + 1}. ${q[locale]}`,
          },
          {
            title: t('partners.assess.answer'),
            key: 'a',
            width: 230,
            render: (_: unknown, q) => (
              <Radio.Group
                optionType="button"
                size="small"
                aria-label={q[locale]}
                value={answers[q.id]!.answer}
                onChange={(e) => set(q.id, { answer: e.target.value as PartnerAnswerValue })}
                options={(['yes', 'no', 'na'] as const).map((v) => ({ value: v, label: t(`partners.answer.${v}`) }))}
              />
            ),
          },
          {
            title: t('partners.assess.comment'),
            key: 'c',
            width: 330,
            render: (_: unknown, q) => (
              <Input
                size="small"
                aria-label={`${q[locale]} ${t('partners.assess.comment')}`}
                maxLength={PARTNER_COMMENT_MAX}
                value={answers[q.id]!.comment}
                status={answers[q.id]!.answer === 'no' && !answers[q.id]!.comment.trim() ? 'warning' : undefined}
                placeholder={answers[q.id]!.answer === 'no' ? t('partners.assess.comment.placeholder') : undefined}
                onChange={(e) => set(q.id, { comment: e.target.value })}
              />
            ),
          },
        ]}
      />
      <Flex gap="middle" align="center" wrap style={{ marginTop: 12 }}>
        <Typography.Text data-testid="assess-suggested" data-result={suggested}>
          {t('partners.assess.suggested', { result: t(`partners.result.${suggested}`) })}
        </Typography.Text>
        <label htmlFor="assess-result">{t('partners.assess.result')}</label>
        <Select
          id="assess-result"
          style={{ width: 150 }}
          value={result}
          onChange={(v: PartnerResult) => setChosen(v)}
          data-testid="assess-result"
          options={PARTNER_RESULTS.map((r) => ({ value: r, label: t(`partners.result.${r}`) }))}
        />
        <Input
          style={{ flex: 1, minWidth: 200 }}
          aria-label={t('partners.assess.notes')}
          placeholder={t('partners.assess.notes')}
          maxLength={PARTNER_TEXT_MAX}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </Flex>
      <Flex gap="small" justify="flex-end" style={{ marginTop: 16 }}>
        <Button onClick={props.onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="assess-save">
          {t('partners.assess.save')}
        </Button>
      </Flex>
    </Modal>
  );
}
