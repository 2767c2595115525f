import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BatchItem, RecordView } from '../../shared/contract';
import { client } from '../app/client';
import type { RecordQuery } from './record-format';

interface Picked {
  version: number;
  clientId: number;
}

/**
 * The records picked for a batch, each with the version it had when picked (the core refuses the
 * batch if any changed since) and its client (the confirmation names the clients). A new filter
 * starts a new selection: "select all" always means all of the filter on screen.
 */
export function useRecordSelection(query: RecordQuery, rows: RecordView[]) {
  const [picked, setPicked] = useState<ReadonlyMap<number, Picked>>(new Map());
  const [capped, setCapped] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const clear = useCallback(() => {
    setPicked(new Map());
    setCapped(false);
    setError(null);
  }, []);
  useEffect(clear, [query, clear]);

  /** From the table: the ids now checked (antd keeps those not loaded, from select all). */
  const onSelect = useCallback(
    (ids: number[]) => {
      setPicked((before) => {
        const byId = new Map(rows.map((r) => [r.id, r]));
        const next = new Map<number, Picked>();
        for (const id of ids) {
          const known = before.get(id);
          const row = byId.get(id);
          if (known) next.set(id, known);
          else if (row) next.set(id, { version: row.version, clientId: row.clientId });
        }
        return next;
      });
      setCapped(false);
    },
    [rows],
  );

  /** Ctrl+A: every record of the filter, asked of the core (the table holds only a chunk). */
  const selectAll = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const { limit: _limit, offset: _offset, ...filter } = query;
      const all = await client.records.ids(filter);
      setPicked(new Map(all.items.map((i) => [i.id, { version: i.version, clientId: i.clientId }])));
      setCapped(all.capped);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, [query]);

  const selected = useMemo(() => new Set(picked.keys()), [picked]);
  const items = useCallback((): BatchItem[] => [...picked].map(([id, p]) => ({ id, version: p.version })), [picked]);
  const clientIds = useCallback(() => [...new Set([...picked.values()].map((p) => p.clientId))], [picked]);

  return { selected, count: picked.size, capped, busy, error, onSelect, selectAll, clear, items, clientIds };
}
