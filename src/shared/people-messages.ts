/**
 * Messages of the people register (issue 17, Build 4), of the client agreements (Build 5) and of
 * the files both keep in the vault (src/core/documents), in both languages; joined into
 * INPUT_MESSAGES (messages.ts) as one list so the shared message file stays short.
 */
export const PEOPLE_MESSAGES = {
  'document.empty': {
    'zh-CN': '文件“{name}”是空的。',
    en: 'The file "{name}" is empty.',
  },
  'document.type': {
    'zh-CN': '文件“{name}”不是 PDF、PNG 或 JPEG 文件（按文件内容判断，而非扩展名）。',
    en: 'The file "{name}" is not a PDF, PNG or JPEG file (judged by its content, not its name).',
  },
  'document.pickAgain': {
    'zh-CN': '所选文件已失效（已保存、已锁定或重新登录），请重新选择文件。',
    en: 'The chosen file is no longer held (saved, locked or signed in again); choose the file again.',
  },
  'document.notFound': {
    'zh-CN': '找不到文件 {id}。',
    en: 'File {id} was not found.',
  },
  'people.unknownStaff': {
    'zh-CN': '没有名为“{username}”的在职员工。',
    en: 'There is no active staff member "{username}".',
  },
  'people.dayInFuture': {
    'zh-CN': '日期不能晚于今天（{today}）。',
    en: 'The date cannot be after today ({today}).',
  },
  'people.noAttendees': {
    'zh-CN': '请至少填写一名参加者的结果。',
    en: 'Give the result of at least one attendee.',
  },
  'people.attendeeTwice': {
    'zh-CN': '“{username}”在参加者中出现了两次。',
    en: '"{username}" is listed twice among the attendees.',
  },
  'people.notFound': {
    'zh-CN': '找不到签署记录 {id}。',
    en: 'Acknowledgement {id} was not found.',
  },
  'people.noFile': {
    'zh-CN': '此记录没有附件。',
    en: 'This record has no file.',
  },
  'agreement.clientNotFound': {
    'zh-CN': '找不到客户 {id}。',
    en: 'Client {id} was not found.',
  },
  'agreement.signedInFuture': {
    'zh-CN': '签署日期不能晚于今天（{today}）。',
    en: 'The signing date cannot be after today ({today}).',
  },
  'agreement.renewalBeforeSigned': {
    'zh-CN': '续签日期不能早于签署日期（{signedOn}）。',
    en: 'The renewal date cannot be before the signing date ({signedOn}).',
  },
  'agreement.notFound': {
    'zh-CN': '找不到协议记录 {id}。',
    en: 'Agreement {id} was not found.',
  },
  'agreement.noFile': {
    'zh-CN': '此协议没有附件。',
    en: 'This agreement has no file.',
  },
} as const;
