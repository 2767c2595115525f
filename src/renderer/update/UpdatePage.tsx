import { Alert, Button, Card, Descriptions, Flex, Form, Input, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { UpdateCheckView, UpdateStatusView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { AppError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import './update.css';

const group4 = (hex: string) => (hex.match(/.{1,4}/g) ?? []).join(' ');

function sizeText(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${bytes.toLocaleString('en-US')} B`;
}

/** Where this workstation stands: version, the rollback floor and where it was read, the keys it trusts. */
function CurrentPanel(props: { status: UpdateStatusView }) {
  const t = useT();
  const s = props.status;
  return (
    <Card title={<PanelTitle>{t('update.current')}</PanelTitle>} size="small" className="lv-panel">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('update.currentVersion')}>
          <span data-testid="update-current">{s.currentVersion}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('update.floor')}>
          <span data-testid="update-floor">{s.highestInstalled}</span>
          <Typography.Text type="secondary">
            {` · ${t('update.floor.where', {
              vault: s.vaultCopy ?? t('update.floor.none'),
              keychain: s.keychainCopy ?? t('update.floor.none'),
            })}`}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('update.keys')}>
          <Flex vertical gap={2}>
            {s.trustedKeys.map((k) => (
              <span key={k.fingerprint}>
                <Typography.Text code className="lv-update-hash">
                  {group4(k.fingerprint)}
                </Typography.Text>{' '}
                <Tag>{t(k.source === 'pinned' ? 'update.key.pinned' : 'update.key.learned')}</Tag>
              </span>
            ))}
          </Flex>
        </Descriptions.Item>
      </Descriptions>
      {/* A missing mirror matters only where the vault had a record (a first check writes both). */}
      {s.mirror !== 'present' && s.vaultCopy !== null && (
        <Alert
          type="info"
          showIcon
          title={t(s.mirror === 'missing' ? 'update.mirror.missing' : 'update.mirror.unreadable')}
        />
      )}
    </Card>
  );
}

/** What was verified, check by check, and the files with their hashes. */
function CheckedRelease(props: { found: UpdateCheckView }) {
  const t = useT();
  const [locale] = useLocale();
  const f = props.found;
  const trust =
    f.key.trust === 'endorsed'
      ? t('update.v.trust.endorsed', { by: group4(f.key.endorsedBy ?? '') })
      : t(f.key.trust === 'pinned' ? 'update.v.trust.pinned' : 'update.v.trust.learned');
  return (
    <div data-testid="update-found">
      <Typography.Title level={3} className="lv-update-found">
        {t('update.found', { version: f.version })}
      </Typography.Title>
      {f.releaseNotes && (
        <>
          <Typography.Text strong>{t('update.notes')}</Typography.Text>
          <Typography.Paragraph className="lv-update-notes" data-testid="update-notes">
            {f.releaseNotes[locale]}
          </Typography.Paragraph>
        </>
      )}
      <Typography.Text strong>{t('update.verified')}</Typography.Text>
      <Descriptions size="small" column={1} className="lv-update-checks" data-testid="update-checks">
        <Descriptions.Item label={t('update.v.source')}>{f.sourceName}</Descriptions.Item>
        <Descriptions.Item label={t('update.v.signature')}>
          {t('update.v.signature.ok', { fingerprint: group4(f.key.fingerprint), trust })}
          {f.nextKey && (
            <div>
              <Typography.Text type="secondary">
                {t('update.v.nextKey', { fingerprint: group4(f.nextKey) })}
              </Typography.Text>
            </div>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('update.v.released')}>{formatShanghai(f.releaseDate)}</Descriptions.Item>
        <Descriptions.Item label={t('update.v.expiry')}>
          {t('update.v.expiry.ok', { at: formatShanghai(f.expiresAt), checked: formatShanghai(f.checkedAt) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('update.v.rollback')}>
          {t('update.v.rollback.ok', { version: f.version, installed: f.highestInstalled })}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('update.v.files')}</Typography.Text>
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={f.files}
        data-testid="update-files"
        columns={[
          { title: t('update.col.name'), dataIndex: 'name', width: 260 },
          { title: t('update.col.size'), dataIndex: 'size', width: 110, render: (n: number) => sizeText(n) },
          {
            title: t('update.col.sha512'),
            dataIndex: 'sha512',
            render: (h: string) => (
              <Typography.Text code className="lv-update-hash">
                {h}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}

type Phase = 'checked' | 'installing' | 'ready' | 'restarting';

/** 检查更新 / 从文件夹安装: admins only (the route and, again, the core). */
export function UpdatePage() {
  const t = useT();
  const status = useLoad(() => client.update.status());
  const [busy, setBusy] = useState<'folder' | 'office' | 'url' | null>(null);
  const [found, setFound] = useState<UpdateCheckView | null>(null);
  const [phase, setPhase] = useState<Phase>('checked');
  const [refusal, setRefusal] = useState<unknown>(null);
  const [urlSaved, setUrlSaved] = useState(false);

  const check = async (source: 'folder' | 'office') => {
    setBusy(source);
    setRefusal(null);
    setFound(null);
    setPhase('checked');
    try {
      const view = source === 'folder' ? await client.update.checkFolder() : await client.update.checkOffice();
      if (view) setFound(view);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(null);
      status.reload();
    }
  };

  const install = async () => {
    if (!found) return;
    setPhase('installing');
    setRefusal(null);
    try {
      await client.update.install({ handle: found.handle });
      setPhase('ready');
    } catch (error) {
      setRefusal(error);
      setPhase('checked');
      setFound(null);
    } finally {
      status.reload();
    }
  };

  const restart = async () => {
    setPhase('restarting');
    try {
      await client.update.restart();
    } catch (error) {
      setRefusal(error);
      setPhase('ready');
    }
  };

  const saveUrl = async (values: { url: string }) => {
    setBusy('url');
    setUrlSaved(false);
    try {
      status.setData(await client.update.setOfficeUrl({ url: values.url.trim() || null }));
      setUrlSaved(true);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(null);
    }
  };

  const isRefusal = refusal instanceof AppError && refusal.messageKey?.startsWith('update.');
  const ready = phase === 'ready' || phase === 'restarting';
  return (
    <div className="lv-update-page">
      <PageTitle>{t('update.title')}</PageTitle>
      <Typography.Paragraph type="secondary" className="lv-update-intro">
        {t('update.intro')}
      </Typography.Paragraph>
      <div className="lv-update-grid">
        {status.error !== null && <ErrorAlert error={status.error} title={t('update.failed')} />}
        {status.data && <CurrentPanel status={status.data} />}
        <Card title={<PanelTitle>{t('update.check')}</PanelTitle>} size="small" className="lv-panel">
          <Typography.Paragraph type="secondary">{t('update.fromFolder.hint')}</Typography.Paragraph>
          <Flex gap="small" wrap>
            <Button
              type="primary"
              onClick={() => void check('folder')}
              loading={busy === 'folder'}
              disabled={phase === 'installing' || ready}
              data-testid="update-from-folder"
            >
              {t('update.fromFolder')}
            </Button>
            {status.data?.officeUrl && (
              <Button
                onClick={() => void check('office')}
                loading={busy === 'office'}
                disabled={phase === 'installing' || ready}
                data-testid="update-from-office"
              >
                {t('update.fromOffice')}
              </Button>
            )}
          </Flex>
          {status.data && (
            <Form
              layout="inline"
              className="lv-update-url"
              initialValues={{ url: status.data.officeUrl ?? '' }}
              onFinish={(v: { url: string }) => void saveUrl(v)}
            >
              <Form.Item name="url" label={t('update.officeUrl')}>
                <Input placeholder={t('update.officeUrl.placeholder')} className="lv-update-url-input" />
              </Form.Item>
              <Button htmlType="submit" loading={busy === 'url'}>
                {t('update.officeUrl.save')}
              </Button>
              {urlSaved && <Typography.Text type="success">{t('update.officeUrl.saved')}</Typography.Text>}
            </Form>
          )}
          {refusal !== null && (
            <div
              className="lv-update-result"
              data-testid="update-refused"
              data-refusal={isRefusal ? refusal.messageKey : ''}
            >
              <ErrorAlert error={refusal} title={t(isRefusal ? 'update.refused' : 'update.failed')} />
            </div>
          )}
          {found && (
            <div className="lv-update-result">
              <CheckedRelease found={found} />
              <Steps
                size="small"
                className="lv-update-steps"
                current={phase === 'checked' ? 0 : phase === 'installing' ? 1 : 2}
                status={phase === 'installing' || phase === 'restarting' ? 'process' : 'finish'}
                items={[
                  { title: t('update.step.verified') },
                  { title: t('update.step.handed') },
                  { title: t('update.step.ready') },
                ]}
                data-testid="update-steps"
              />
              {!ready && (
                <Button
                  type="primary"
                  onClick={() => void install()}
                  loading={phase === 'installing'}
                  data-testid="update-install"
                >
                  {t('update.install', { version: found.version })}
                </Button>
              )}
              {ready && (
                <Alert
                  type="success"
                  showIcon
                  data-testid="update-ready"
                  title={t('update.ready', { version: found.version })}
                  action={
                    <Button type="primary" onClick={() => void restart()} loading={phase === 'restarting'}>
                      {t(phase === 'restarting' ? 'update.restarting' : 'update.restart')}
                    </Button>
                  }
                />
              )}
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}
