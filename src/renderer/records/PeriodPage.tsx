import { Alert, Button, Card, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClientSummary, PeriodAccount, PeriodSummaryRow, PeriodView } from '../../shared/contract';
import { shanghaiDate } from '../../shared/time';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useSignedIn } from '../app/session';
import { ClientPicker } from '../clients/ClientPicker';
import { useT as useRecordsT } from './i18n';
import { OpeningBalanceModal } from './OpeningBalanceModal';
import { usePeriodT } from './period-i18n';
import { money as unsignedMoney } from './record-format';
import './period.css';

type Range = { from: string; to: string };

const KIND_ZH = { bank: '银行账户', alipay: '支付宝', wechat: '微信支付', card: '银行卡', other: '其他账户' } as const;

function monthRange(month: Dayjs): Range {
  return { from: month.startOf('month').format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD') };
}

/** ¥1,200.50, and -¥1,200.50 for a negative net or balance (not ¥-1,200.50). */
const money = (minor: number, currency: string) =>
  minor < 0 ? `-${unsignedMoney(-minor, currency)}` : unsignedMoney(minor, currency);

const amountOrDash = (minor: number | null, currency: string) => (minor === null ? '—' : money(minor, currency));

/**
 * 期间汇总: one client's accounting period (a month by default, or any range): each account's
 * 期初/期末 balance, 收入/支出/净额 by month, 收支汇总 by counterparty and by 摘要, and the 流水明细表,
 * which prints on its own (window.print(); period.css hides the rest of the screen).
 */
export function PeriodPage() {
  const t = usePeriodT();
  const rt = useRecordsT();
  const status = useSignedIn();
  const canSetOpening = status.can.includes('records.create');
  const [clients, setClients] = useState<ClientSummary[]>([]);
  const [clientId, setClientId] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<Range>(() => monthRange(dayjs(shanghaiDate())));
  const [view, setView] = useState<PeriodView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<PeriodAccount | null>(null);

  useEffect(() => {
    client.clients.list().then(
      (list) => {
        const active = list.filter((c) => c.status === 'active');
        setClients(active);
        if (active.length === 1) setClientId(active[0]!.id);
      },
      (err: unknown) => setError(err),
    );
  }, []);

  const load = useCallback(() => {
    if (clientId === undefined) return;
    setError(null);
    client.records.period({ clientId, ...range }).then(setView, (err: unknown) => {
      setView(null);
      setError(err);
    });
  }, [clientId, range]);
  useEffect(load, [load]);

  const presets = useMemo(() => {
    const now = dayjs(shanghaiDate());
    const quarterStart = now.month(Math.floor(now.month() / 3) * 3).startOf('month');
    return [
      { label: t('period.preset.thisMonth'), value: [now.startOf('month'), now.endOf('month')] as [Dayjs, Dayjs] },
      {
        label: t('period.preset.lastMonth'),
        value: [now.subtract(1, 'month').startOf('month'), now.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs],
      },
      {
        label: t('period.preset.thisQuarter'),
        value: [quarterStart, quarterStart.add(2, 'month').endOf('month')] as [Dayjs, Dayjs],
      },
      { label: t('period.preset.thisYear'), value: [now.startOf('year'), now.endOf('year')] as [Dayjs, Dayjs] },
    ];
  }, [t]);

  const accountLabel = (a: PeriodAccount) =>
    [a.institution ?? KIND_ZH[a.kind], a.accountNumber].filter(Boolean).join(' ');

  return (
    <div className="lv-period">
      <div className="lv-no-print">
        <PageTitle>{t('period.title')}</PageTitle>
        <Typography.Paragraph className="lv-help">{t('period.intro')}</Typography.Paragraph>
        <Space wrap className="lv-period-controls">
          <ClientPicker
            clients={clients}
            value={clientId}
            onChange={setClientId}
            placeholder={t('period.client.placeholder')}
            notFound={t('period.client.none')}
            aria-label={t('period.client')}
            className="lv-period-client"
            data-testid="period-client"
          />
          <DatePicker
            picker="month"
            aria-label={t('period.month')}
            placeholder={t('period.month')}
            value={dayjs(range.from)}
            allowClear={false}
            onChange={(m) => m && setRange(monthRange(m))}
            data-testid="period-month"
          />
          <DatePicker.RangePicker
            aria-label={t('period.range')}
            placeholder={[t('period.rangeStart'), t('period.rangeEnd')]}
            value={[dayjs(range.from), dayjs(range.to)]}
            allowClear={false}
            presets={presets}
            onChange={(d) =>
              d?.[0] && d[1] && setRange({ from: d[0].format('YYYY-MM-DD'), to: d[1].format('YYYY-MM-DD') })
            }
          />
          <Button type="primary" disabled={!view} onClick={() => window.print()}>
            {t('period.print')}
          </Button>
        </Space>
        {clientId === undefined && (
          <Alert type="info" showIcon title={t('period.choose')} className="lv-period-alert" />
        )}
        {error !== null && <ErrorAlert error={error} title={t('period.title')} />}
      </div>
      {view && (
        <Card className="lv-period-sheet" data-testid="period-sheet">
          <header className="lv-period-head">
            <h2>{t('period.sheet')}</h2>
            <div className="lv-period-meta">
              <span>{t('period.sheet.client', { name: view.clientName })}</span>
              <span>{t('period.sheet.period', { from: view.from, to: view.to })}</span>
              <span>{t('period.sheet.preparedBy', { name: view.preparedBy })}</span>
              <span>{t('period.sheet.printedAt', { at: view.preparedAt })}</span>
            </div>
          </header>

          <h3>{t('period.accounts')}</h3>
          <table className="lv-period-table" data-testid="period-accounts">
            <thead>
              <tr>
                <th scope="col">{t('period.col.account')}</th>
                <th scope="col">{t('period.col.opening')}</th>
                <th scope="col">{t('period.col.in')}</th>
                <th scope="col">{t('period.col.out')}</th>
                <th scope="col">{t('period.col.closing')}</th>
                {canSetOpening && (
                  <th scope="col" className="lv-no-print">
                    {t('period.col.action')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {view.accounts.map((a) => (
                <tr key={a.accountId}>
                  <th scope="row">{accountLabel(a)}</th>
                  <td className="lv-amount">
                    {a.openingMinor === null ? t('period.noOpening') : money(a.openingMinor, a.currency)}
                  </td>
                  <td className="lv-amount">{money(a.inMinor, a.currency)}</td>
                  <td className="lv-amount">{money(a.outMinor, a.currency)}</td>
                  <td className="lv-amount">{amountOrDash(a.closingMinor, a.currency)}</td>
                  {canSetOpening && (
                    <td className="lv-no-print">
                      <Button
                        size="small"
                        aria-label={`${t('period.setOpening')}：${accountLabel(a)}`}
                        onClick={() => setEditing(a)}
                      >
                        {t('period.setOpening')}
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>

          <h3>{t('period.months')}</h3>
          <table className="lv-period-table" data-testid="period-months">
            <thead>
              <tr>
                <th scope="col">{t('period.col.month')}</th>
                <th scope="col">{t('period.col.in')}</th>
                <th scope="col">{t('period.col.out')}</th>
                <th scope="col">{t('period.col.net')}</th>
                <th scope="col">{t('period.col.count')}</th>
              </tr>
            </thead>
            <tbody>
              {view.months.map((m) => (
                <tr key={`${m.month}-${m.currency}`}>
                  <th scope="row">{m.month}</th>
                  <td className="lv-amount">{money(m.inMinor, m.currency)}</td>
                  <td className="lv-amount">{money(m.outMinor, m.currency)}</td>
                  <td className="lv-amount">{money(m.netMinor, m.currency)}</td>
                  <td className="lv-amount">{m.count}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {view.totals.map((m) => (
                <tr key={m.currency}>
                  <th scope="row">{t('period.total')}</th>
                  <td className="lv-amount">{money(m.inMinor, m.currency)}</td>
                  <td className="lv-amount">{money(m.outMinor, m.currency)}</td>
                  <td className="lv-amount">{money(m.netMinor, m.currency)}</td>
                  <td className="lv-amount">{m.count}</td>
                </tr>
              ))}
            </tfoot>
          </table>

          <div className="lv-period-summaries">
            <Summary
              title={t('period.byCounterparty')}
              keyLabel={t('period.col.counterparty')}
              rows={view.byCounterparty}
              testId="period-by-counterparty"
            />
            <Summary
              title={t('period.byMemo')}
              keyLabel={t('period.col.memo')}
              rows={view.byMemo}
              testId="period-by-memo"
            />
          </div>

          <h3>{t('period.records')}</h3>
          {view.records.length === 0 ? (
            <Typography.Paragraph>{t('period.empty')}</Typography.Paragraph>
          ) : (
            <table className="lv-period-table lv-period-detail" data-testid="period-records">
              <thead>
                <tr>
                  <th scope="col">{t('period.col.date')}</th>
                  <th scope="col">{t('period.col.counterparty')}</th>
                  <th scope="col">{t('period.col.memo')}</th>
                  <th scope="col">{t('period.col.in')}</th>
                  <th scope="col">{t('period.col.out')}</th>
                  <th scope="col">{t('period.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {view.records.map((r) => (
                  <tr key={r.id}>
                    <td>{r.hasTime ? r.occurredAt.slice(0, 16).replace('T', ' ') : r.occurredAt.slice(0, 10)}</td>
                    <td>{r.counterparty}</td>
                    <td>{r.memo}</td>
                    <td className="lv-amount">{r.direction === 'in' ? money(r.amountMinor, r.currency) : ''}</td>
                    <td className="lv-amount">{r.direction === 'out' ? money(r.amountMinor, r.currency) : ''}</td>
                    <td>{rt(`records.status.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {view.totals.map((m) => (
                  <tr key={m.currency}>
                    <th scope="row" colSpan={3}>
                      {t('period.total')}
                    </th>
                    <td className="lv-amount">{money(m.inMinor, m.currency)}</td>
                    <td className="lv-amount">{money(m.outMinor, m.currency)}</td>
                    <td />
                  </tr>
                ))}
              </tfoot>
            </table>
          )}
        </Card>
      )}
      <OpeningBalanceModal
        account={editing}
        label={editing ? accountLabel(editing) : ''}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          load();
        }}
      />
    </div>
  );
}

function Summary(props: { title: string; keyLabel: string; rows: PeriodSummaryRow[]; testId: string }) {
  const t = usePeriodT();
  return (
    <section>
      <h3>{props.title}</h3>
      <table className="lv-period-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">{props.keyLabel}</th>
            <th scope="col">{t('period.col.in')}</th>
            <th scope="col">{t('period.col.out')}</th>
            <th scope="col">{t('period.col.net')}</th>
            <th scope="col">{t('period.col.count')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={`${r.key ?? ''}-${r.currency}`}>
              <th scope="row">{r.key ?? t('period.none')}</th>
              <td className="lv-amount">{money(r.inMinor, r.currency)}</td>
              <td className="lv-amount">{money(r.outMinor, r.currency)}</td>
              <td className="lv-amount">{money(r.netMinor, r.currency)}</td>
              <td className="lv-amount">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
