import { Alert, Button, Card, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClientSummary, RecordView } from '../../shared/contract';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useSignedIn } from '../app/session';
import { useT } from './i18n';
import { BatchBar } from './BatchBar';
import { BatchModal, type BatchTarget } from './BatchModal';
import { DeleteModal } from './DeleteModal';
import { ExportBar } from './ExportBar';
import { HistoryDrawer } from './HistoryDrawer';
import { RecordEntryDrawer } from './RecordEntryDrawer';
import { ClientPicker } from '../clients/ClientPicker';
import { RecordFilters, type RecordFilterValues } from './RecordFilters';
import { money, type RecordQuery } from './record-format';
import { RecordsTable, type SortState } from './RecordsTable';
import { RevealModal } from './RevealModal';
import { useRecordSelection } from './use-selection';
import './records.css';

/**
 * Rows per request: the table asks for the next chunk as the user scrolls. The first request
 * asks only for what fills a screen or two, so a client's records appear at once (each row's
 * fields are decrypted in the core: npm run bench, "first page"); the next chunk follows by itself.
 */
const FIRST_CHUNK = 50;
const CHUNK = 300;
const ALL = 0;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The accountants' daily screen: one client's (or all visible clients') payment records, filtered
 * and sorted by the core, loaded in chunks into a virtual table, with the in/out totals of the
 * whole filter; the keyboard-first entry form, reveal with a reason, change history and exports.
 */
export function RecordsPage() {
  const t = useT();
  const status = useSignedIn();
  const canReveal = status.can.includes('records.reveal');
  const canCreate = status.can.includes('records.create');

  const [clients, setClients] = useState<ClientSummary[] | null>(null);
  const [clientId, setClientId] = useState<number>(ALL);
  const [filters, setFilters] = useState<RecordFilterValues>({});
  const [sort, setSort] = useState<SortState>({ sort: 'occurredAt', order: 'desc' });
  const [rows, setRows] = useState<RecordView[]>([]);
  const [total, setTotal] = useState(0);
  const [totals, setTotals] = useState({ inMinor: 0, outMinor: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [resultId, setResultId] = useState(0);
  const [round, setRound] = useState(0);
  const [entryOpen, setEntryOpen] = useState(false);
  const [revealing, setRevealing] = useState<RecordView | null>(null);
  const [historyOf, setHistoryOf] = useState<RecordView | null>(null);
  const [editing, setEditing] = useState<RecordView | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  /** Each 编辑 starts a fresh form, even for the record edited (and cancelled) just before. */
  const [editSession, setEditSession] = useState(0);
  const [deleting, setDeleting] = useState<RecordView | null>(null);
  const [batch, setBatch] = useState<BatchTarget | null>(null);
  const latest = useRef(0);
  const loadingMore = useRef(false);

  useEffect(() => {
    let cancelled = false;
    client.clients.list().then(
      (list) => {
        if (cancelled) return;
        const active = list.filter((c) => c.status === 'active');
        setClients(active);
        if (active.length === 1) setClientId(active[0]!.id);
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // Once per visit: a change of language re-labels the page without asking again.
  }, []);

  const query = useMemo<RecordQuery>(
    () => ({ ...(clientId === ALL ? {} : { clientId }), ...filters, sort: sort.sort, order: sort.order }),
    [clientId, filters, sort],
  );

  // A new filter (or a saved record) starts again from the first chunk.
  useEffect(() => {
    if (clients === null || clients.length === 0) return;
    const request = ++latest.current;
    loadingMore.current = false;
    setLoading(true);
    client.records.list({ ...query, limit: FIRST_CHUNK, offset: 0 }).then(
      (page) => {
        if (request !== latest.current) return;
        setRows(page.rows);
        setTotal(page.total);
        setTotals(page.totals);
        setResultId(request);
        setError(null);
        setLoading(false);
        if (page.rows.length < page.total) setPrefetch(request);
      },
      (err: unknown) => {
        if (request !== latest.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [query, clients, round]);

  const loadMore = useCallback(() => {
    if (loadingMore.current || loading || rows.length >= total) return;
    loadingMore.current = true;
    const request = latest.current;
    setLoading(true);
    client.records
      .list({ ...query, limit: CHUNK, offset: rows.length })
      .then(
        (page) => {
          if (request !== latest.current) return;
          setRows((before) => [...before, ...page.rows]);
          setTotal(page.total);
          setTotals(page.totals);
        },
        (err: unknown) => {
          if (request === latest.current) setError(err);
        },
      )
      .finally(() => {
        if (request === latest.current) {
          loadingMore.current = false;
          setLoading(false);
        }
      });
  }, [loading, rows.length, total, query]);

  // After the first screen, the next chunk is fetched without waiting for a scroll.
  const [prefetch, setPrefetch] = useState(0);
  useEffect(() => {
    if (prefetch === 0 || prefetch !== latest.current) return;
    setPrefetch(0);
    loadMore();
  }, [prefetch, loadMore]);

  const selection = useRecordSelection(query, rows);
  const { selectAll } = selection;
  // Ctrl+A outside a text field selects every record of the filter, not only the loaded chunk.
  useEffect(() => {
    if (!canCreate) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'a') return;
      if (isEditable(event.target)) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      event.preventDefault();
      void selectAll();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canCreate, selectAll]);
  const clientNames = useMemo(() => new Map((clients ?? []).map((c) => [c.id, c.name])), [clients]);
  const openBatch = (mode: BatchTarget['mode']) =>
    setBatch({
      mode,
      items: selection.items(),
      clientNames: selection.clientIds().map((id) => clientNames.get(id) ?? String(id)),
    });
  const afterBatch = useCallback(() => {
    selection.clear();
    setRound((n) => n + 1);
  }, [selection]);

  // N (outside a text field) or Ctrl+N opens the entry form.
  useEffect(() => {
    if (!canCreate) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.shiftKey || event.key.toLowerCase() !== 'n') return;
      const ctrl = event.ctrlKey || event.metaKey;
      if (!ctrl && isEditable(event.target)) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      event.preventDefault();
      setEntryOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canCreate]);

  const onSaved = useCallback(() => setRound((n) => n + 1), []);
  const onEdit = useCallback((r: RecordView) => {
    setEditing(r);
    setEditSession((n) => n + 1);
    setEditOpen(true);
  }, []);

  // After a reload (a conflict), the record being edited or deleted is taken as it is now.
  const [seenRows, setSeenRows] = useState(rows);
  if (seenRows !== rows) {
    setSeenRows(rows);
    if (editing && editOpen) {
      const fresh = rows.find((r) => r.id === editing.id);
      if (fresh && fresh.version !== editing.version) setEditing(fresh);
    }
    if (deleting) {
      const fresh = rows.find((r) => r.id === deleting.id);
      if (fresh && fresh.version !== deleting.version) setDeleting(fresh);
    }
  }
  const showAll = clientId === ALL;
  // Under 全部客户 the entry form picks no client: the accountant chooses one (issue 10).
  const defaultClientId = clientId !== ALL ? clientId : undefined;

  return (
    <div className="lv-page lv-records">
      <div className="lv-records-head">
        <div>
          <PageTitle>{t('records.title')}</PageTitle>
          <Typography.Paragraph type="secondary" className="lv-page-intro">
            {t('records.intro')}
          </Typography.Paragraph>
        </div>
        <Space wrap>
          {clients && clients.length > 0 && (
            <ClientPicker
              aria-label={t('records.client')}
              data-testid="records-client"
              className="lv-records-client"
              clients={clients}
              value={clientId}
              onChange={setClientId}
              allLabel={clients.length > 1 ? t('records.client.all') : undefined}
              notFound={t('records.entry.client.none')}
            />
          )}
          {canCreate && clients && clients.length > 0 && (
            <Button type="primary" onClick={() => setEntryOpen(true)} aria-keyshortcuts="N Control+N">
              {t('records.add')}
              <kbd className="lv-kbd lv-kbd-on-primary">{t('records.add.shortcut')}</kbd>
            </Button>
          )}
        </Space>
      </div>

      {clients && clients.length === 0 && <Alert type="info" showIcon title={t('records.client.none')} />}
      {error !== null && <ErrorAlert error={error} title={t('records.list.failed')} />}

      {clients && clients.length > 0 && (
        <>
          <Card size="small" className="lv-records-card">
            <RecordFilters value={filters} onChange={setFilters} />
          </Card>
          <div className="lv-records-bar">
            <div className="lv-records-totals" data-testid="records-totals" aria-live="polite">
              <span>
                {t('records.totals.in')}{' '}
                <strong className="lv-records-amount-in" data-testid="total-in">
                  {money(totals.inMinor)}
                </strong>
              </span>
              <span>
                {t('records.totals.out')}{' '}
                <strong className="lv-records-amount-out" data-testid="total-out">
                  {money(totals.outMinor)}
                </strong>
              </span>
              <span data-testid="total-count">{t('records.totals.count', { count: total })}</span>
            </div>
            <ExportBar query={query} canReveal={canReveal} disabled={total === 0} />
          </div>
          {canCreate && (
            <BatchBar
              count={selection.count}
              total={total}
              capped={selection.capped}
              busy={selection.busy}
              canMove={(clients?.length ?? 0) > 1}
              onSelectAll={() => void selectAll()}
              onClear={selection.clear}
              onAction={openBatch}
            />
          )}
          {selection.error !== null && <ErrorAlert error={selection.error} title={t('records.list.failed')} />}
          <RecordsTable
            rows={rows}
            total={total}
            loading={loading}
            resultId={resultId}
            sort={sort}
            showClient={showAll}
            canReveal={canReveal}
            selected={selection.selected}
            onSelect={selection.onSelect}
            onSort={setSort}
            onNeedMore={loadMore}
            onReveal={setRevealing}
            onHistory={setHistoryOf}
            canWrite={canCreate}
            onEdit={onEdit}
            onDelete={setDeleting}
          />
          {rows.length < total && (
            <div className="lv-records-more">
              <Typography.Text type="secondary">
                {t('records.table.shown', { shown: rows.length, total })}
              </Typography.Text>
              <Button size="small" onClick={loadMore} loading={loading}>
                {t('records.table.more')}
              </Button>
            </div>
          )}
          {canCreate && (
            <RecordEntryDrawer
              open={entryOpen}
              clients={clients}
              defaultClientId={defaultClientId}
              onClose={() => setEntryOpen(false)}
              onSaved={onSaved}
            />
          )}
          {canCreate && editing && (
            <RecordEntryDrawer
              key={`${editing.id}-${editSession}`}
              open={editOpen}
              clients={clients}
              defaultClientId={editing.clientId}
              editing={editing}
              onClose={() => setEditOpen(false)}
              onSaved={onSaved}
              onConflict={onSaved}
            />
          )}
          <DeleteModal record={deleting} onClose={() => setDeleting(null)} onDeleted={onSaved} onConflict={onSaved} />
          <RevealModal record={revealing} onClose={() => setRevealing(null)} />
          <HistoryDrawer record={historyOf} clientNames={clientNames} onClose={() => setHistoryOf(null)} />
          <BatchModal
            target={batch}
            clients={clients}
            onClose={() => setBatch(null)}
            onDone={afterBatch}
            onConflict={afterBatch}
          />
        </>
      )}
    </div>
  );
}
