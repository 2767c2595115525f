/** Finding a client the way staff type it: by name, 拼音 or 拼音首字母; listing them in pinyin order. */
import { describe, expect, it } from 'vitest';
import { clientMatches, sortByPinyin } from '../../src/shared/clients/client-search';

const MINGDA = '杭州明达贸易有限公司';

describe('client search', () => {
  it.each(['杭州明达', '明达', 'hzmd', 'HZMD', 'hangzhou', 'mingda', 'hangzhoumingda', 'hang zhou', 'hzmdmy'])(
    '"%s" finds 杭州明达',
    (typed) => expect(clientMatches(MINGDA, typed)).toBe(true),
  );

  it.each(['深圳', 'szmd', 'beijing', 'xyz'])('"%s" does not', (typed) =>
    expect(clientMatches(MINGDA, typed)).toBe(false),
  );

  it('finds Latin names by their letters and empty text finds everyone', () => {
    expect(clientMatches('ABC 科技有限公司', 'abc')).toBe(true);
    expect(clientMatches('ABC 科技有限公司', 'kj')).toBe(true);
    expect(clientMatches(MINGDA, '  ')).toBe(true);
  });
});

describe('pinyin order', () => {
  it('sorts by the pinyin of the name, not by code point', () => {
    const list = ['中信咨询', '杭州明达', '安乐餐饮', '北京百度', '杭州阿里'].map((name, id) => ({ id, name }));
    expect(sortByPinyin(list).map((c) => c.name)).toEqual(['安乐餐饮', '北京百度', '杭州阿里', '杭州明达', '中信咨询']);
  });
});
