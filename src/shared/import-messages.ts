/**
 * The importer's input messages (issue 14), in both languages; joined into INPUT_MESSAGES
 * (src/shared/messages.ts), which would otherwise outgrow one file.
 */
export const IMPORT_MESSAGES = {
  'import.tooLarge': {
    'zh-CN': '文件过大：导入的文件最大为 {max} MB。',
    en: 'The file is too large: an import file has at most {max} MB.',
  },
  'import.unreadable': {
    'zh-CN': '无法读取该文件（{reason}），未导入任何记录。',
    en: 'The file cannot be read ({reason}); nothing was imported.',
  },
  'import.batchNotFound': {
    'zh-CN': '找不到编号为 {id} 的导入批次，或您无权访问它。',
    en: 'There is no import batch {id} that you may access.',
  },
  'import.batchUndone': {
    'zh-CN': '导入批次 {id} 已于 {at} 撤销。',
    en: 'Import batch {id} was already undone at {at}.',
  },
  'import.editedSince': {
    'zh-CN': '导入后已有记录被修改或删除（编号 {ids}），撤销会丢失这些修改，因此未撤销。请先单独处理这些记录。',
    en: 'Records of this import were changed or deleted since (ids {ids}); undoing it would lose those changes, so nothing was undone. Deal with those records on their own first.',
  },
} as const;
