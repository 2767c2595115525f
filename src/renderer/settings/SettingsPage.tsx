import { Alert, Button, Card, Checkbox, Flex, Form, InputNumber, Select, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { ROLE_NAMES, type Role, type SettingsPatch, type SettingsView } from '../../shared/contract';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useRevalidateOnLocale } from '../app/form-rules';
import { useT, type SettingsKey } from './i18n';
import './settings.css';
import { sessionStore } from '../app/session';
import { BackupScheduleSettings, type BackupScheduleValues } from '../backup/BackupScheduleSettings';

interface SettingsValues extends BackupScheduleValues {
  passwordHistory: number;
  maxAgeOn: boolean;
  passwordMaxAgeDays: number | null;
  lockoutThreshold: number;
  lockoutMinutes: number;
  idleMinutes: number;
  mfaRequiredRoles: Role[];
  officeStart: string;
  officeEnd: string;
  weekdays: number[];
}

/** The ranges the core accepts (src/core/settings/settings.ts); it checks them again. */
const RANGE = {
  passwordHistory: [0, 24],
  passwordMaxAgeDays: [1, 3650],
  lockoutThreshold: [3, 10],
  lockoutMinutes: [1, 24 * 60],
  idleMinutes: [1, 60],
} as const;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Every half hour, plus the times in force (which may be anything HH:MM). */
function timeOptions(...extra: string[]): { value: string; label: string }[] {
  const times = new Set<string>(extra);
  for (let minute = 0; minute < 24 * 60; minute += 30) {
    times.add(`${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
  }
  return [...times].sort().map((value) => ({ value, label: value }));
}

function toValues(s: SettingsView): SettingsValues {
  return {
    passwordHistory: s.passwordHistory,
    maxAgeOn: s.passwordMaxAgeDays !== null,
    passwordMaxAgeDays: s.passwordMaxAgeDays ?? 90,
    lockoutThreshold: s.lockoutThreshold,
    lockoutMinutes: s.lockoutMinutes,
    idleMinutes: s.idleMinutes,
    mfaRequiredRoles: [...s.mfaRequiredRoles],
    officeStart: s.officeHours.start,
    officeEnd: s.officeHours.end,
    weekdays: [...s.officeHours.weekdays].sort(),
    backupEnabled: s.backupSchedule.enabled,
    backupTime: s.backupSchedule.time,
    backupAmberDays: s.backupAmberDays,
    backupRedDays: s.backupRedDays,
  };
}

function toSettings(v: SettingsValues): SettingsPatch {
  return {
    passwordHistory: v.passwordHistory,
    passwordMaxAgeDays: v.maxAgeOn ? v.passwordMaxAgeDays : null,
    lockoutThreshold: v.lockoutThreshold,
    lockoutMinutes: v.lockoutMinutes,
    idleMinutes: v.idleMinutes,
    mfaRequiredRoles: ROLE_NAMES.filter((role) => v.mfaRequiredRoles.includes(role)),
    officeHours: { start: v.officeStart, end: v.officeEnd, weekdays: [...v.weekdays].sort() },
    backupSchedule: { enabled: v.backupEnabled, time: v.backupTime },
    backupAmberDays: v.backupAmberDays,
    backupRedDays: v.backupRedDays,
  };
}

function changedCount(before: SettingsView, after: SettingsView): number {
  return (Object.keys(after) as (keyof SettingsView)[]).filter(
    (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
  ).length;
}

function SettingsForm(props: { initial: SettingsView }) {
  const t = useT();
  const [form] = Form.useForm<SettingsValues>();
  const [saved, setSaved] = useState<SettingsView>(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<number | null>(null);
  const maxAgeOn = Form.useWatch('maxAgeOn', form);
  useRevalidateOnLocale(form);

  const range = (key: keyof typeof RANGE): Rule[] => [
    { required: true, message: t('settings.range', { min: RANGE[key][0], max: RANGE[key][1] }) },
    {
      type: 'integer',
      min: RANGE[key][0],
      max: RANGE[key][1],
      message: t('settings.range', { min: RANGE[key][0], max: RANGE[key][1] }),
    },
  ];

  const onFinish = async (values: SettingsValues) => {
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      const after = await client.settings.update(toSettings(values));
      setResult(changedCount(saved, after));
      setSaved(after);
      form.setFieldsValue(toValues(after));
      // The idle timeout may have changed: the countdown follows.
      sessionStore.set(await client.vault.status());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const number = (suffix: SettingsKey, disabled = false, label?: string) => (
    // No min/max clamping: an out-of-range value is explained by the rule, not silently changed.
    <InputNumber aria-label={label} precision={0} suffix={t(suffix)} disabled={disabled} className="lv-number" />
  );

  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      disabled={busy}
      initialValues={toValues(props.initial)}
      onFinish={(values) => void onFinish(values)}
      onValuesChange={() => setResult(null)}
    >
      <div className="lv-settings-grid">
        <Card title={<PanelTitle>{t('settings.password')}</PanelTitle>} size="small" className="lv-panel">
          <Form.Item
            name="passwordHistory"
            label={t('settings.passwordHistory')}
            extra={t('settings.passwordHistory.help')}
            rules={range('passwordHistory')}
          >
            {number('settings.unit.times')}
          </Form.Item>
          <Form.Item label={t('settings.maxAge')} extra={t('settings.maxAge.help')} required={false}>
            <Flex gap="middle" align="center" wrap>
              <Form.Item name="maxAgeOn" valuePropName="checked" noStyle>
                <Switch aria-label={t('settings.maxAge.switch')} />
              </Form.Item>
              <Typography.Text type={maxAgeOn ? undefined : 'secondary'}>
                {maxAgeOn ? t('settings.maxAge.on') : t('settings.maxAge.off')}
              </Typography.Text>
              <Form.Item name="passwordMaxAgeDays" noStyle rules={maxAgeOn ? range('passwordMaxAgeDays') : []}>
                {number('settings.unit.days', !maxAgeOn, t('settings.maxAge.days'))}
              </Form.Item>
            </Flex>
          </Form.Item>
        </Card>

        <Card title={<PanelTitle>{t('settings.lockout')}</PanelTitle>} size="small" className="lv-panel">
          <Form.Item
            name="lockoutThreshold"
            label={t('settings.lockoutThreshold')}
            extra={t('settings.lockoutThreshold.help')}
            rules={range('lockoutThreshold')}
          >
            {number('settings.unit.times')}
          </Form.Item>
          <Form.Item
            name="lockoutMinutes"
            label={t('settings.lockoutMinutes')}
            extra={t('settings.lockoutMinutes.help')}
            rules={range('lockoutMinutes')}
          >
            {number('settings.unit.minutes')}
          </Form.Item>
        </Card>

        <Card title={<PanelTitle>{t('settings.session')}</PanelTitle>} size="small" className="lv-panel">
          <Form.Item
            name="idleMinutes"
            label={t('settings.idleMinutes')}
            extra={t('settings.idleMinutes.help')}
            rules={range('idleMinutes')}
          >
            {number('settings.unit.minutes')}
          </Form.Item>
          <Form.Item name="mfaRequiredRoles" label={t('settings.mfaRoles')} extra={t('settings.mfaRoles.help')}>
            <Checkbox.Group options={ROLE_NAMES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
          </Form.Item>
        </Card>

        <Card title={<PanelTitle>{t('settings.office')}</PanelTitle>} size="small" className="lv-panel">
          <Typography.Paragraph type="secondary">{t('settings.office.help')}</Typography.Paragraph>
          <Flex gap="middle" wrap>
            <Form.Item name="officeStart" label={t('settings.office.start')}>
              <Select className="lv-time" options={timeOptions(saved.officeHours.start)} />
            </Form.Item>
            <Form.Item name="officeEnd" label={t('settings.office.end')}>
              <Select className="lv-time" options={timeOptions(saved.officeHours.end)} />
            </Form.Item>
          </Flex>
          <Form.Item name="weekdays" label={t('settings.office.weekdays')}>
            <Checkbox.Group options={WEEKDAYS.map((day) => ({ value: day, label: t(`settings.weekday.${day}`) }))} />
          </Form.Item>
        </Card>

        <BackupScheduleSettings
          folder={saved.backupSchedule.folder}
          timeOptions={timeOptions(saved.backupSchedule.time)}
          disabled={busy}
        />
      </div>

      <FormError error={error} title={t('settings.failed')} />
      {result !== null ? (
        <div className="lv-alert-gap" data-testid="settings-result">
          <Alert
            type="success"
            showIcon
            role="status"
            title={result > 0 ? t('settings.saved', { count: result }) : t('settings.unchanged')}
          />
        </div>
      ) : null}
      <Flex gap="small">
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('settings.save')}
        </Button>
        <Button
          htmlType="button"
          onClick={() => {
            form.setFieldsValue(toValues(saved));
            setError(null);
          }}
        >
          {t('settings.reset')}
        </Button>
      </Flex>
    </Form>
  );
}

/** 安全设置: the vault-wide policies an admin sets (each change is audited by the core). */
export function SettingsPage() {
  const t = useT();
  const settings = useLoad(client.settings.get);
  return (
    <div className="lv-page">
      <div className="lv-page-head">
        <PageTitle>{t('settings.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('settings.intro')}
        </Typography.Paragraph>
      </div>
      {settings.error ? (
        <ErrorAlert error={settings.error} title={t('settings.loadFailed')} />
      ) : settings.data ? (
        <SettingsForm initial={settings.data} />
      ) : (
        <div className="lv-loading" role="status">
          <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
        </div>
      )}
    </div>
  );
}
