/** Client names in the order a person looks for them (pinyin for Chinese names). */
export function sortByName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
