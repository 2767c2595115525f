import { App as AntApp, Button, Card, Flex, Input, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { clientMatches } from '../../shared/clients/client-search';
import type { ClientSummary, StaffOption } from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { canAny, type SignedInStatus } from '../app/session';
import { useLoad } from '../app/use-load';
import { GrantDialog, staffLabel } from './GrantDialog';
import { useT } from './i18n';
import './access.css';

type Level = 'none' | 'read' | 'write';

const LEVELS: Level[] = ['none', 'read', 'write'];
const PAGE_SIZE = 20;

/**
 * Clients as rows (searched by name, 拼音 or initials, in the core's order, a page at a time, so
 * 500 clients stay workable) and staff as columns (from grants:staff: managers see accountants,
 * admins accountants and auditors); each cell 无 / 只读 / 可写. Archived clients are not granted.
 */
export function GrantMatrix(props: { status: SignedInStatus; clients: ClientSummary[] }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const grants = useLoad(client.grants.list);
  const staff = useLoad(client.grants.staff);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const isManagerView = !canAny(props.status, 'user.list');

  const active = useMemo(() => props.clients.filter((c) => c.status === 'active'), [props.clients]);
  const shown = useMemo(() => active.filter((c) => clientMatches(c.name, search)), [active, search]);
  const levels = useMemo(() => {
    const map = new Map<string, Level>();
    for (const g of grants.data ?? []) map.set(`${g.username}:${g.clientId}`, g.canWrite ? 'write' : 'read');
    return map;
  }, [grants.data]);
  const people: StaffOption[] = staff.data ?? [];

  const setLevel = async (person: StaffOption, target: ClientSummary, level: Level) => {
    const { username } = person;
    setError(null);
    setBusy(`${username}:${target.id}`);
    try {
      const next =
        level === 'none'
          ? await client.grants.revoke({ username, clientId: target.id })
          : await client.grants.set({ username, clientId: target.id, canWrite: level === 'write' });
      grants.setData(next);
      void message.success(
        t('grants.done', { username: staffLabel(person), client: target.name, level: t(`grants.level.${level}`) }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<ClientSummary> = [
    {
      title: t('grants.matrix.client'),
      key: 'client',
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    ...people.map((p) => ({
      title: (
        <div className="lv-grant-person">
          <Typography.Text strong>{p.displayName}</Typography.Text>
          {p.displayName !== p.username ? <Typography.Text type="secondary">{p.username}</Typography.Text> : null}
          <Tag className="lv-grant-role">{t(`role.${p.role}`)}</Tag>
        </div>
      ),
      key: `staff-${p.username}`,
      width: 210,
      render: (_: unknown, c: ClientSummary) => {
        const key = `${p.username}:${c.id}`;
        return (
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            aria-label={t('grants.cell.label', { username: p.username, client: c.name })}
            value={levels.get(key) ?? 'none'}
            disabled={busy !== null}
            className={busy === key ? 'lv-grant-cell lv-grant-cell-busy' : 'lv-grant-cell'}
            onChange={(event) => void setLevel(p, c, event.target.value as Level)}
            options={LEVELS.map((value) => ({ value, label: t(`grants.level.${value}`) }))}
          />
        );
      },
    })),
  ];

  const loadError = grants.error ?? staff.error;

  return (
    <Card
      title={<PanelTitle>{t('grants.matrix.title')}</PanelTitle>}
      className="lv-panel"
      data-testid="grant-matrix"
      extra={
        active.length > 0 && people.length > 0 ? (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('grants.dialog.open')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        {t(isManagerView ? 'grants.matrix.intro.manager' : 'grants.matrix.intro.admin')}
      </Typography.Paragraph>
      <FormError error={error} title={t('grants.failed')} />
      {loadError ? (
        <ErrorAlert error={loadError} title={t('grants.loadFailed')} />
      ) : active.length === 0 ? (
        <Typography.Paragraph type="secondary" data-testid="grant-matrix-empty">
          {t('grants.matrix.noClients')}
        </Typography.Paragraph>
      ) : (
        <>
          <Flex gap="middle" align="center" wrap className="lv-grant-toolbar">
            <Input.Search
              allowClear
              className="lv-grant-search"
              aria-label={t('grants.search.label')}
              placeholder={t('grants.search.placeholder')}
              value={search}
              onChange={(event) => {
                setSearch(event.target.value);
                setPage(1);
              }}
            />
            {!staff.loading && people.length === 0 ? (
              <Typography.Text type="secondary">{t('grants.matrix.noUsers')}</Typography.Text>
            ) : null}
          </Flex>
          <Table<ClientSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={shown}
            loading={grants.loading || staff.loading}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: setPage,
              showTotal: (total) => t('grants.matrix.total', { total }),
            }}
            scroll={{ x: 'max-content' }}
            bordered
            locale={{ emptyText: t('grants.matrix.noMatch') }}
          />
        </>
      )}
      <GrantDialog
        open={adding}
        staff={people}
        clients={active}
        onClose={() => setAdding(false)}
        onGranted={(rows, values) => {
          setAdding(false);
          grants.setData(rows);
          const person = people.find((p) => p.username === values.username);
          const target = active.find((c) => c.id === values.clientId);
          void message.success(
            t('grants.done', {
              username: person ? staffLabel(person) : values.username,
              client: target?.name ?? '',
              level: t(`grants.level.${values.level}`),
            }),
          );
        }}
      />
    </Card>
  );
}
