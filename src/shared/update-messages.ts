/**
 * The update feature's messages (issue 15), in both languages; joined into INPUT_MESSAGES
 * (src/shared/messages.ts). Each refusal of a release has its own key, so that the screen, the
 * CLI and the audit log name the same reason, and a test can tell one refusal from another.
 */
export const UPDATE_MESSAGES = {
  'update.malformed': {
    'zh-CN': '更新清单（ledgervault-release.json）格式不正确：{reason}。未安装任何内容。',
    en: 'The update manifest (ledgervault-release.json) is not valid: {reason}. Nothing was installed.',
  },
  'update.unknownKey': {
    'zh-CN': '此更新由不受信任的密钥（指纹 {fingerprint}）签名，不是账安发布者的密钥。未安装任何内容。',
    en: 'This update is signed by a key this workstation does not trust (fingerprint {fingerprint}), not the LedgerVault publisher key. Nothing was installed.',
  },
  'update.badSignature': {
    'zh-CN': '更新清单的签名无效（密钥指纹 {fingerprint}）：清单在签名后被改动或伪造。未安装任何内容。',
    en: 'The update manifest signature does not verify (key fingerprint {fingerprint}): it was changed after signing, or forged. Nothing was installed.',
  },
  'update.otherApp': {
    'zh-CN': '此更新是给另一个应用（{appId}）的，不是账安（{expected}）。未安装任何内容。',
    en: 'This update is for another application ({appId}), not LedgerVault ({expected}). Nothing was installed.',
  },
  'update.expired': {
    'zh-CN':
      '此更新清单已于 {expiresAt} 过期，可能是有人拿旧的发布冒充最新版本。请向发布者索取最新的更新。未安装任何内容。',
    en: 'This update manifest expired at {expiresAt}; someone may be passing off an old release as the latest. Ask the publisher for the current update. Nothing was installed.',
  },
  'update.rollback': {
    'zh-CN': '此更新的版本 {version} 不高于本机已安装过的最高版本 {installed}，不允许降级。未安装任何内容。',
    en: 'This update is version {version}, which is not newer than the highest version this workstation has installed ({installed}); downgrades are refused. Nothing was installed.',
  },
  'update.fileMissing': {
    'zh-CN': '更新文件夹中缺少清单所列的文件“{name}”。未安装任何内容。',
    en: 'The update folder lacks "{name}", which the manifest lists. Nothing was installed.',
  },
  'update.fileMismatch': {
    'zh-CN': '文件“{name}”的大小或 SHA-512 与签名清单不符：文件已损坏或被替换。未安装任何内容。',
    en: 'The file "{name}" does not match the signed manifest (its size or SHA-512 differs): it is damaged or was replaced. Nothing was installed.',
  },
  'update.extraFile': {
    'zh-CN':
      '更新文件夹中有清单未列出的文件“{name}”（可能混入了另一个版本的文件）。请只放入同一次发布的文件。未安装任何内容。',
    en: 'The update folder holds "{name}", which the manifest does not list (files of another release mixed in?). Keep only the files of one release there. Nothing was installed.',
  },
  'update.noUpdate': {
    'zh-CN': '在所选位置没有找到账安更新（ledgervault-release.json）。',
    en: 'No LedgerVault update (ledgervault-release.json) was found there.',
  },
  'update.keyFile': {
    'zh-CN': '密钥文件 {file} 无法读取：{reason}。',
    en: 'The key file {file} cannot be used: {reason}.',
  },
  'update.keyPassphrase': {
    'zh-CN': '私钥的口令不正确，或私钥文件已损坏。',
    en: 'The passphrase of the private key is wrong, or the key file is damaged.',
  },
  'update.officeUnreachable': {
    'zh-CN': '无法读取办公室更新服务器 {url}（{reason}）。未安装任何内容。',
    en: 'The office update server {url} could not be read ({reason}). Nothing was installed.',
  },
  'update.officeUrl': {
    'zh-CN': '办公室更新地址须以 http:// 或 https:// 开头，且不含用户名、密码、查询参数或 #。',
    en: 'The office update URL must start with http:// or https:// and have no user name, password, query or #.',
  },
  'update.noOfficeUrl': {
    'zh-CN': '尚未设置办公室更新地址。',
    en: 'No office update URL is set.',
  },
  'update.changedSinceCheck': {
    'zh-CN': '检查之后更新文件夹发生了变化，请重新检查。未安装任何内容。',
    en: 'The update folder changed after it was checked; check it again. Nothing was installed.',
  },
  'update.notChecked': {
    'zh-CN': '请先检查更新，再安装。',
    en: 'Check the update first, then install it.',
  },
  'update.cannotInstall': {
    'zh-CN': '此版本的账安无法在这里安装更新（例如浏览器测试环境）。',
    en: 'This LedgerVault cannot install updates here (the browser harness, say).',
  },
  'update.installerFailed': {
    'zh-CN': '安装程序未能接收已验证的更新文件（{reason}）。未安装任何内容。',
    en: 'The installer did not take the verified update files ({reason}). Nothing was installed.',
  },
  'update.notReady': {
    'zh-CN': '没有等待重启安装的更新。',
    en: 'No update is waiting for a restart.',
  },
} as const;
