import { useEffect, useState } from 'react';
import { useT } from './i18n';

/** From this much time left, the countdown stands out. */
const SOON_MS = 2 * 60_000;

function mmss(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * "将于 mm:ss 后自动锁定": small and grey while there is time, prominent in the last two minutes.
 * Only calls to the core count as activity, so it restarts after each, not on mouse moves.
 */
export function IdleCountdown(props: { lockAt: number | null }) {
  const { lockAt } = props;
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (lockAt === null) return;
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [lockAt]);
  if (lockAt === null) return null;
  const left = Math.max(0, lockAt - now);
  const soon = left < SOON_MS;
  return (
    <span
      className={soon ? 'lv-idle lv-idle-soon' : 'lv-idle'}
      role="timer"
      data-testid="idle-countdown"
      data-soon={soon}
    >
      {t('session.idle', { time: mmss(left) })}
    </span>
  );
}
