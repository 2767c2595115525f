import { Button, Card, Space, Tag } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import type { InternalAuditReport } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useLocale } from '../app/i18n';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';

function Sheet(props: { report: InternalAuditReport }) {
  const t = useT();
  const [locale] = useLocale();
  const paren = (a: string, b: string) => (locale === 'en' ? `${a} (${b})` : `${a}（${b}）`);
  const { audit, findings } = props.report;
  return (
    <Card className="lv-panel lv-ia-sheet" size="small" data-testid="ia-report">
      <h1 className="lv-ia-report-title">{t('ia.report.heading')}</h1>
      <h2 className="lv-ia-report-subtitle">{audit.title}</h2>
      <h3>{t('ia.report.audit')}</h3>
      <table className="lv-ia-facts">
        <tbody>
          <tr>
            <th scope="row">{t('ia.form.scope')}</th>
            <td className="lv-ia-pre">{audit.scope}</td>
          </tr>
          <tr>
            <th scope="row">{t('ia.form.planned')}</th>
            <td>{audit.plannedOn}</td>
          </tr>
          <tr>
            <th scope="row">{t('ia.form.held')}</th>
            <td>{audit.heldOn ?? t('ia.notHeld')}</td>
          </tr>
          <tr>
            <th scope="row">{t('ia.form.auditor')}</th>
            <td>{audit.auditor}</td>
          </tr>
          <tr>
            <th scope="row">{t('ia.report.conclusion')}</th>
            <td className="lv-ia-pre">{audit.conclusion ?? t('ia.report.noConclusion')}</td>
          </tr>
        </tbody>
      </table>
      <h3>{t('ia.report.findings', { total: audit.findings, open: audit.open, overdue: audit.overdue })}</h3>
      {findings.length === 0 ? (
        <p>{t('ia.report.noFindings')}</p>
      ) : (
        <table className="lv-ia-findings">
          <thead>
            <tr>
              <th scope="col">{t('ia.report.no')}</th>
              <th scope="col">{t('ia.col.finding')}</th>
              <th scope="col">{t('ia.col.severity')}</th>
              <th scope="col">{t('ia.col.owner')}</th>
              <th scope="col">{t('ia.col.due')}</th>
              <th scope="col">{t('ia.col.status')}</th>
              <th scope="col">{t('ia.col.resolution')}</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f, i) => (
              <tr key={f.id} data-finding={f.title}>
                <td>{i + 1}</td>
                <td>
                  <strong>{f.title}</strong>
                  <div className="lv-ia-pre">{f.detail}</div>
                </td>
                <td>{t(`ia.severity.${f.severity}`)}</td>
                <td>{f.ownerName === f.owner ? f.owner : paren(f.ownerName, f.owner)}</td>
                <td className="lv-ia-nowrap">{f.dueDate}</td>
                <td className="lv-ia-nowrap">
                  {f.overdue ? (
                    <Tag color="error">{t('ia.status.overdue')}</Tag>
                  ) : (
                    t(f.status === 'open' ? 'ia.status.open' : 'ia.status.closed')
                  )}
                </td>
                <td>
                  {f.status === 'closed' ? (
                    <>
                      <div className="lv-ia-pre">{f.resolution}</div>
                      <div className="lv-ia-small">
                        {t('ia.closedBy', { by: f.closedBy ?? '', at: formatShanghai(f.closedAt!) })}
                      </div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="lv-ia-signatures">
        <span>{t('ia.report.signature')}</span>
        <span>{t('ia.report.signatureOffice')}</span>
      </div>
      <p className="lv-ia-small">
        {t('ia.report.generated', { by: props.report.by, at: formatShanghai(props.report.at, 'second') })}
      </p>
    </Card>
  );
}

/**
 * One audit's report, to print (the app's chrome and these buttons carry `.lv-no-print`; the
 * sheet makes itself visible on paper, internal-audit.css). Its language is the app's.
 */
export function AuditReportView(props: { auditId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const report = useLoad(() => client.internalAudit.report({ auditId: props.auditId }));
  return (
    <div className="lv-page lv-ia-report" data-testid="internal-audit-report">
      <Space className="lv-no-print" style={{ marginBottom: 12 }}>
        <Button onClick={() => void navigate({ to: '/internal-audit', search: {} })}>{t('ia.report.back')}</Button>
        <Button type="primary" disabled={!report.data} onClick={() => window.print()}>
          {t('ia.report.print')}
        </Button>
      </Space>
      {report.error ? <ErrorAlert error={report.error} title={t('ia.report.failed')} /> : null}
      {report.data ? <Sheet report={report.data} /> : null}
    </div>
  );
}
