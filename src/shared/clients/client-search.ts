/**
 * Clients as Chinese offices list and look them up: sorted by the pinyin of the name (as 用友 and
 * 金蝶 list them; the code-point order of characters means nothing to a reader), and found by the
 * name itself, its full pinyin ("hangzhou") or its initials ("hzmd"). Done in TypeScript on names
 * already read (names are to be encrypted per client; SQL cannot sort or search them).
 * Polyphonic characters take pinyin-pro's default reading: a surname read the other way is rare
 * in a company name and costs one scroll, not a wrong record.
 */
import { match, pinyin } from 'pinyin-pro';

/** "hang zhou ming da" for 杭州明达: the key names are sorted by (letters and digits kept). */
export function pinyinKey(name: string): string {
  return pinyin(name.normalize('NFKC'), { toneType: 'none', nonZh: 'consecutive' }).toLowerCase();
}

/** A copy of `list` in the order of its names' pinyin, ties by the name itself, then by id. */
export function sortByPinyin<T extends { id: number; name: string }>(list: readonly T[]): T[] {
  const keyed = list.map((item) => ({ item, key: pinyinKey(item.name) }));
  keyed.sort(
    (a, b) =>
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0) ||
      a.item.id - b.item.id,
  );
  return keyed.map((k) => k.item);
}

/**
 * Whether a name matches what was typed: a part of the name ("明达"), its pinyin ("hangzhou",
 * "mingda") or its initials ("hzmd"), case and spaces ignored. Empty text matches every name.
 */
export function clientMatches(name: string, typed: string): boolean {
  const query = typed.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  if (query === '') return true;
  const plain = name.normalize('NFKC').toLowerCase();
  if (plain.replace(/\s+/g, '').includes(query)) return true;
  return /^[a-z]+$/.test(query) && match(plain, query) !== null;
}
