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
