import { Alert, App as AntApp, Button, Card, Flex, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type {
  AccountView,
  ClientSummary,
  ImportColumnMapping,
  ImportDoneView,
  ImportPickView,
  ImportPreviewView,
} from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { canAny, useSignedIn } from '../app/session';
import { ImportBatches } from './ImportBatches';
import { fileSize } from './import-format';
import { PreviewTable } from './PreviewTable';
import { DeclaredTotals, PreviewCounts } from './DeclaredTotals';
import { DropZone, importDropped } from './DropZone';
import { MappingPanel } from './MappingPanel';
import { ReadingOptions, type EncodingChoice, type FormatChoice } from './ReadingOptions';
import { FORMAT_NAMES, useT } from './i18n';
import './import.css';

/**
 * 导入 (issue 14): client and account, a file from the shell's open dialog or dropped onto the
 * wizard (DropZone.tsx; the page never learns its path), the detected format
 * and encoding (each may be overridden, which previews again), every row classified, the counts
 * and the file's declared totals against those read, then one batch; the batches below, each
 * with 撤销导入 for users who may delete records.
 */
export function ImportPage() {
  const t = useT();
  const [locale] = useLocale();
  const status = useSignedIn();
  const { modal, message } = AntApp.useApp();
  const [clients, setClients] = useState<ClientSummary[] | null>(null);
  const [clientId, setClientId] = useState<number | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [accountId, setAccountId] = useState<number | null>(null);
  const [picked, setPicked] = useState<ImportPickView | null>(null);
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [mapping, setMapping] = useState<ImportColumnMapping | null>(null);
  const [mappingName, setMappingName] = useState<string | null>(null);
  const [statementAccount, setStatementAccount] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewFailed, setPreviewFailed] = useState(false);
  const [accepted, setAccepted] = useState<ReadonlySet<number>>(new Set());
  const [done, setDone] = useState<ImportDoneView | null>(null);
  const [committing, setCommitting] = useState(false);
  const [error, setError] = useState<{ title: string; error: unknown } | null>(null);
  const [batches, setBatches] = useState<{ rows: ImportBatchRowList; error: unknown }>({ rows: null, error: null });

  useEffect(() => {
    client.clients.list().then(
      (list) => {
        const active = list.filter((c) => c.status === 'active');
        setClients(active);
        if (active.length === 1) setClientId(active[0]!.id);
      },
      (err: unknown) => setError({ title: t('common.failed'), error: err }),
    );
    // Once per visit: a change of language re-labels the page without asking again.
  }, []);

  useEffect(() => {
    setAccounts([]);
    setAccountId(null);
    if (clientId === null) return;
    client.accounts.list({ clientId }).then(setAccounts, () => setAccounts([]));
  }, [clientId]);

  const loadBatches = useCallback(() => {
    if (clientId === null) return;
    client.import.batches({ clientId }).then(
      (rows) => setBatches({ rows, error: null }),
      (err: unknown) => setBatches({ rows: null, error: err }),
    );
  }, [clientId]);
  useEffect(loadBatches, [loadBatches]);

  /** The reading the user chose: format, encoding and, for the generic reader, the column mapping. */
  const overrides = {
    ...(format !== 'auto' ? { format } : {}),
    ...(encoding !== 'auto' ? { encoding } : {}),
    ...(mapping ? { mapping } : {}),
    ...(statementAccount ? { statementAccount } : {}),
  };

  // A new file, client, account or override: preview again (the core classifies against this client).
  useEffect(() => {
    if (!picked || clientId === null) return;
    let cancelled = false;
    setPreviewing(true);
    setPreviewFailed(false);
    setError(null);
    setAccepted(new Set());
    client.import
      .preview({
        handle: picked.handle,
        clientId,
        ...(accountId !== null ? { accountId } : {}),
        ...overrides,
      })
      .then(
        (p) => {
          if (!cancelled) setPreview(p);
        },
        (err: unknown) => {
          if (cancelled) return;
          setPreview(null);
          setPreviewFailed(true);
          setError({ title: t('import.previewFailed'), error: err });
        },
      )
      .finally(() => {
        if (!cancelled) setPreviewing(false);
      });
    return () => {
      cancelled = true;
    };
  }, [picked, clientId, accountId, format, encoding, mapping, statementAccount]);

  // The dialog's pick and a drop alike: the core opened the file and holds it under a handle.
  const open = async (from: () => Promise<ImportPickView | null>) => {
    setError(null);
    try {
      const file = await from();
      if (!file) return;
      setDone(null);
      setPreview(null);
      setFormat('auto');
      setEncoding('auto');
      setMapping(null);
      setMappingName(null);
      setStatementAccount(null);
      setPicked(file);
    } catch (err) {
      setError({ title: t('import.pickFailed'), error: err });
    }
  };

  const pick = () => open(() => client.import.pick());

  const toImport = preview ? preview.counts.imported + accepted.size : 0;
  const clientName = clients?.find((c) => c.id === clientId)?.name ?? '';

  const commit = async () => {
    if (!preview || !picked || clientId === null) return;
    setCommitting(true);
    setError(null);
    try {
      const result = await client.import.commit({
        handle: picked.handle,
        clientId,
        ...(accountId !== null ? { accountId } : {}),
        ...overrides,
        acceptDuplicates: [...accepted],
      });
      setDone(result);
      setPreview(null);
      setPicked(null);
      setMapping(null);
      setMappingName(null);
      setStatementAccount(null);
      loadBatches();
    } catch (err) {
      setError({ title: t('import.commit.failed'), error: err });
    } finally {
      setCommitting(false);
    }
  };

  const confirmCommit = () => {
    modal.confirm({
      title: t('import.commit.confirm', { count: toImport, client: clientName }),
      content: t('import.commit.confirmBody'),
      okText: t('import.commit'),
      cancelText: t('common.cancel'),
      onOk: () => commit(),
    });
  };

  const formatName = (f: string) => FORMAT_NAMES[f]?.[locale] ?? f;

  return (
    <div className="lv-import">
      <PageTitle>{t('import.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <DropZone
        enabled={clientId !== null}
        onFile={(file) => void open(() => importDropped(file))}
        onSeveral={() => void message.warning(t('import.dropOne'))}
      >
        <div className="lv-import-grid">
          <Card size="small" className="lv-panel">
            <Flex gap="middle" wrap align="end">
              <label className="lv-import-field">
                <span>{t('import.client')}</span>
                <Select
                  data-testid="import-client"
                  className="lv-import-select"
                  placeholder={t('import.client.placeholder')}
                  value={clientId ?? undefined}
                  onChange={(v: number) => setClientId(v)}
                  options={(clients ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  showSearch
                  optionFilterProp="label"
                  loading={clients === null}
                />
              </label>
              {accounts.length > 0 && (
                <label className="lv-import-field">
                  <span>{t('import.account')}</span>
                  <Select
                    data-testid="import-account"
                    className="lv-import-select"
                    value={accountId ?? 0}
                    onChange={(v: number) => setAccountId(v === 0 ? null : v)}
                    options={[
                      { value: 0, label: t('import.account.none') },
                      ...accounts.map((a) => ({
                        value: a.id,
                        label: [a.institution, a.accountNumber, a.holder].filter(Boolean).join(' · ') || `#${a.id}`,
                      })),
                    ]}
                  />
                </label>
              )}
              <Space>
                <Button
                  type={picked ? 'default' : 'primary'}
                  onClick={() => void pick()}
                  disabled={clientId === null}
                  data-testid="import-pick"
                >
                  {picked ? t('import.pickOther') : t('import.pick')}
                </Button>
                {picked ? (
                  <Typography.Text data-testid="import-file">
                    {t('import.picked', { name: picked.fileName, size: fileSize(picked.bytes) })}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('import.dropHint')}</Typography.Text>
                )}
              </Space>
            </Flex>
            {clients !== null && clients.length === 0 && (
              <Typography.Paragraph type="secondary">{t('import.noClients')}</Typography.Paragraph>
            )}
          </Card>

          {done && (
            <Alert
              type="success"
              showIcon
              data-testid="import-done"
              title={t('import.done', { count: done.counts.imported, batch: done.batchId })}
              description={t('import.done.detail', {
                duplicates: done.counts.duplicates,
                rejected: done.counts.rejected,
                skipped: done.counts.skipped,
              })}
            />
          )}
          {previewing && !preview && (
            <Flex gap="small" align="center">
              <Spin size="small" />
              <Typography.Text type="secondary">{t('import.previewing')}</Typography.Text>
            </Flex>
          )}

          {picked && (
            <Card size="small" className="lv-panel" title={<PanelTitle>{picked.fileName}</PanelTitle>}>
              <Flex gap="middle" wrap align="end">
                <ReadingOptions
                  format={format}
                  onFormat={(v) => {
                    setMapping(null);
                    setMappingName(null);
                    setFormat(v);
                  }}
                  encoding={encoding}
                  onEncoding={setEncoding}
                  accounts={preview?.declared.accounts}
                  account={statementAccount ?? preview?.declared.account}
                  onAccount={setStatementAccount}
                />
                {preview && (
                  <Typography.Text data-testid="import-detected">
                    {t('import.format.detected', { format: formatName(preview.format) })}
                    {' · '}
                    {preview.encoding ? preview.encoding.toUpperCase() : t('import.encoding.sheet')}
                    {preview.runnerUp
                      ? ` · ${t('import.format.runnerUp', { format: formatName(preview.runnerUp) })}`
                      : ''}
                    {mapping
                      ? ` · ${mappingName ? t('import.map.appliedSaved', { name: mappingName }) : t('import.map.applied')}`
                      : ''}
                  </Typography.Text>
                )}
                {previewing && <Spin size="small" />}
              </Flex>
              {preview && !preview.encodingConfident && preview.encoding && (
                <Alert
                  className="lv-import-gap"
                  type="warning"
                  showIcon
                  title={t('import.encoding.unsure', { encoding: preview.encoding.toUpperCase() })}
                />
              )}
            </Card>
          )}
          {picked && (format === 'csv' || preview?.format === 'csv' || (!preview && previewFailed)) && (
            <MappingPanel
              handle={picked.handle}
              encoding={encoding === 'auto' ? undefined : encoding}
              onApply={(m, name) => {
                setFormat('csv');
                setMapping(m);
                setMappingName(name ?? null);
              }}
            />
          )}
          {error && <ErrorAlert error={error.error} title={error.title} />}
          {picked && preview && (
            <Card size="small" className="lv-panel">
              <PreviewCounts preview={preview} toImport={toImport} accepted={accepted.size} />
              <DeclaredTotals preview={preview} />
              <PreviewTable
                preview={preview}
                accepted={accepted}
                onAccept={(line, yes) =>
                  setAccepted((prev) => {
                    const next = new Set(prev);
                    if (yes) next.add(line);
                    else next.delete(line);
                    return next;
                  })
                }
              />
              <Flex gap="middle" align="center" justify="end">
                {toImport === 0 && (
                  <Typography.Text type="secondary" data-testid="import-nothing">
                    {t('import.commit.nothing')}
                  </Typography.Text>
                )}
                <Button
                  type="primary"
                  disabled={toImport === 0 || previewing}
                  loading={committing}
                  onClick={confirmCommit}
                  data-testid="import-commit"
                >
                  {t('import.commit.count', { count: toImport })}
                </Button>
              </Flex>
            </Card>
          )}

          {clientId !== null && (
            <ImportBatches
              rows={batches.rows}
              error={batches.error}
              canUndo={canAny(status, 'records.delete')}
              onChanged={loadBatches}
            />
          )}
        </div>
      </DropZone>
    </div>
  );
}

type ImportBatchRowList = Awaited<ReturnType<typeof client.import.batches>> | null;
