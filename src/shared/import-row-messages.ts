/**
 * Why a reader rejected a row or refused a file (issue 14), in both languages; joined into
 * INPUT_MESSAGES (src/shared/messages.ts). Readers name a key and the file's own text as
 * parameters, so the wizard shows the reason in the user's language and the CLI in its locale;
 * `{field}` is the column or tag name exactly as the file spells it (交易时间, TRNAMT, :61:).
 */
export const IMPORT_ROW_MESSAGES = {
  'importRow.noHeader': {
    'zh-CN': '文件中没有{format}的表头行（应含 {columns}）。',
    en: 'No {format} header row ({columns}) in the file.',
  },
  'importRow.noHeaderAt': {
    'zh-CN': '列映射指定的第 {line} 行不是表头行。',
    en: 'There is no header row at line {line}, where the column mapping says it is.',
  },
  'importRow.savedHeaderMissing': {
    'zh-CN': '文件前面的行中找不到所保存映射的表头行（{columns}…）：该文件的格式可能已改变，请重新设置列映射。',
    en: "The saved mapping's header row ({columns}…) is not among the file's first rows: the layout may have changed; map the columns again.",
  },
  'importRow.mappingHeaderBlank': {
    'zh-CN': '列映射指定的表头行（第 {line} 行）是空行。',
    en: "Line {line}, the column mapping's header row, is blank.",
  },
  'importRow.noMapping': {
    'zh-CN': '没有列映射：请选择日期、金额和对方户名所在的列。',
    en: 'No column mapping: choose the date, amount and counterparty columns.',
  },
  'importRow.mappingColumnsMissing': {
    'zh-CN': '表头行中没有列映射所用的列：{columns}。',
    en: "The column mapping's columns {columns} are not in the header row.",
  },
  'importRow.notDateTime': {
    'zh-CN': '{field}“{value}”不是有效的日期时间。',
    en: '{field} "{value}" is not a date and time.',
  },
  'importRow.notDate': {
    'zh-CN': '{field}“{value}”不是有效日期。',
    en: '{field} "{value}" is not a date.',
  },
  'importRow.noDate': {
    'zh-CN': '该行没有日期。',
    en: 'The row has no date.',
  },
  'importRow.noYear': {
    'zh-CN': '日期“{value}”没有年份，对账单也没有写明期间，无法确定年份。',
    en: 'The date "{value}" has no year and the statement names no period to take it from.',
  },
  'importRow.notAmount': {
    'zh-CN': '{field}“{value}”不是有效金额。',
    en: '{field} "{value}" is not an amount.',
  },
  'importRow.noAmount': {
    'zh-CN': '该行没有金额。',
    en: 'The row has no amount.',
  },
  'importRow.bothInOut': {
    'zh-CN': '{inField}“{inValue}”和{outField}“{outValue}”同时有金额，无法判断收支方向。',
    en: 'Both {inField} "{inValue}" and {outField} "{outValue}" are filled, so the direction is unclear.',
  },
  'importRow.unknownMark': {
    'zh-CN': '{field}“{value}”不是 {allowed} 中的任何一个。',
    en: '{field} "{value}" is none of {allowed}.',
  },
  'importRow.unknownCurrency': {
    'zh-CN': '币种“{value}”无法识别。',
    en: 'The currency "{value}" is not one the importer knows.',
  },
  'importRow.otherAccount': {
    'zh-CN': '这是另一个账户（{account}）的对账单，本次读取的是 {reading}：请在“读取哪个账户”中选择它，另行导入。',
    en: 'A statement of another account ({account}, not {reading}): choose it under "Account to read" and import it on its own.',
  },
  'importRow.notStatementLine': {
    'zh-CN': '{field}“{value}”不是有效的对账单明细行。',
    en: '{field} "{value}" is not a statement line.',
  },
} as const;
