import { App as AntApp, Alert, Button, Card, Descriptions, Radio, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { PostureFact, ReportLang, ReportPreview } from '../../shared/contract';
import { POSTURE_FACT_IDS } from '../../shared/posture/contract';
import { STATUS_WORDS, describeFact } from '../../shared/posture/wording';
import { FACT_MAPPING, FRAMEWORK_ITEMS, REPORT_SECTIONS, factsOfSection } from '../../shared/report/mapping';
import { REPORT_WORDS, registerLineLabel, registerLineValue } from '../../shared/report/wording';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { STATUS_COLOR } from '../posture/status';
import { useT } from './i18n';
import { ReportVerifyPanel } from './ReportVerifyPanel';

/** The clauses a fact evidences, in the report's language (as the signed HTML prints them). */
function refs(f: PostureFact, lang: ReportLang): string {
  const m = FACT_MAPPING[f.id];
  return [
    m.pci.length ? `PCI DSS ${m.pci.join(', ')}` : '',
    m.gbt.length ? `GB/T 22239 ${m.gbt.map((g) => FRAMEWORK_ITEMS.gbt[g]![lang]).join('、')}` : '',
    m.pipl.length ? (lang === 'en' ? `PIPL art. ${m.pipl.join(', ')}` : `个保法第 ${m.pipl.join(', ')} 条`) : '',
    m.archives.length ? (lang === 'en' ? 'Accounting Archives Measures' : '会计档案管理办法') : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The report as the file will say it: its sections, their facts and register summaries. */
function Preview(props: { report: ReportPreview }) {
  const r = props.report;
  const lang = r.lang;
  const w = (key: keyof typeof REPORT_WORDS) => REPORT_WORDS[key][lang];
  const columns: TableColumnsType<PostureFact> = [
    { title: w('fact'), key: 'fact', width: 200, render: (_: unknown, f) => describeFact(f, lang).title },
    {
      title: w('status'),
      key: 'status',
      width: 100,
      render: (_: unknown, f) => (
        // In the report's language, which may differ from the screen's.
        <Tag color={STATUS_COLOR[f.status]} data-status={f.status}>
          {STATUS_WORDS[f.status][lang]}
        </Tag>
      ),
    },
    { title: w('value'), key: 'value', width: 200, render: (_: unknown, f) => describeFact(f, lang).value },
    { title: w('detail'), key: 'detail', render: (_: unknown, f) => describeFact(f, lang).detail },
    { title: w('refs'), key: 'refs', width: 220, render: (_: unknown, f) => refs(f, lang) },
  ];
  return (
    <div data-testid="report-preview" lang={lang}>
      {REPORT_SECTIONS.map((s, i) => {
        const facts = factsOfSection(s.id, POSTURE_FACT_IDS)
          .map((id) => r.facts.find((f) => f.id === id))
          .filter((f): f is PostureFact => f !== undefined);
        const register = s.register ? r.registers.find((x) => x.register === s.register) : undefined;
        return (
          <section key={s.id} data-section={s.id} className="lv-report-section">
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
              {`${i + 1}. ${s.title[lang]}${s.seed.length ? `（${w('seed')} ${s.seed.join('、')}）` : ''}`}
            </Typography.Title>
            {facts.length ? (
              <Table<PostureFact>
                rowKey="id"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={facts}
                onRow={(f) => ({ 'data-fact': f.id }) as React.HTMLAttributes<HTMLElement>}
              />
            ) : null}
            {s.register && register ? (
              <Descriptions size="small" column={2} bordered style={{ marginTop: 6 }} title={w('register')}>
                {register.lines.map((l) => (
                  <Descriptions.Item key={l.key} label={registerLineLabel(l.key, lang)}>
                    {registerLineValue(l.value, lang)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : s.register ? (
              <Typography.Text type="secondary">{w('registerMissing')}</Typography.Text>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/**
 * 合规证据报告 (issue 17, Build 10): choose the language, generate (signed and audited in the
 * core), preview, and save the signed HTML or its PDF print where the save dialog says; the
 * renderer never holds a path or the file.
 */
export function ReportPage() {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [lang, setLang] = useState<ReportLang>(locale);
  const [report, setReport] = useState<ReportPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'create' | 'html' | 'pdf' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const generate = async () => {
    setBusy('create');
    setError(null);
    setSaved(null);
    try {
      setReport(await client.report.create({ lang }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const save = async (format: 'html' | 'pdf') => {
    if (!report) return;
    setBusy(format);
    try {
      const r = await client.report.save({ contentHash: report.contentHash, format });
      if (r) setSaved(r.path);
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const seal = report?.seal;
  return (
    <div className="lv-page" data-testid="report">
      <div className="lv-page-head">
        <PageTitle>{t('report.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('report.intro')}
        </Typography.Paragraph>
      </div>
      <Card className="lv-panel" size="small">
        <Space wrap>
          <Typography.Text id="report-lang">{t('report.lang')}</Typography.Text>
          <Radio.Group
            aria-labelledby="report-lang"
            value={lang}
            onChange={(e) => setLang(e.target.value as ReportLang)}
            optionType="button"
            options={[
              { value: 'zh-CN', label: t('report.lang.zh') },
              { value: 'en', label: t('report.lang.en') },
            ]}
          />
          <Button type="primary" loading={busy === 'create'} onClick={() => void generate()}>
            {report ? t('report.regenerate') : t('report.generate')}
          </Button>
          <Button disabled={!report} loading={busy === 'html'} onClick={() => void save('html')}>
            {t('report.saveHtml')}
          </Button>
          <Button disabled={!report} loading={busy === 'pdf'} onClick={() => void save('pdf')}>
            {t('report.savePdf')}
          </Button>
        </Space>
        {saved ? (
          <Alert type="success" showIcon style={{ marginTop: 8 }} title={t('report.saved', { path: saved })} />
        ) : null}
      </Card>
      {error ? <ErrorAlert error={error} title={t('report.failed')} /> : null}
      {/* Above the preview, which is long: a file handed back is checked without scrolling past it. */}
      <ReportVerifyPanel />
      {report ? (
        <Card className="lv-panel" size="small" title={<PanelTitle>{t('report.preview')}</PanelTitle>}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('report.generatedAt')}>
              {formatShanghai(report.generatedAt, 'second')}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.signer')}>
              {`${report.signer.displayName || report.signer.username} (${report.signer.username}) · ${report.signer.fingerprint}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.seal')}>
              {seal
                ? t('report.sealText', {
                    id: seal.id,
                    first: seal.firstSeq,
                    last: seal.lastSeq,
                    at: formatShanghai(seal.sealedAt),
                    signer: seal.signer,
                  })
                : t('report.noSeal')}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.hash')}>
              <Typography.Text code data-testid="report-hash" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {report.contentHash}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 8 }}>{t('report.counts', report.counts)}</Typography.Paragraph>
          <Preview report={report} />
        </Card>
      ) : null}
    </div>
  );
}
