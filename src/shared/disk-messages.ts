/**
 * A full disk or a failing drive, in both languages (issue 16 item 2); joined into INPUT_MESSAGES
 * (src/shared/messages.ts). Every message names the folder, and a full disk the space needed and
 * free, so a person knows which disk to clear and by how much. The vault's own messages say that
 * nothing saved was touched; the read variants say why nothing was shown: a look at records is
 * recorded in the audit log first, and that record could not be written.
 */
export const DISK_MESSAGES = {
  'disk.full': {
    'zh-CN':
      '{folder} 的剩余空间不足：需要约 {neededMb} MB，只剩 {freeMb} MB。此操作未完成，已保存的数据未受影响，也没有留下看似完整的文件。腾出空间后重试即可，无需修复。',
    en: '{folder} has too little free space: about {neededMb} MB is needed and {freeMb} MB is free. This was not done; nothing saved was touched and no file that looks complete was left. Free some space and retry; no repair is needed.',
  },
  'disk.ioError': {
    'zh-CN':
      '读写 {folder} 时出错（{reason}），例如磁盘故障或 U 盘被拔出。此操作未完成，已保存的数据未受影响，也没有留下看似完整的文件。请检查磁盘后重试。',
    en: 'Reading or writing {folder} failed ({reason}), for example a failing disk or a USB drive pulled out. This was not done; nothing saved was touched and no file that looks complete was left. Check the disk and retry.',
  },
  'disk.vaultFull': {
    'zh-CN':
      '保险库文件夹 {folder} 的剩余空间不足：需要约 {neededMb} MB，只剩 {freeMb} MB。此更改未保存，已保存的记录都在，未受影响。腾出空间后重试即可，无需修复。',
    en: 'The vault folder {folder} has too little free space: about {neededMb} MB is needed and {freeMb} MB is free. This change was not saved; every saved record is still there. Free some space and retry; no repair is needed.',
  },
  'disk.vaultFullRead': {
    'zh-CN':
      '保险库文件夹 {folder} 的剩余空间不足：需要约 {neededMb} MB，只剩 {freeMb} MB。每次查看都要先记入审计日志，而审计日志无法写入，因此未显示任何内容；已保存的记录都在，未受影响。腾出空间后重试即可，无需修复。',
    en: 'The vault folder {folder} has too little free space: about {neededMb} MB is needed and {freeMb} MB is free. Every look at records is first written to the audit log, which could not be written, so nothing was shown; every saved record is still there. Free some space and retry; no repair is needed.',
  },
  'disk.vaultFullSignIn': {
    'zh-CN':
      '保险库文件夹 {folder} 的剩余空间不足：需要约 {neededMb} MB，只剩 {freeMb} MB。每次登录都要先记入审计日志，而审计日志无法写入，因此未能登录；已保存的记录都在，未受影响。腾出空间后重试即可，无需修复。',
    en: 'The vault folder {folder} has too little free space: about {neededMb} MB is needed and {freeMb} MB is free. Every sign-in is first written to the audit log, which could not be written, so you were not signed in; every saved record is still there. Free some space and retry; no repair is needed.',
  },
  'disk.vaultIoSignIn': {
    'zh-CN':
      '读写保险库文件夹 {folder} 时出错（{reason}）。每次登录都要先记入审计日志，而审计日志无法写入，因此未能登录；已保存的记录未受影响。请检查磁盘后重试。',
    en: 'Reading or writing the vault folder {folder} failed ({reason}). Every sign-in is first written to the audit log, which could not be written, so you were not signed in; the saved records were not touched. Check the disk and retry.',
  },
  'disk.vaultIo': {
    'zh-CN': '读写保险库文件夹 {folder} 时出错（{reason}）。此更改未保存，已保存的记录未受影响。请检查磁盘后重试。',
    en: 'Reading or writing the vault folder {folder} failed ({reason}). This change was not saved; the saved records were not touched. Check the disk and retry.',
  },
  'disk.vaultIoRead': {
    'zh-CN':
      '读写保险库文件夹 {folder} 时出错（{reason}）。每次查看都要先记入审计日志，而审计日志无法写入，因此未显示任何内容；已保存的记录未受影响。请检查磁盘后重试。',
    en: 'Reading or writing the vault folder {folder} failed ({reason}). Every look at records is first written to the audit log, which could not be written, so nothing was shown; the saved records were not touched. Check the disk and retry.',
  },
} as const;
