/**
 * A report file the user picked on the /report screen (or named to `report verify`): the signed
 * HTML, or a PDF the app saved, whose attached HTML is checked and whose own checks are added.
 * The screen checks it against the signed-in vault (verify.ts), audited there as `report.verify`.
 */
import { inputError } from '../errors';
import type { VaultSession } from '../vault/session';
import type { ReportVerification } from '../../shared/report/contract';
import { verifyReportPdf } from './pdf-verify';
import { verifyReportAgainstVault, type ReportCheck, type ReportVerdict } from './verify';

/** Far above any report (a few hundred KB of HTML, a few MB of PDF); a bigger file is not one. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** The HTML to check, and the PDF's own checks when the file is a PDF the app saved. E_INPUT otherwise. */
export function reportHtmlOf(name: string, bytes: Buffer): { html: string; pdfChecks: ReportCheck[] } {
  if (bytes.length > MAX_REPORT_BYTES) throw inputError('report.tooLarge', { name });
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { html: bytes.toString('utf8'), pdfChecks: [] };
  const pdf = verifyReportPdf(bytes);
  if (!pdf) throw inputError('report.pdfNotSigned', { name });
  return { html: pdf.html, pdfChecks: pdf.checks };
}

/** The HTML's verdict with the PDF's own checks added (none for an HTML file). */
export function withPdfChecks(verdict: ReportVerdict, pdfChecks: ReportCheck[]): ReportVerdict {
  verdict.checks.push(...pdfChecks);
  verdict.valid = verdict.checks.every((c) => c.ok);
  return verdict;
}

/** The picked file checked against this vault, as the screen shows it. */
export function verifyPickedReport(session: VaultSession, name: string, bytes: Buffer): ReportVerification {
  const { html, pdfChecks } = reportHtmlOf(name, bytes);
  const verdict = withPdfChecks(verifyReportAgainstVault(session, html), pdfChecks);
  return {
    file: name,
    valid: verdict.valid,
    checks: verdict.checks.map((c) => ({ id: c.id, ok: c.ok })),
    report: verdict.report
      ? {
          contentHash: verdict.report.contentHash,
          generatedAt: verdict.report.generatedAt,
          signer: verdict.report.signer,
          sealId: verdict.report.sealId,
        }
      : null,
  };
}
