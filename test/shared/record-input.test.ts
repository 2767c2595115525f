/**
 * Lenient, exact input: the dates and amounts people type (from paper, from Alipay and WeChat
 * bills) are read as they mean them, and what cannot be a date says why.
 */
import { describe, expect, it } from 'vitest';
import { inputMessage } from '../../src/shared/messages';
import { checkNewRecord } from '../../src/shared/records/check-record';
import { periodOf, periodRange, presetRange } from '../../src/shared/records/date-presets';
import {
  checkAmount,
  checkOccurredAt,
  checkSignedAmount,
  readRecordDate,
  recordProblems,
  splitSign,
} from '../../src/shared/records/rules';
import { formatRecordTime, toShanghaiIso } from '../../src/shared/time';

/** A fixed clock: 15 June 2026, 10:00 in Beijing. */
const NOW = Date.parse('2026-06-15T10:00:00+08:00');
const iso = (text: string) => {
  const r = readRecordDate(text, NOW);
  return r.ok ? `${toShanghaiIso(r.at)}${r.hasTime ? '' : ' (date only)'}` : r.problem;
};

describe('dates as people type them', () => {
  it.each([
    ['2024-03-05', '2024-03-05T00:00:00+08:00 (date only)'],
    ['2024/3/5', '2024-03-05T00:00:00+08:00 (date only)'],
    ['2024.3.5', '2024-03-05T00:00:00+08:00 (date only)'],
    ['20240305', '2024-03-05T00:00:00+08:00 (date only)'],
    ['2024年3月5日', '2024-03-05T00:00:00+08:00 (date only)'],
    ['２０２４／３／５', '2024-03-05T00:00:00+08:00 (date only)'],
    ['2024-03-05 14:05', '2024-03-05T14:05:00+08:00'],
    ['2024/3/5 9:05:07', '2024-03-05T09:05:07+08:00'],
    ['2024年3月5日 14:05', '2024-03-05T14:05:00+08:00'],
    ['20240305 23:59', '2024-03-05T23:59:00+08:00'],
    ['2024-03-05T06:05:00Z', '2024-03-05T14:05:00+08:00'],
    ['2024-03-05T14:05:00+08:00', '2024-03-05T14:05:00+08:00'],
  ])('%s', (text, expected) => expect(iso(text)).toBe(expected));

  it.each([
    ['3-5', '2026-03-05T00:00:00+08:00 (date only)'],
    ['3/5', '2026-03-05T00:00:00+08:00 (date only)'],
    ['3月5日', '2026-03-05T00:00:00+08:00 (date only)'],
    ['3月5号 8:30', '2026-03-05T08:30:00+08:00'],
    ['12-31', '2026-12-31T00:00:00+08:00 (date only)'],
  ])('%s is in the current Beijing year', (text, expected) => expect(iso(text)).toBe(expected));

  it('takes the current year in Beijing, not on the machine: 1 Jan 00:30 in Beijing is already the new year', () => {
    const newYear = Date.parse('2026-12-31T16:30:00Z');
    const r = readRecordDate('1-1', newYear);
    expect(r.ok && toShanghaiIso(r.at)).toBe('2027-01-01T00:00:00+08:00');
  });

  it('tells an impossible date from an unreadable one, and says what is wrong', () => {
    const problem = (text: string) => {
      const r = checkOccurredAt(text, NOW);
      return r.ok ? 'ok' : inputMessage(r.problem.key, 'zh-CN', r.problem.params);
    };
    expect(problem('2024-02-30')).toBe('2024-02-30 不是有效日期：2 月只有 29 天。');
    expect(problem('2023-02-29')).toBe('2023-02-29 不是有效日期：2 月只有 28 天。');
    expect(problem('2024/4/31')).toBe('2024-04-31 不是有效日期：4 月只有 30 天。');
    expect(problem('2024年13月1日')).toBe('2024-13-01 不是有效日期：没有 13 月。');
    expect(problem('13月5日')).toBe('2026-13-05 不是有效日期：没有 13 月。');
    expect(problem('2024-02-29')).toBe('ok');
    const unreadable = inputMessage('record.date.invalid', 'zh-CN');
    for (const text of ['yesterday', '2024-3', '3.5', '2024-03-05 25:00', '2024-03-05 14:61', '']) {
      expect(problem(text), text).toBe(unreadable);
    }
  });

  it('still refuses a date after today and before the floor', () => {
    const future = checkOccurredAt('6-16', NOW);
    expect(!future.ok && future.problem.key).toBe('record.date.future');
    expect(checkOccurredAt('6-15 23:59', NOW).ok).toBe(true);
    const old = checkOccurredAt('19991231', NOW);
    expect(!old.ok && old.problem.key).toBe('record.date.beforeFloor');
  });

  it('shows a date entered without a time without a fake 00:00', () => {
    const at = Date.parse('2024-03-05T00:00:00+08:00');
    expect(formatRecordTime(at, false)).toBe('2024-03-05');
    expect(formatRecordTime('2024-03-05T00:00:00+08:00', true)).toBe('2024-03-05 00:00');
    expect(formatRecordTime('2024-03-05T14:05:09+08:00', true)).toBe('2024-03-05 14:05');
  });
});

