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
  'import.unknownFormat': {
    'zh-CN':
      '无法识别该文件：它不是本版本能读取的支付导出文件（支付宝、微信支付、银行对账单、camt.053、OFX、QIF、MT940 或 CSV/XLSX 表格）。未导入任何记录。',
    en: 'The file is not a payment export this version can read (Alipay, WeChat Pay, a bank statement, camt.053, OFX, QIF, MT940 or a CSV/XLSX table); nothing was imported.',
  },
  'import.malformed': {
    'zh-CN': '该文件不是可读取的 {format} 文件，未导入任何记录（{detail}）。',
    en: 'The file is not a readable {format} file; nothing was imported ({detail}).',
  },
  'import.dropNotFile': {
    'zh-CN': '只能拖入一个文件（不能是文件夹或其他对象）。',
    en: 'Only a file can be dropped here, not a folder or anything else.',
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
  'importMapping.invalid': {
    'zh-CN': '列映射不完整：需要表头行、日期列、交易对方列，以及一列金额或收入、支出两列。',
    en: 'The column mapping is incomplete: it needs the header row, the date and counterparty columns, and one amount column or both an in and an out column.',
  },
  'importMapping.blankHeader': {
    'zh-CN': '所选的表头行是空行，无法保存映射。',
    en: 'The chosen header row is blank, so the mapping cannot be saved.',
  },
  'importMapping.columnsMissing': {
    'zh-CN': '映射所用的列不在表头行中：{columns}。',
    en: 'The mapping names columns the header row does not have: {columns}.',
  },
  'importMapping.unknown': {
    'zh-CN': '没有名为“{name}”的已保存列映射。已保存的有：{names}。',
    en: 'There is no saved column mapping named "{name}". Saved ones: {names}.',
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
  'import.sheetTooLarge': {
    'zh-CN':
      '电子表格文件过大：.xlsx 和 .xls 文件需整体读入，最大为 {max} MB。请将其另存为 CSV 后再导入（CSV 文件最大可达 200 MB）。',
    en: 'The spreadsheet is too large: .xlsx and .xls files are read whole, up to {max} MB. Save it as CSV and import that (CSV files may have up to 200 MB).',
  },
  'import.fileChanged': {
    'zh-CN': '文件在预览之后（或导入过程中）被修改，未导入任何记录。请重新预览后再导入。',
    en: 'The file changed after the preview (or while it was being imported); nothing was imported. Preview it again, then import.',
  },
} as const;
