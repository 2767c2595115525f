import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Asks again (after a change made elsewhere). */
  reload: () => void;
  /** Takes a fresh value a call already returned (most changes answer with the new list). */
  setData: (data: T) => void;
}

/** Loads something from the core when the screen opens; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const mine = ++latest.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (mine !== latest.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== latest.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((value: T) => {
    latest.current++;
    setData(value);
    setError(null);
    setLoading(false);
  }, []);
  return { data, error, loading, reload, setData: set };
}

/**
 * A point in time from the core (ISO 8601) in local time, as 2024-03-01 09:30:00 in both
 * languages (the audit viewer writes times the same way).
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}
