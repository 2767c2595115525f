// Strings of the backup screen.
import { defineStrings } from '../app/i18n';

const zh = {
  'backup.title': '备份',
  'backup.intro':
    '备份是整个保险库的加密副本（.lvbak），可存到 U 盘等移动存储。打开备份需要恢复密钥或办公室备份口令，员工密码打不开它。',
  'backup.last.none': '还没有备份。请尽快导出第一份备份并存放在保险库所在电脑以外。',
  'backup.last.when': '最近一次已核验的备份：{when}（{days} 天前），由 {who} 导出到 {where}',
  'backup.level.green': '备份及时',
  'backup.level.amber': '已超过 {days} 天没有新备份',
  'backup.level.red': '已超过 {days} 天没有新备份：一旦硬盘损坏，此后的记录会全部丢失',
  'backup.open': '前往备份',
  'backup.export': '导出备份…',
  'backup.export.hint': '选择一个文件夹（最好是 U 盘）。导出期间可以继续工作；写完后会重新读取并核验整份文件。',
  'backup.export.noRight': '只有经理可以导出备份。',
  'backup.cancel': '取消',
  'backup.progress.writing': '正在写入：{done} / {total} MB',
  'backup.progress.verifying': '正在读回核验：{done} / {total} MB',
  'backup.done': '备份已写入并核验通过（{mb} MB）：',
  'backup.progress.rate': '{rate} MB/秒，约剩 {left} 秒',
  'backup.pruned':
    '按保留策略（最近 7 天每天、4 周每周、12 个月每月各留最新一份）删除了该文件夹中 {count} 份较旧的备份。',
  'backup.sameDisk': '这份备份与保险库在同一块磁盘上：磁盘损坏时两者会一起丢失。请再导出一份到 U 盘或其他磁盘。',
  'backup.failed': '备份未完成',
  'backup.history': '备份记录',
  'backup.col.when': '时间',
  'backup.col.who': '导出人',
  'backup.col.where': '位置',
  'backup.col.size': '大小',
  'backup.col.verified': '核验时间',
  'backup.history.empty': '暂无备份记录',
  'backup.passphrase': '办公室备份口令',
  'backup.passphrase.set': '已设置：新备份也可用此口令打开。',
  'backup.passphrase.unset': '未设置：备份只能用恢复密钥打开。',
  'backup.passphrase.help':
    '至少 16 个字符，含字母和数字。拿到 U 盘的人可以离线无限次猜测它，请用几个不相关的词加数字，并与恢复密钥一样妥善保管。',
  'backup.passphrase.new': '新的备份口令',
  'backup.passphrase.confirm': '再次输入',
  'backup.passphrase.mismatch': '两次输入不一致。',
  'backup.passphrase.save': '设置口令',
  'backup.passphrase.saved': '备份口令已设置，此后的备份也可用它打开。',
};

const en: Record<keyof typeof zh, string> = {
  'backup.title': 'Backups',
  'backup.intro':
    'A backup is an encrypted copy of the whole vault (.lvbak), for a USB drive or other removable media. It opens with the recovery key or the office backup passphrase; no staff password opens it.',
  'backup.last.none': 'No backup yet. Export the first one soon and keep it away from this computer.',
  'backup.last.when': 'Last verified backup: {when} ({days} days ago), by {who} to {where}',
  'backup.level.green': 'Backups are up to date',
  'backup.level.amber': 'No new backup for more than {days} days',
  'backup.level.red': 'No new backup for more than {days} days: if the disk fails, everything since is lost',
  'backup.open': 'Go to backups',
  'backup.export': 'Export a backup…',
  'backup.export.hint':
    'Choose a folder (a USB drive is best). Work can go on meanwhile; the whole file is read back and verified when written.',
  'backup.export.noRight': 'Only managers export backups.',
  'backup.cancel': 'Cancel',
  'backup.progress.writing': 'Writing: {done} / {total} MB',
  'backup.progress.verifying': 'Reading back to verify: {done} / {total} MB',
  'backup.done': 'Backup written and verified ({mb} MB):',
  'backup.progress.rate': '{rate} MB/s, about {left} s left',
  'backup.pruned':
    'Removed {count} older backups in that folder by the retention policy (the newest of each of the last 7 days, 4 weeks and 12 months is kept).',
  'backup.sameDisk':
    'This backup is on the same disk as the vault: if that disk fails, both are lost. Export another one to a USB drive or another disk.',
  'backup.failed': 'The backup was not completed',
  'backup.history': 'Backup history',
  'backup.col.when': 'When',
  'backup.col.who': 'By',
  'backup.col.where': 'Where',
  'backup.col.size': 'Size',
  'backup.col.verified': 'Verified',
  'backup.history.empty': 'No backups yet',
  'backup.passphrase': 'Office backup passphrase',
  'backup.passphrase.set': 'Set: new backups also open with it.',
  'backup.passphrase.unset': 'Not set: backups open only with the recovery key.',
  'backup.passphrase.help':
    'At least 16 characters, with letters and digits. Whoever has the USB drive can guess it offline for ever: use a few unrelated words with digits, and keep it as safe as the recovery key.',
  'backup.passphrase.new': 'New backup passphrase',
  'backup.passphrase.confirm': 'Type it again',
  'backup.passphrase.mismatch': 'The two entries differ.',
  'backup.passphrase.save': 'Set passphrase',
  'backup.passphrase.saved': 'The backup passphrase is set; backups from now on also open with it.',
};

export const useT = defineStrings(zh, en);
