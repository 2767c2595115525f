import { App as AntApp, Button, Flex, Input, Popconfirm, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ImportColumnMapping } from '../../shared/contract';
import type { ImportSavedMappingView } from '../../shared/import/contract';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useT } from './i18n';

type Row = { line: number; cells: string[] };

/**
 * 已保存的映射: the column mappings saved per bank. When the file's first rows hold a saved
 * mapping's header row, that mapping is used at once (the accountant mapped this bank before);
 * another can be chosen, the current one saved under a name, or a saved one deleted.
 */
export function SavedMappings(props: {
  rows: Row[] | null;
  /** The mapping being built in the panel, or null while it is incomplete. */
  current: () => { mapping: ImportColumnMapping; header: string[] } | null;
  onUse: (saved: ImportSavedMappingView) => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [saved, setSaved] = useState<ImportSavedMappingView[]>([]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { rows } = props;
  // The latest callback, without making the lookup below run again when the page re-renders.
  const onUse = useRef(props.onUse);
  onUse.current = props.onUse;

  useEffect(() => {
    client.import.mappings().then(setSaved, setError);
  }, []);

  // The first saved mapping whose header this file has is applied once per file.
  useEffect(() => {
    if (!rows) return;
    let live = true;
    client.import
      .mappingsFor({ rows: rows.map((r) => ({ ...r, cells: r.cells.length ? r.cells : [''] })) })
      .then((found) => {
        const first = found[0];
        if (!live || !first) return;
        setChosen(first.id);
        setName(first.name);
        onUse.current(first);
      }, setError);
    return () => {
      live = false;
    };
  }, [rows]);

  const use = (id: number | null) => {
    setChosen(id);
    const m = saved.find((x) => x.id === id);
    if (m) {
      setName(m.name);
      onUse.current(m);
    }
  };

  const save = () => {
    const current = props.current();
    if (!current || name.trim() === '') return;
    setBusy(true);
    setError(null);
    client.import
      .saveMapping({ name: name.trim(), mapping: current.mapping, header: current.header })
      .then(async (m) => {
        setSaved(await client.import.mappings());
        setChosen(m.id);
        void message.success(t('import.saved.done', { name: m.name }));
      }, setError)
      .finally(() => setBusy(false));
  };

  const remove = () => {
    if (chosen === null) return;
    client.import.deleteMapping({ id: chosen }).then(async () => {
      setSaved(await client.import.mappings());
      setChosen(null);
      setName('');
    }, setError);
  };

  return (
    <Flex gap="middle" wrap align="end" className="lv-import-gap" data-testid="import-saved-mappings">
      <label className="lv-import-field">
        <span>{t('import.saved.choose')}</span>
        <Select<number>
          className="lv-import-select"
          data-testid="import-saved-select"
          allowClear
          placeholder={saved.length === 0 ? t('import.saved.none') : t('import.saved.placeholder')}
          value={chosen ?? undefined}
          onChange={(v) => use(v ?? null)}
          options={saved.map((m) => ({ value: m.id, label: m.name }))}
        />
      </label>
      {chosen !== null && (
        <Popconfirm title={t('import.saved.deleteConfirm')} onConfirm={remove}>
          <Button danger data-testid="import-saved-delete">
            {t('import.saved.delete')}
          </Button>
        </Popconfirm>
      )}
      <label className="lv-import-field">
        <span>{t('import.saved.name')}</span>
        <Input
          className="lv-import-select"
          data-testid="import-saved-name"
          maxLength={60}
          value={name}
          placeholder={t('import.saved.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <Button onClick={save} loading={busy} disabled={name.trim() === ''} data-testid="import-saved-save">
        {t('import.saved.save')}
      </Button>
      <Typography.Text type="secondary">{t('import.saved.hint')}</Typography.Text>
      {error ? <ErrorAlert error={error} title={t('import.saved.failed')} /> : null}
    </Flex>
  );
}
