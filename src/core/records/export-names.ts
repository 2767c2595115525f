/**
 * Export file names a bookkeeper can file without renaming: client, period, what it is
 * (杭州明达-2024年03月-支付记录.xlsx; 全部客户-... across clients), with the characters Windows
 * forbids replaced so the save dialog never refuses the suggestion.
 */
import { safeFileName } from '../export/xlsx';
import { shanghaiDate } from '../../shared/time';
import type { RecordQuery } from './index';

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The period a filter covers, as a name part: 2024年03月, 2024年, 20240305-20240320, 全部期间. */
export function periodLabel(from: string | undefined, to: string | undefined, locale: 'zh-CN' | 'en'): string {
  const f = from?.trim().match(DAY);
  const t = to?.trim().match(DAY);
  if (f && t) {
    const [, fy, fm, fd] = f;
    const [, ty, tm, td] = t;
    if (fy === ty && fd === '01' && Number(td) === lastDayOfMonth(Number(ty), Number(tm))) {
      if (fm === tm) return locale === 'zh-CN' ? `${fy}年${fm}月` : `${fy}-${fm}`;
      if (fm === '01' && tm === '12') return locale === 'zh-CN' ? `${fy}年` : `${fy}`;
    }
    return `${f[0].replace(/-/g, '')}-${t[0].replace(/-/g, '')}`;
  }
  if (f) return locale === 'zh-CN' ? `${f[0].replace(/-/g, '')}起` : `from-${f[0].replace(/-/g, '')}`;
  if (t) return locale === 'zh-CN' ? `截至${t[0].replace(/-/g, '')}` : `to-${t[0].replace(/-/g, '')}`;
  return locale === 'zh-CN' ? `截至${shanghaiDate().replace(/-/g, '')}` : `to-${shanghaiDate().replace(/-/g, '')}`;
}

export function exportBaseName(
  clientName: string | null,
  query: Pick<RecordQuery, 'from' | 'to'>,
  locale: 'zh-CN' | 'en',
  what = locale === 'zh-CN' ? '支付记录' : 'payment-records',
): string {
  const who = clientName ?? (locale === 'zh-CN' ? '全部客户' : 'all-clients');
  return safeFileName(`${safeFileName(who)}-${periodLabel(query.from, query.to, locale)}-${what}`);
}
