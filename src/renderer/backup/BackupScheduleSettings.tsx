import { Button, Card, Flex, Form, InputNumber, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

/** The settings form's fields for the daily backup (names as in SettingsPage's values). */
export interface BackupScheduleValues {
  backupEnabled: boolean;
  backupTime: string;
  backupAmberDays: number;
  backupRedDays: number;
}

/**
 * 定时备份 in the security settings (admins): on/off, the time, the amber and red thresholds (saved
 * with the form), and the folder, which only the shell's folder dialog sets (saved at once).
 */
export function BackupScheduleSettings(props: {
  folder: string | null;
  timeOptions: { value: string; label: string }[];
  disabled: boolean;
}) {
  const t = useT();
  const [folder, setFolder] = useState(props.folder);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const choose = async () => {
    setBusy(true);
    setError(null);
    try {
      const chosen = await client.backup.scheduleFolder();
      if (chosen) setFolder(chosen.folder);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const days = (max: number) => [{ required: true, type: 'integer' as const, min: 1, max, message: `1 – ${max}` }];
  return (
    <Card title={<PanelTitle>{t('backup.schedule.title')}</PanelTitle>} size="small" className="lv-panel">
      <Typography.Paragraph type="secondary">{t('backup.schedule.help')}</Typography.Paragraph>
      <Flex gap="middle" align="end" wrap>
        <Form.Item name="backupEnabled" valuePropName="checked" label={t('backup.schedule.enabled')}>
          <Switch aria-label={t('backup.schedule.enabledSwitch')} />
        </Form.Item>
        <Form.Item name="backupTime" label={t('backup.schedule.time')}>
          <Select className="lv-time" options={props.timeOptions} />
        </Form.Item>
      </Flex>
      <Form.Item label={t('backup.schedule.folder')}>
        <Flex gap="small" align="center" wrap>
          <Typography.Text
            className="lv-backup-path"
            data-testid="backup-schedule-folder"
            type={folder ? undefined : 'secondary'}
          >
            {folder ?? t('backup.schedule.noFolder')}
          </Typography.Text>
          <Button
            onClick={() => void choose()}
            loading={busy}
            disabled={props.disabled}
            data-testid="backup-schedule-choose"
          >
            {t('backup.schedule.choose')}
          </Button>
        </Flex>
      </Form.Item>
      <FormError error={error} title={t('backup.schedule.chooseFailed')} />
      <Flex gap="middle" wrap>
        <Form.Item name="backupAmberDays" label={t('backup.schedule.amber')} rules={days(365)}>
          <InputNumber precision={0} className="lv-number" />
        </Form.Item>
        <Form.Item name="backupRedDays" label={t('backup.schedule.red')} rules={days(3650)}>
          <InputNumber precision={0} className="lv-number" />
        </Form.Item>
      </Flex>
    </Card>
  );
}
