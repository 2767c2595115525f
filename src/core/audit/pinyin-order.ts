/** Chinese names in the order of a Chinese phone book (by pinyin), the way staff look for them. */
const collator = new Intl.Collator('zh-CN-u-co-pinyin', { sensitivity: 'base', numeric: true });

export function pinyinCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
