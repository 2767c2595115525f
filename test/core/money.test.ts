import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../src/shared/money';
import { maskAccountNumber } from '../../src/shared/masking';
import { parseOccurredAt, recordProblems } from '../../src/shared/records/rules';

/** A small seeded generator: the property tests are repeatable, and still cover many values. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('money in integer fen', () => {
  it('parse(format(x)) = x for random amounts, and sums stay exact', () => {
    const r = rng(20241128);
    let sum = 0;
    let parsedSum = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const magnitude = 10 ** Math.floor(r() * 12);
      const fen = Math.floor(r() * magnitude);
      const text = formatAmount(fen);
      const back = parseAmount(text);
      expect(back).toEqual({ ok: true, minor: fen });
      sum += fen;
      parsedSum += back.ok ? back.minor : NaN;
    }
    expect(parsedSum).toBe(sum);
    expect(Number.isSafeInteger(sum)).toBe(true);
  });

  it('0.1 + 0.2 entered as two amounts totals exactly 0.30', () => {
    const a = parseAmount('0.1');
    const b = parseAmount('0.2');
    expect(a.ok && b.ok && formatAmount(a.minor + b.minor)).toBe('0.30');
  });

  it('reads what people type and refuses what is not an amount', () => {
    expect(parseAmount('1,234.56')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmount('1234.5')).toEqual({ ok: true, minor: 123450 });
    expect(parseAmount('¥1234.56')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmount('￥１，２３４．５６')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmount('12 元')).toEqual({ ok: true, minor: 1200 });
    expect(parseAmount('1.234')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseAmount('-5')).toEqual({ ok: false, problem: 'negative' });
    expect(parseAmount('12,34')).toEqual({ ok: false, problem: 'format' });
    expect(parseAmount('1e5')).toEqual({ ok: false, problem: 'format' });
    expect(parseAmount('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseAmount('100', 'JPY')).toEqual({ ok: true, minor: 100 });
    expect(parseAmount('1.5', 'JPY')).toEqual({ ok: false, problem: 'too_many_decimals' });
  });
});

describe('record rules', () => {
  it('dates are Asia/Shanghai unless they say otherwise; impossible dates are refused', () => {
    expect(new Date(parseOccurredAt('2024-03-01')!).toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(new Date(parseOccurredAt('2024-03-01 14:05')!).toISOString()).toBe('2024-03-01T06:05:00.000Z');
    expect(new Date(parseOccurredAt('2024-03-01T14:05:00Z')!).toISOString()).toBe('2024-03-01T14:05:00.000Z');
    expect(parseOccurredAt('2023-02-29')).toBeNull();
    expect(parseOccurredAt('01/03/2024')).toBeNull();
  });

  it('names each problem of a draft', () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    expect(
      recordProblems({ occurredAt: '2024-07-01', direction: 'out', amount: '-3', counterparty: '' }, now).map(
        (p) => p.key,
      ),
    ).toEqual(['record.date.future', 'record.amount.negative', 'record.counterparty']);
    expect(
      recordProblems({ occurredAt: '2024-05-31', direction: 'in', amount: '3.00', counterparty: '张三' }, now),
    ).toEqual([]);
  });
});

describe('masking', () => {
  it('shows bank accounts by their last 4, cards by at most first 6 and last 4, phone-like IDs by their last 4', () => {
    expect(maskAccountNumber('6222 0212 3456 7890 123', 'bank')).toBe('****0123');
    expect(maskAccountNumber('4111111111111111', 'card')).toBe('411111******1111');
    expect(maskAccountNumber('13812345678', 'alipay')).toBe('****5678');
    expect(maskAccountNumber('zhangsan@example.com', 'alipay')).toBe('z***@example.com');
    expect(maskAccountNumber(null)).toBeNull();
  });
});
