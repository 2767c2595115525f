import { Button, DatePicker, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PostureFactId, RiskTreatment, RisksView, RiskView } from '../../shared/contract';
import { POSTURE_FACT_IDS } from '../../shared/posture/contract';
import { FACT_TITLES } from '../../shared/posture/wording';
import { RISK_TEXT_MAX, RISK_TITLE_MAX, RISK_TREATMENTS } from '../../shared/risks/contract';
import { riskLevel, riskScore } from '../../shared/risks/rules';
import { shanghaiDate } from '../../shared/time';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';

interface Values {
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  treatment: RiskTreatment;
  treatmentPlan: string;
  owner: string;
  reviewDate: Dayjs;
  signal: PostureFactId | '';
  status?: 'open' | 'closed';
}

const RATINGS = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }));

/** Adds a risk (`risk` null) or edits one; closing is a change of its status here. */
export function RiskForm(props: {
  risk: RiskView | null;
  view: RisksView;
  me: string;
  onClose: () => void;
  onSaved: (view: RisksView, title: string) => void;
}) {
  const t = useT();
  return (
    <Modal
      open
      title={t(props.risk ? 'risks.form.editTitle' : 'risks.form.addTitle')}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
    >
      <RiskFields {...props} />
    </Modal>
  );
}

function RiskFields(props: Parameters<typeof RiskForm>[0]) {
  const t = useT();
  const [locale] = useLocale();
  const rules = useFormRules();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);
  const r = props.risk;
  const likelihood = Form.useWatch('likelihood', form) ?? r?.likelihood ?? 3;
  const impact = Form.useWatch('impact', form) ?? r?.impact ?? 3;
  const score = riskScore(likelihood, impact);

  const onFinish = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      const view = await client.risks.save({
        ...(r ? { id: r.id } : {}),
        title: v.title,
        description: v.description ?? '',
        likelihood: v.likelihood,
        impact: v.impact,
        treatment: v.treatment,
        treatmentPlan: v.treatmentPlan ?? '',
        owner: v.owner,
        reviewDate: v.reviewDate.format('YYYY-MM-DD'),
        signal: v.signal === '' ? null : v.signal,
        // The status field shows only when editing: a new risk is open.
        status: v.status ?? 'open',
      });
      props.onSaved(view, v.title);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('risks.form.failed')} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onSubmit"
        disabled={busy}
        initialValues={{
          title: r?.title ?? '',
          description: r?.description ?? '',
          likelihood: r?.likelihood ?? 3,
          impact: r?.impact ?? 3,
          treatment: r?.treatment ?? 'mitigate',
          treatmentPlan: r?.treatmentPlan ?? '',
          owner: r?.owner ?? props.me,
          reviewDate: dayjs(r?.reviewDate ?? shanghaiDate(Date.now() + 90 * 86_400_000)),
          signal: r?.signal ?? '',
          status: r?.status ?? 'open',
        }}
        onFinish={(v) => void onFinish(v)}
        autoComplete="off"
      >
        <Form.Item name="title" label={t('risks.form.title')} rules={[{ ...rules.required, whitespace: true }]}>
          <Input maxLength={RISK_TITLE_MAX} data-testid="risk-title" />
        </Form.Item>
        <Form.Item name="description" label={t('risks.form.description')}>
          <Input.TextArea rows={2} maxLength={RISK_TEXT_MAX} />
        </Form.Item>
        <Flex gap="middle" align="end">
          <Form.Item name="likelihood" label={t('risks.form.likelihood')}>
            <Select style={{ width: 110 }} options={RATINGS} data-testid="risk-likelihood" />
          </Form.Item>
          <Form.Item name="impact" label={t('risks.form.impact')}>
            <Select style={{ width: 110 }} options={RATINGS} data-testid="risk-impact" />
          </Form.Item>
          <Form.Item>
            <Typography.Text data-testid="risk-score">
              {t('risks.form.score', { score, level: t(`risks.level.${riskLevel(score)}`) })}
            </Typography.Text>
          </Form.Item>
        </Flex>
        <Form.Item name="treatment" label={t('risks.form.treatment')}>
          <Radio.Group
            optionType="button"
            options={RISK_TREATMENTS.map((x) => ({ value: x, label: t(`risks.treatment.${x}`) }))}
          />
        </Form.Item>
        <Form.Item name="treatmentPlan" label={t('risks.form.plan')}>
          <Input.TextArea rows={2} maxLength={RISK_TEXT_MAX} />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item name="owner" label={t('risks.form.owner')} rules={[rules.required]} style={{ flex: 1 }}>
            <Select
              data-testid="risk-owner"
              options={props.view.owners.map((o) => ({
                value: o.username,
                label: o.displayName && o.displayName !== o.username ? `${o.displayName}（${o.username}）` : o.username,
              }))}
            />
          </Form.Item>
          <Form.Item name="reviewDate" label={t('risks.form.review')} rules={[rules.required]}>
            <DatePicker format="YYYY-MM-DD" allowClear={false} data-testid="risk-review" />
          </Form.Item>
        </Flex>
        <Form.Item name="signal" label={t('risks.form.signal')}>
          <Select
            data-testid="risk-signal"
            options={[
              { value: '', label: t('risks.noSignal') },
              ...POSTURE_FACT_IDS.map((id) => ({ value: id, label: FACT_TITLES[id][locale] })),
            ]}
          />
        </Form.Item>
        {r ? (
          <Form.Item name="status" label={t('risks.form.status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'open', label: t('risks.status.open') },
                { value: 'closed', label: t('risks.status.closed') },
              ]}
            />
          </Form.Item>
        ) : null}
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="risk-save">
            {t('risks.form.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
