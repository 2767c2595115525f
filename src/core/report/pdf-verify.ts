/**
 * `report verify` of a PDF (issue 17, Build 10): the PDF's own checks, beside those of the signed
 * HTML it carries (verify.ts). The printed bytes must be what the saver signed, and everything
 * after them exactly the attachments pdf-attach.ts writes for that HTML and signature.
 */
import { statementSignatureValid } from '../crypto/signed-statement';
import { sha256 } from '../crypto/primitives';
import { attachProof, PDF_PROOF_STATEMENT, readAttached, signedPdfProofSchema } from './pdf-attach';
import type { ReportCheck } from './verify';
import { reportContentHash, signedReportSchema } from './model';
import { embeddedContent } from './render-html';

/** The attached HTML and the PDF's checks, or null for a PDF that carries no report (a plain print). */
export function verifyReportPdf(pdf: Buffer): { html: string; checks: ReportCheck[] } | null {
  const attached = readAttached(pdf);
  if (!attached) return null;
  const proof = signedPdfProofSchema.safeParse(attached.proof);
  const report = signedReportSchema.safeParse(embeddedContent(attached.html));
  if (!proof.success || !report.success)
    return {
      html: attached.html,
      checks: [{ id: 'pdf.signature', ok: false, detail: 'The PDF carries an unreadable report or signature.' }],
    };
  const { proof: body, signature } = proof.data;
  const signer = report.data.body.signer;
  const signatureOk =
    body.contentHash === reportContentHash(report.data.body) &&
    body.signerUserId === signer.userId &&
    body.printedSha256 === sha256(attached.printed).toString('hex') &&
    statementSignatureValid(
      PDF_PROOF_STATEMENT,
      body,
      Buffer.from(signature, 'base64'),
      Buffer.from(signer.certificate.body.ed25519, 'base64'),
    );
  const rebuilt = attachProof(attached.printed, attached.html, proof.data);
  const fileOk = rebuilt !== null && rebuilt.equals(pdf);
  return {
    html: attached.html,
    checks: [
      {
        id: 'pdf.signature',
        ok: signatureOk,
        detail: signatureOk
          ? `The printed pages (${body.printedBytes} bytes) are signed by ${signer.username} as the print of this report.`
          : 'The printed pages are not what was signed: the PDF was edited, or its signature does not verify.',
      },
      {
        id: 'pdf.file',
        ok: fileOk,
        detail: fileOk
          ? 'Nothing was changed or added in the PDF after it was signed.'
          : 'The PDF was changed or added to after it was signed.',
      },
    ],
  };
}
