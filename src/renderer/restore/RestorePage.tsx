/**
 * Restore (issue 13, Build 6), before anyone signs in: restore a backup file into this
 * workstation's vault folder, or open a vault with the recovery key (a folder copied from another
 * workstation, or the vault already here whose keychain entry is gone). Reached from the first-run
 * screen and from the sign-in screen; ends on the sign-in screen with what the admin must do next.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Result, Segmented, Typography } from 'antd';
import { useState } from 'react';
import type { FolderPickView, RestoredView, RestorePickView } from '../../shared/restore/contract';
import { PASSWORD_MIN_LENGTH } from '../../shared/users/rules';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { PageTitle } from '../app/PageTitle';
import { PasswordInput } from '../app/PasswordInput';
import { Screen } from '../app/Screen';
import { sessionStore } from '../app/session';
import { formatShanghai } from '../../shared/time';
import { useT } from './i18n';
import './restore.css';

type Mode = 'backup' | 'recovery';

interface Values {
  secretKind: 'recovery' | 'passphrase';
  secret: string;
  adminUsername: string;
  newPassword: string;
  confirm: string;
  replace?: boolean;
}

export function RestorePage() {
  const t = useT();
  const status = sessionStore.get();
  const hasVault = status?.state === 'locked';
  const [mode, setMode] = useState<Mode>('backup');
  const [picked, setPicked] = useState<RestorePickView | null>(null);
  const [folder, setFolder] = useState<FolderPickView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<RestoredView | null>(null);
  const [form] = Form.useForm<Values>();
  const rules = useFormRules();
  useRevalidateOnLocale(form);
  const secretKind = Form.useWatch('secretKind', form) ?? 'recovery';

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onFinish = (v: Values) =>
    run(async () => {
      const admin = { adminUsername: v.adminUsername.trim(), newPassword: v.newPassword };
      const result =
        mode === 'backup' && picked
          ? await client.restore.fromBackup({
              handle: picked.handle,
              ...(v.secretKind === 'passphrase' ? { passphrase: v.secret } : { recoveryKey: v.secret }),
              ...admin,
              ...(picked.replacesVault ? { replaceExisting: true as const } : {}),
            })
          : await client.restore.withRecoveryKey({
              ...(folder ? { handle: folder.handle } : {}),
              recoveryKey: v.secret,
              ...admin,
            });
      form.resetFields();
      sessionStore.set(result.status);
      setDone(result);
    });

  if (done) return <Restored result={done} />;

  // Recovery in place needs a vault here; without one, a folder to copy in.
  const ready = mode === 'backup' ? picked !== null : hasVault || folder !== null;
  return (
    <Screen>
      <Card className="lv-card lv-restore" aria-busy={busy}>
        <PageTitle className="lv-card-title">{t('restore.title')}</PageTitle>
        <Segmented<Mode>
          block
          value={mode}
          disabled={busy}
          onChange={(m) => {
            setMode(m);
            setError(null);
          }}
          options={[
            { value: 'backup', label: t('restore.mode.backup') },
            { value: 'recovery', label: t('restore.mode.recovery') },
          ]}
        />
        <Typography.Paragraph type="secondary" className="lv-restore-intro">
          {mode === 'backup'
            ? t('restore.backup.intro')
            : hasVault
              ? t('restore.recovery.here')
              : t('restore.recovery.folder')}
        </Typography.Paragraph>
        {mode === 'backup' ? (
          <div className="lv-alert-gap">
            <Button
              data-testid="restore-pick-backup"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const p = await client.restore.pickBackup();
                  if (p) setPicked(p);
                })
              }
            >
              {picked ? t('restore.backup.pickAgain') : t('restore.backup.pick')}
            </Button>
            {picked ? (
              <Descriptions size="small" column={1} className="lv-restore-picked" data-testid="restore-picked">
                <Descriptions.Item label={t('restore.backup.file')}>{picked.fileName}</Descriptions.Item>
                <Descriptions.Item label={t('restore.backup.made')}>
                  {t('restore.backup.madeBy', { at: formatShanghai(picked.createdAt, 'minute'), by: picked.createdBy })}
                </Descriptions.Item>
                <Descriptions.Item label={t('restore.backup.checked')}>{t('restore.backup.intact')}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </div>
        ) : !hasVault ? (
          <div className="lv-alert-gap">
            <Button
              data-testid="restore-pick-folder"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const f = await client.restore.pickFolder();
                  if (f) setFolder(f);
                })
              }
            >
              {t('restore.recovery.pickFolder')}
            </Button>
            {folder ? (
              <Typography.Paragraph className="lv-restore-picked" data-testid="restore-folder">
                {t('restore.recovery.folderPicked', { id: folder.vaultId })}
              </Typography.Paragraph>
            ) : null}
          </div>
        ) : null}
        <FormError error={error} title={t('restore.failed')} />
        {ready ? (
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            disabled={busy}
            initialValues={{ secretKind: 'recovery' }}
            onFinish={(v) => void onFinish(v)}
            autoComplete="off"
          >
            {mode === 'backup' && picked?.passphraseRestores ? (
              <Form.Item name="secretKind" label={t('restore.secretKind')}>
                <Radio.Group>
                  <Radio value="recovery">{t('restore.secret.recovery')}</Radio>
                  <Radio value="passphrase">{t('restore.secret.passphrase')}</Radio>
                </Radio.Group>
              </Form.Item>
            ) : null}
            <Form.Item
              name="secret"
              label={
                mode === 'backup' && secretKind === 'passphrase'
                  ? t('restore.secret.passphrase')
                  : t('restore.secret.recovery')
              }
              extra={mode === 'backup' && secretKind === 'passphrase' ? null : t('restore.secret.recoveryHelp')}
              rules={[{ required: true, whitespace: true, message: t('restore.required') }]}
            >
              <PasswordInput data-testid="restore-secret" autoComplete="off" maxLength={1024} />
            </Form.Item>
            <Form.Item
              name="adminUsername"
              label={t('restore.admin')}
              extra={t('restore.admin.help')}
              rules={[{ required: true, whitespace: true, message: t('restore.required') }]}
            >
              <Input autoComplete="off" spellCheck={false} maxLength={64} />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('restore.newPassword')}
              extra={t('restore.newPassword.help', { min: PASSWORD_MIN_LENGTH })}
              rules={rules.password((get) => String(get('adminUsername') ?? ''))}
              dependencies={['adminUsername']}
              validateFirst
            >
              <PasswordInput autoComplete="new-password" maxLength={1024} />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('restore.confirm')}
              rules={rules.confirm('newPassword')}
              dependencies={['newPassword']}
            >
              <PasswordInput autoComplete="new-password" maxLength={1024} />
            </Form.Item>
            {mode === 'backup' && picked?.replacesVault ? (
              <Form.Item
                name="replace"
                valuePropName="checked"
                rules={[
                  {
                    validator: (_r, v: boolean | undefined) =>
                      v ? Promise.resolve() : Promise.reject(new Error(t('restore.replace.required'))),
                  },
                ]}
              >
                <Checkbox data-testid="restore-replace">{t('restore.replace')}</Checkbox>
              </Form.Item>
            ) : null}
            {busy ? (
              <div className="lv-alert-gap">
                <Alert type="info" role="status" showIcon title={t('restore.working')} />
              </div>
            ) : null}
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={busy}
              danger={picked?.replacesVault === true && mode === 'backup'}
            >
              {mode === 'backup' ? t('restore.submit.backup') : t('restore.submit.recovery')}
            </Button>
          </Form>
        ) : null}
        <div className="lv-restore-back">
          <Link to="/">{t('restore.back')}</Link>
        </div>
      </Card>
    </Screen>
  );
}

function Restored({ result }: { result: RestoredView }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Screen>
      <Card className="lv-card" data-testid="restore-done">
        <Result
          status="success"
          title={result.backupCreatedAt ? t('restore.done.backup') : t('restore.done.recovery')}
          subTitle={
            result.backupCreatedAt
              ? t('restore.done.backupMade', {
                  at: formatShanghai(result.backupCreatedAt, 'minute'),
                  by: result.backupCreatedBy ?? '',
                })
              : null
          }
        />
        <Typography.Paragraph>{t('restore.done.next')}</Typography.Paragraph>
        {result.usersNeedingReset.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            className="lv-alert-gap"
            data-testid="restore-needs-reset"
            title={t('restore.done.resetTitle')}
            description={t('restore.done.reset', { names: result.usersNeedingReset.join('、') })}
          />
        ) : null}
        {result.previousVaultMovedTo ? (
          <Alert
            type="info"
            showIcon
            className="lv-alert-gap"
            title={t('restore.done.keptAside', { folder: result.previousVaultMovedTo })}
          />
        ) : null}
        <Button type="primary" size="large" block onClick={() => void navigate({ to: '/unlock', replace: true })}>
          {t('restore.done.signIn')}
        </Button>
      </Card>
    </Screen>
  );
}
