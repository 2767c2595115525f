/**
 * The recovery kit and the upgrade report at the command line: what `init` prints once, and what
 * any command prints once when its sign-in upgraded a version-1 vault (a new recovery key, the
 * root certificate fingerprint and the other staff's temporary passwords). The same facts and
 * warnings as the app's screens (src/renderer/vault), in the CLI's language.
 */
import type { Locale } from '../shared/errors';
import type { UpgradeReport } from '../shared/vault/contract';

const INDENT = '    ';

/** The fingerprint as the core formats it (eight groups of four a line), each line indented. */
export function fingerprintBlock(fingerprint: string): string[] {
  return fingerprint
    .trim()
    .split('\n')
    .map((line) => `${INDENT}${line.trim()}`);
}

/** What the fingerprint is and when to compare it: the kit says it in the same words. */
export function fingerprintNote(locale: Locale): string {
  return locale === 'zh-CN'
    ? '根证书指纹（标识本保险库第一个管理员的证书；在新的工作站上用恢复密钥恢复时，请与此处逐组核对，一致才是这个保险库）：'
    : "Root certificate fingerprint (it identifies the certificate of this vault's first admin; when you restore with the recovery key on a new workstation, compare it group by group: only if it matches is it this vault):";
}

/** What `recover` says above the fingerprint of the vault it opened. */
export function fingerprintCheckNote(locale: Locale): string {
  return locale === 'zh-CN'
    ? '根证书指纹（请与恢复密钥备份卡上的指纹逐组核对，一致才是备份卡所属的保险库）：'
    : 'Root certificate fingerprint (compare it group by group with the one on your recovery kit: only if they match is this the vault the kit belongs to):';
}

/** The upgrade report as text, for stderr: everything the app's report screen shows. */
export function upgradeReportText(report: UpgradeReport, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const lines = [
    zh
      ? '此次登录已将保险库升级到第 2 版：每位员工现在有自己的密钥对，每个客户的敏感资料用该客户自己的密钥加密。'
      : "This sign-in upgraded the vault to version 2: every staff member now has their own key pairs, and each client's sensitive details are encrypted under that client's own key.",
    '',
    zh
      ? '新的恢复密钥（只显示这一次，请打印或抄写后存放在保险柜中）：'
      : 'New recovery key (shown this once: print or write it down and keep it in a safe):',
    `${INDENT}${report.recoveryKey}`,
    fingerprintNote(locale),
    ...fingerprintBlock(report.rootFingerprint),
    zh
      ? '旧的恢复密钥备份卡已不能打开此保险库：存好新卡后，请将旧卡销毁。'
      : 'The old printed recovery kit no longer opens this vault: once the new one is stored, destroy the old one.',
    '',
  ];
  if (report.temporaryPasswords.length === 0) {
    lines.push(zh ? '没有其他需要临时密码的员工。' : 'No other staff member needs a temporary password.');
  } else {
    lines.push(
      zh
        ? '其他员工的临时密码（只显示这一次；请当面交给本人，不要通过微信、邮件或电话传递；他们原来的密码已不能登录，首次登录时必须改用自己的新密码）：'
        : 'Temporary passwords for the other staff (shown this once; hand each to its owner in person, never by chat, e-mail or phone; their old passwords no longer sign in, and each must choose their own at first sign-in):',
    );
    const width = Math.max(...report.temporaryPasswords.map((p) => columns(label(p))));
    for (const p of report.temporaryPasswords) {
      lines.push(`${INDENT}${label(p)}${' '.repeat(width - columns(label(p)))}  ${p.password}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Terminal columns: CJK characters and full-width forms take two, so the passwords line up. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return n;
}

function label(p: { username: string; displayName: string }): string {
  return p.displayName && p.displayName !== p.username ? `${p.displayName} (${p.username})` : p.username;
}

/** The report of this process's sign-in, if it upgraded the vault: --json output carries it. */
let pending: UpgradeReport | null = null;

/** Hands the report over once: as text on stderr now, and as the `upgrade` field of any JSON printed. */
export function announceUpgrade(report: UpgradeReport, locale: Locale): void {
  pending = report;
  process.stderr.write(upgradeReportText(report, locale));
}

/**
 * A command's JSON with the upgrade report as its `upgrade` field. A command whose JSON is a list
 * (client list, user list) prints `{ result, upgrade }` that one time: a script must not miss the
 * only copy of the recovery key by reading the list as usual.
 */
export function withUpgrade(value: unknown): unknown {
  if (!pending) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value, upgrade: pending };
  return { result: value, upgrade: pending };
}
