import { Alert, Card, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEventView, AuditSpanView } from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import type { AuditFilter } from './audit-format';
import { useT } from './i18n';
import { AuditActions } from './AuditActions';
import { AuditDetailsDrawer } from './AuditDetailsDrawer';
import { AuditFilters } from './AuditFilters';
import { AuditSpan } from './AuditSpan';
import { AuditTable } from './AuditTable';
import './audit.css';

/**
 * How many matching events one search asks for. The core answers oldest first up to this many;
 * the table shows them newest first, and says so when the limit cut the list short.
 */
const LIST_LIMIT = 20_000;

type Access = 'checking' | 'denied' | { canExport: boolean };

/** The audit-log viewer for admins, managers and auditors. */
export function AuditPage() {
  const t = useT();
  const [access, setAccess] = useState<Access>('checking');
  const [filter, setFilter] = useState<AuditFilter>({});
  const [events, setEvents] = useState<AuditEventView[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [span, setSpan] = useState<AuditSpanView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<AuditEventView | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  /** Which search the table shows (for tests and screen readers: a new result, not a stale one). */
  const [resultId, setResultId] = useState(0);
  const latest = useRef(0);

  const search = useCallback(async (next: AuditFilter) => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const list = await client.audit.list({ ...next, limit: LIST_LIMIT });
      const kept = await client.audit.span();
      if (request !== latest.current) return;
      setFilter(next);
      setEvents(list.slice().reverse());
      setTruncated(list.length >= LIST_LIMIT);
      setSpan(kept);
      setResultId(request);
      setError(null);
    } catch (err) {
      if (request === latest.current) setError(err);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, []);

  // What the signed-in user may do decides what shows; the core enforces it either way.
  useEffect(() => {
    let cancelled = false;
    client.vault
      .status()
      .then((status) => {
        if (cancelled) return;
        if (!status.can.includes('audit.view')) return setAccess('denied');
        setAccess({ canExport: status.can.includes('audit.export') });
        void search({});
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err);
      });
    return () => {
      cancelled = true;
    };
    // Once per visit: a change of language re-labels the page without asking the core again.
  }, []);

  const open = useCallback((event: AuditEventView) => {
    setSelected(event);
    setDrawerOpen(true);
  }, []);

  return (
    <div className="lv-audit">
      <PageTitle className="lv-page-title lv-audit-title">{t('audit.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>

      {access === 'denied' ? (
        <Alert type="warning" showIcon title={t('audit.noPermission')} />
      ) : (
        <>
          {error !== null && <ErrorAlert error={error} title={t('audit.list.failed')} />}
          {span && <AuditSpan span={span} />}
          <Card size="small" className="lv-audit-card">
            <AuditFilters loading={loading} onSearch={(next) => void search(next)} />
          </Card>
          {typeof access === 'object' && <AuditActions filter={filter} canExport={access.canExport} />}
          {truncated && <Alert type="warning" showIcon title={t('audit.table.truncated', { limit: LIST_LIMIT })} />}
          <AuditTable events={events} resultId={resultId} loading={loading || access === 'checking'} onOpen={open} />
          <AuditDetailsDrawer event={selected} open={drawerOpen} onClose={() => setDrawerOpen(false)} />
        </>
      )}
    </div>
  );
}
