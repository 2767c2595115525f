import { App as AntApp } from 'antd';
import { useState } from 'react';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';

/**
 * Runs one change of the incident screen: busy while it runs, the core's refusal shown in the
 * user's language (the core decides; the screen only asks). Resolves to the answer or null.
 */
export function useAction() {
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async <T>(name: string, work: () => Promise<T>, done?: string): Promise<T | null> => {
    setBusy(name);
    try {
      const value = await work();
      if (done) void message.success(done);
      return value;
    } catch (err) {
      void message.error(describeError(err, locale).message);
      return null;
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
