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
  'import.malformed': {
    'zh-CN': '该文件不是可读取的 {format} 文件，未导入任何记录（{detail}）。',
    en: 'The file is not a readable {format} file; nothing was imported ({detail}).',
  },
  'import.malformedXml': {
    'zh-CN': '该文件的 XML 结构有误，未导入任何记录（{detail}）。',
    en: 'The XML in the file is malformed; nothing was imported ({detail}).',
  },
  'import.xmlDeclaration': {
    'zh-CN':
      '该文件含有 XML 文档类型定义（DTD）或实体声明，出于安全原因拒绝读取（这是 XML 炸弹和外部实体攻击的手法），未导入任何记录。',
    en: 'The file holds an XML DTD or entity declaration, refused for safety (it is how XML bombs and external-entity attacks work); nothing was imported.',
  },
  'import.badXls': {
    'zh-CN': '无法读取该 .xls 文件（{detail}），未导入任何记录。',
    en: 'The .xls file cannot be read ({detail}); nothing was imported.',
  },
  'import.xlsPassword': {
    'zh-CN': '该 .xls 文件设有密码保护：请先在 Excel 中将其另存为无密码的文件，再导入。',
    en: 'The .xls file is password-protected: save it again without a password in Excel, then import it.',
  },
  'import.xlsTooOld': {
    'zh-CN': '只能读取 Excel 97 及更新版本（BIFF8）的 .xls 文件：请在 Excel 中重新保存后再导入。',
    en: 'Only Excel 97 and later (BIFF8) .xls files can be read: save it again in Excel, then import it.',
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
