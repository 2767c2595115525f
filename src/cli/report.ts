/**
 * `ledgervault report --out FILE` and `ledgervault report verify FILE` (issue 17, Builds 10-11):
 * the signed evidence report, through the same core functions (authorization, audit) as the
 * /report screen, and its check, offline or against a vault's audit log and certificates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LedgerVaultError } from '../core/errors';
import { OsKeyStore, unlockVault } from '../core/index';
import { createReport, saveReport, verifyReportAgainstVault, verifyReportFile } from '../core/report/index';
import { reportHtmlOf, withPdfChecks } from '../core/report/verify-picked';
import type { ReportCheck, ReportVerdict } from '../core/report/verify';
import { REPORT_LANGS } from '../shared/report/contract';
import { appVersion } from './backup';
import { done, exitCodeFor, printJson } from './output';
import { checkOutPath, saveToOut } from './out-file';
import { defineCommand, flag, inputError } from './parse';
import { JSON_FLAG, signInFrom, signedInCommand } from './session';

/** Generous for a report (a few hundred KB); bounds what a wrong FILE makes us read. */

function refusePdf(file: string): void {
  if (/\.pdf$/i.test(file))
    throw inputError(
      `${file}: the CLI writes the signed HTML report. A PDF is its print (the app's 保存 PDF, or any browser's print); keep the HTML as the signed artefact.`,
    );
}

export const reportCommand = signedInCommand({
  summary:
    'Admins, managers and auditors: write the signed evidence report (every posture fact and register summary, mapped to the office measures, PCI DSS v4, GB/T 22239, PIPL and 会计档案管理办法) as one HTML file; audited as report.create with its content hash.',
  flags: { out: flag.text('FILE').required(), lang: flag.oneOf(REPORT_LANGS), force: flag.bool() },
  check: (v) => {
    refusePdf(v.out);
    checkOutPath(v.out, v.vault, v.force);
  },
  run: async (v, s) => {
    const created = await createReport(s, { lang: v.lang ?? 'zh-CN', appVersion: appVersion() });
    const saved = await saveReport(
      s,
      { contentHash: created.contentHash, format: 'html' },
      { save: saveToOut(v.out, v.vault, v.force) },
    );
    if (!saved) throw inputError('Nothing was written.');
    const p = created.preview;
    return done(
      v.json,
      {
        out: saved.path,
        bytes: saved.bytes,
        contentHash: created.contentHash,
        lang: p.lang,
        counts: p.counts,
        sealId: p.seal?.id ?? null,
        sealLastSeq: p.seal?.lastSeq ?? null,
      },
      `${saved.path}\ncontent hash ${created.contentHash}; seal #${p.seal?.id ?? '-'} (events to ${p.seal?.lastSeq ?? '-'}); green ${p.counts.green}, amber ${p.counts.amber}, red ${p.counts.red}, unknown ${p.counts.unknown}`,
    );
  },
});

function readReport(file: string): { html: string; pdfChecks: ReportCheck[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw inputError(`Cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  // The same reading as the /report screen's check (a PDF must be one the app saved).
  return reportHtmlOf(path.basename(file), bytes);
}

function print(verdict: ReportVerdict, json: boolean): number {
  if (json) {
    const { signed: _signed, ...shown } = verdict;
    printJson(shown);
  } else {
    for (const c of verdict.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.id.padEnd(15)} ${c.detail}\n`);
    const r = verdict.report;
    if (r)
      process.stdout.write(
        `Report of vault ${r.vaultId}, generated ${r.generatedAt} by ${r.signer}; content hash ${r.contentHash}; seal #${r.sealId ?? '-'}.\n`,
      );
    // Offline with no root to check against, the signer is only the one the file names.
    const anchored = verdict.checks.some((c) => c.id === 'office' || c.id === 'vault.signer');
    if (r && !anchored)
      process.stdout.write(
        'Signer not checked against the office: add --key with the root fingerprint from the recovery kit (or check with --vault).\n',
      );
    process.stdout.write(verdict.valid ? 'VALID\n' : 'INVALID\n');
  }
  if (verdict.valid) return 0;
  const first = verdict.checks.find((c) => !c.ok);
  process.stderr.write(`E_INTEGRITY: the report does not verify: ${first?.detail ?? ''}\n`);
  return exitCodeFor('E_INTEGRITY');
}

export const reportCommands = {
  verify: defineCommand({
    summary:
      "Check an evidence report file offline: its signature, its seal, and that the visible report is what was signed (any edit fails); --key ROOT_FINGERPRINT (from the recovery kit) also checks that both signers were certified by that office. With --vault DIR and the sign-in flags, also against that vault: the seal and chain head in its audit log, the signers' certificates, and the report.create event. Exit 0 only when valid.",
    positional: 'FILE',
    flags: {
      vault: flag.text('DIR'),
      user: flag.text('NAME'),
      'password-stdin': flag.bool(),
      totp: flag.text('CODE'),
      key: flag.text('FINGERPRINT'),
      ...JSON_FLAG,
    },
    check: (v) => {
      if (v.vault !== undefined && v.user === undefined) throw inputError('--vault needs --user to sign in.');
      if (v.vault === undefined && (v.user !== undefined || v.totp !== undefined || v['password-stdin']))
        throw inputError('--user, --password-stdin and --totp go with --vault.');
    },
    run: async (v, file) => {
      const { html, pdfChecks } = readReport(file!);
      if (v.vault === undefined || v.user === undefined)
        return print(withPdfChecks(verifyReportFile(html, { rootFingerprint: v.key }), pdfChecks), v.json);
      const signIn = await signInFrom({ ...v, vault: v.vault, user: v.user });
      const session = await unlockVault({ ...signIn, keyStore: new OsKeyStore() });
      try {
        return print(
          withPdfChecks(verifyReportAgainstVault(session, html, { rootFingerprint: v.key }), pdfChecks),
          v.json,
        );
      } catch (err) {
        if (err instanceof LedgerVaultError) throw err;
        throw new LedgerVaultError('E_INTERNAL', 'The report could not be checked against the vault.', { cause: err });
      } finally {
        session.lock();
        await session.anchorsWritten();
      }
    },
  }),
};