describe('amounts with a sign, as bills write money out', () => {
  it.each(['-500', '−500', '-¥500.00', '¥-500', '(500.00)', '－500', ' -500 '])('%s is 500.00 out', (text) => {
    const r = checkSignedAmount(text, 'CNY');
    expect(r.ok && r.value).toEqual({ minor: 50000, negative: true });
  });

  it('an unsigned amount is money as typed, not out', () => {
    expect(splitSign('1,234.50')).toEqual({ negative: false, rest: '1,234.50' });
    const r = checkSignedAmount('¥1,234.50', 'CNY');
    expect(r.ok && r.value).toEqual({ minor: 123450, negative: false });
  });

  it('a strict caller still refuses a negative amount', () => {
    const r = checkAmount('-500', 'CNY');
    expect(!r.ok && r.problem.key).toBe('record.amount.negative');
    expect(
      recordProblems({ occurredAt: '2024-03-05', direction: 'out', amount: '-500', counterparty: 'x' }, NOW),
    ).toEqual([expect.objectContaining({ field: 'amount', key: 'record.amount.negative' })]);
    expect(
      recordProblems(
        { occurredAt: '2024-03-05', direction: 'out', amount: '-500', counterparty: 'x' },
        NOW,
        undefined,
        true,
      ),
    ).toEqual([]);
  });

  it('checkNewRecord reads "-500" as direction out and 500 only for lenient input', () => {
    const input = { clientId: 1, occurredAt: '2024/3/5', direction: 'in', amount: '-500', counterparty: '支付宝' };
    const strict = checkNewRecord(input, { now: NOW, floor: '2000-01-01' });
    expect(strict.ok).toBe(false);
    const lenient = checkNewRecord(input, { now: NOW, floor: '2000-01-01', lenient: true });
    expect(lenient.ok && lenient.record).toMatchObject({ direction: 'out', amountMinor: 50000, hasTime: false });
  });

  it('no amount message prints a currency code at the user', () => {
    for (const text of ['12.345', '-', 'abc', '0', '']) {
      const r = checkAmount(text, 'CNY');
      if (r.ok) throw new Error(text);
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(inputMessage(r.problem.key, locale, r.problem.params), text).not.toMatch(/CNY|\{/);
      }
    }
    const r = checkAmount('12.345', 'CNY');
    expect(!r.ok && inputMessage(r.problem.key, 'zh-CN', r.problem.params)).toBe('金额最多两位小数（精确到分）。');
  });
});

describe('date presets of the records filter (Beijing time)', () => {
  it('本月, 上月, 本季度 and 本年 from a fixed clock', () => {
    expect(presetRange('thisMonth', NOW)).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(presetRange('lastMonth', NOW)).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(presetRange('thisQuarter', NOW)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(presetRange('thisYear', NOW)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('上月 in January is last December; a leap February ends on the 29th', () => {
    const january = Date.parse('2024-01-10T09:00:00+08:00');
    expect(presetRange('lastMonth', january)).toEqual({ from: '2023-12-01', to: '2023-12-31' });
    expect(periodRange(2024, 2)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    // 31 March 23:30 UTC is already 1 April in Beijing: 本月 is April, 本季度 the second quarter.
    const april = Date.parse('2024-03-31T23:30:00Z');
    expect(presetRange('thisQuarter', april)).toEqual({ from: '2024-04-01', to: '2024-06-30' });
  });

  it('a 会计期间 is read back only from a whole month', () => {
    expect(periodOf({ from: '2024-03-01', to: '2024-03-31' })).toEqual({ year: 2024, month: 3 });
    expect(periodOf({ from: '2024-03-01', to: '2024-03-30' })).toBeNull();
    expect(periodOf({ from: '2024-03-02', to: '2024-03-31' })).toBeNull();
  });
});
