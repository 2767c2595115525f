/**
 * The backup feature's input and integrity messages (issue 13), in both languages; joined into
 * INPUT_MESSAGES (src/shared/messages.ts), which would otherwise outgrow one file.
 */
export const BACKUP_MESSAGES = {
  'backup.redBeforeAmber': {
    'zh-CN': '“标红”的天数须大于“标黄”的天数（{amber} 天）。',
    en: 'The days before red must be more than the days before amber ({amber}).',
  },
  'backup.driveGone': {
    'zh-CN': '所选的移动存储已不在（可能已被拔出）。请重新插入后刷新列表，或选择其他文件夹。保险库未受影响。',
    en: 'The chosen removable drive is no longer there (it may have been pulled out). Plug it in again and refresh the list, or choose another folder. The vault was not touched.',
  },
  'backup.notBackup': {
    'zh-CN': '所选文件不是账安备份（.lvbak），或其开头已损坏。',
    en: 'The chosen file is not a LedgerVault backup (.lvbak), or its start was damaged.',
  },
  'backup.damaged': {
    'zh-CN': '这份备份已损坏或被改动（文件头、清单或签名不符），不能用于恢复。',
    en: 'This backup is damaged or was changed (its header, manifest or signature does not hold); it cannot be restored.',
  },
  'backup.damagedChunk': {
    'zh-CN': '这份备份的第 {chunk} 个数据块已损坏、被改动、移位、缺失或文件被截断，不能用于恢复。',
    en: 'Chunk {chunk} of this backup is damaged, changed, moved or missing, or the file was cut short there; it cannot be restored.',
  },
  'backup.signerNotOffice': {
    'zh-CN': '这份备份声称来自本保险库，但签名人不是本办公室认证的员工：它可能是伪造的。',
    en: 'This backup claims to be of this vault, but its signer is not certified by this office: it may be forged.',
  },
} as const;
