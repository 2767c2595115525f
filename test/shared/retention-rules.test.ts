import { describe, expect, it } from 'vitest';
import {
  keptUntil,
  kindOf,
  periodEnded,
  periodProblem,
  purgeableFrom,
  RETENTION_DEFAULTS,
} from '../../src/shared/retention/rules';

/** 会计档案管理办法 第十四条: a period counts from the first day after the end of the record's accounting year, Beijing time. */
describe('retention periods', () => {
  const at = (iso: string) => Date.parse(iso);

  it('a record of any day in 2024 kept 10 years may go from 2035-01-01, kept 30 from 2055-01-01', () => {
    for (const day of ['2024-01-01T00:00:00+08:00', '2024-07-15T12:00:00+08:00', '2024-12-31T23:59:59+08:00']) {
      expect(purgeableFrom(at(day), 10)).toBe('2035-01-01');
      expect(keptUntil(at(day), 10)).toBe('2034-12-31');
      expect(purgeableFrom(at(day), 30)).toBe('2055-01-01');
    }
  });

  it('the accounting year is the Beijing one: 2024-12-31 20:00 UTC is already 2025 in Beijing', () => {
    expect(purgeableFrom(at('2024-12-31T15:59:59Z'), 10)).toBe('2035-01-01');
    expect(purgeableFrom(at('2024-12-31T16:00:00Z'), 10)).toBe('2036-01-01');
  });

  it('ends at midnight Beijing time on the first day after the period, not a second before', () => {
    const record = at('2024-03-01T10:00:00+08:00');
    expect(periodEnded(record, 10, at('2034-12-31T23:59:59+08:00'))).toBe(false);
    expect(periodEnded(record, 10, at('2035-01-01T00:00:00+08:00'))).toBe(true);
    // 2034-12-31 16:00 UTC is 2035-01-01 00:00 in Beijing, whatever zone the computer is in.
    expect(periodEnded(record, 10, at('2034-12-31T16:00:00Z'))).toBe(true);
  });

  it('the law sets the minimums: statements and reconciliations 10 years, vouchers 30', () => {
    expect(RETENTION_DEFAULTS.bankStatement.years).toBe(10);
    expect(RETENTION_DEFAULTS.bankReconciliation.years).toBe(10);
    expect(RETENTION_DEFAULTS.voucher.years).toBe(30);
    expect(RETENTION_DEFAULTS.voucher.article).toMatch(/原始凭证.*记账凭证.*30年/);
  });

  it('a period may be lengthened, never shortened below its minimum, nor 0, negative, fractional or absurd', () => {
    expect(periodProblem('voucher', 30)).toBeNull();
    expect(periodProblem('voucher', 45)).toBeNull();
    expect(periodProblem('voucher', 29)).toEqual({ key: 'retention.belowMinimum', params: { min: 30 } });
    expect(periodProblem('bankStatement', 9)?.key).toBe('retention.belowMinimum');
    for (const bad of [0, -10, 10.5, 101])
      expect(periodProblem('bankStatement', bad)?.key).toBe('retention.yearsRange');
  });

  it('an account without a kind (or an unknown one) is kept as bank statements', () => {
    expect(kindOf(null)).toBe('bankStatement');
    expect(kindOf('nonsense')).toBe('bankStatement');
    expect(kindOf('voucher')).toBe('voucher');
  });
});
