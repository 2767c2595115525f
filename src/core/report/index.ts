/**
 * The evidence report (issue 17, Build 10): generated from the live posture facts and the
 * registers' summaries, signed by the signed-in user's certified Ed25519 key, tied to the newest
 * audit seal, and audited as 'report.create' with its content hash. Admins, managers and
 * auditors ('report.create'). The HTML is the signed artefact; the PDF is its print by the
 * front end's Chromium (Electron's printToPDF; Playwright's page.pdf() in tests).
 */
import { authorize } from '../access/authorize';
import { LedgerVaultError, integrityError } from '../errors';
import { exportFileName, saveThenAudit, type SaveExport, type SavedExport } from '../export/save';
import { readPosture } from '../posture/index';
import { signStatement } from '../crypto/signed-statement';
import { keyFingerprint } from '../audit/signing-key';
import { newestSeal, sealSignatureValid } from '../vault/audit-seals';
import type { VaultSession } from '../vault/session';
import type { PostureFact } from '../../shared/posture/contract';
import type { ReportLang, ReportPreview } from '../../shared/report/contract';
import { REPORT_FORMAT, REPORT_STATEMENT, reportContentHash, type ReportBody, type SignedReport } from './model';
import { readRegisterSummaries } from './registers';
import { attachProof, pdfProof, PDF_PROOF_STATEMENT } from './pdf-attach';
import { renderReportHtml } from './render-html';
import { reportWords } from './words';

export { verifyReportFile, verifyReportAgainstVault, type ReportVerdict } from './verify';
export { verifyReportPdf } from './pdf-verify';

export interface CreatedReport {
  signed: SignedReport;
  contentHash: string;
  html: string;
  preview: ReportPreview;
}

/** The report each session generated last: what 'report:save' writes (the one previewed). */
const lastReport = new WeakMap<VaultSession, CreatedReport>();

/** The newest seal with the certified key its signature verifies with (E_INTEGRITY if none does). */
function sealPart(session: VaultSession): ReportBody['seal'] {
  const seal = newestSeal(session.db);
  if (!seal) return null;
  const trust = session.verifiedTrust;
  const key = trust.signingKeysEver(seal.body.signerId).find((k) => sealSignatureValid(seal, k));
  if (!key)
    throw integrityError(
      `The newest audit seal (#${seal.id}) does not verify with its signer's certified key: run audit verify.`,
    );
  return {
    id: seal.id,
    raw: seal.raw ?? '',
    signature: seal.signature,
    signerKey: key.toString('base64'),
    signerName: trust.of(seal.body.signerId)?.body.username ?? seal.body.signerId,
  };
}

function previewOf(created: Omit<CreatedReport, 'preview'>): ReportPreview {
  const { body } = created.signed;
  const seal = body.seal;
  const sealBody = seal ? (JSON.parse(seal.raw) as Record<string, unknown>) : null;
  return {
    lang: body.lang,
    contentHash: created.contentHash,
    generatedAt: body.generatedAt,
    vaultId: body.vaultId,
    appVersion: body.appVersion,
    signer: {
      username: body.signer.username,
      displayName: body.signer.displayName,
      role: body.signer.role,
      fingerprint: keyFingerprint(Buffer.from(body.signer.certificate.body.ed25519, 'base64').toString('hex')),
    },
    seal:
      seal && sealBody
        ? {
            id: seal.id,
            kind: String(sealBody.kind),
            firstSeq: Number(sealBody.firstSeq),
            lastSeq: Number(sealBody.lastSeq),
            headHash: String(sealBody.headHash),
            sealedAt: String(sealBody.sealedAt),
            signer: seal.signerName,
          }
        : null,
    facts: body.facts as PostureFact[],
    counts: body.counts as ReportPreview['counts'],
    registers: body.registers,
    fileBase: exportFileName('evidence-report', body.lang, new Date(body.generatedAt)).replace(/\.[^.]+$/, ''),
  };
}

export async function createReport(
  session: VaultSession,
  opts: { lang: ReportLang; appVersion: string; now?: Date },
): Promise<CreatedReport> {
  authorize(session, 'report.create');
  const now = opts.now ?? new Date();
  const posture = await readPosture(session, { appVersion: opts.appVersion, now });
  const certified = session.certificate;
  const registers = readRegisterSummaries(session, now);
  const body: ReportBody = {
    format: REPORT_FORMAT,
    lang: opts.lang,
    vaultId: session.vaultId,
    generatedAt: now.toISOString(),
    appVersion: opts.appVersion,
    signer: {
      userId: session.user.id,
      username: session.user.username,
      displayName: session.user.displayName,
      role: session.user.role,
      certificate: { body: certified.cert.body, signature: certified.cert.signature },
    },
    facts: posture.facts,
    counts: posture.counts,
    registers,
    words: reportWords(posture.facts, registers, opts.lang),
    seal: sealPart(session),
    certificates: session.db
      .prepare('SELECT id, user_id AS userId, certificate FROM user_certificates ORDER BY id')
      .all() as { id: number; userId: string; certificate: string }[],
  };
  const signature = signStatement(REPORT_STATEMENT, body, session.identity.ed25519.privateKey).toString('base64');
  const signed: SignedReport = { body, signature };
  const contentHash = reportContentHash(body);
  const html = renderReportHtml(signed);
  session.write((ctx) =>
    ctx.audit({
      action: 'report.create',
      details: { contentHash, lang: opts.lang, sealId: body.seal?.id ?? null, ...posture.counts },
    }),
  );
  const created = { signed, contentHash, html };
  const full: CreatedReport = { ...created, preview: previewOf(created) };
  lastReport.set(session, full);
  return full;
}

/**
 * Saves the report this session generated last (the one previewed): its HTML, or the PDF the
 * front end prints from it. Audited as 'report.save' once the file exists (export/save.ts).
 */
export async function saveReport(
  session: VaultSession,
  input: { contentHash: string; format: 'html' | 'pdf' },
  deps: { save: SaveExport; printPdf?: (html: string) => Promise<Buffer> },
): Promise<SavedExport | null> {
  authorize(session, 'report.create');
  const report = lastReport.get(session);
  if (!report || report.contentHash !== input.contentHash)
    throw new LedgerVaultError(
      'E_NOT_FOUND',
      'That report is not the one generated last in this session: generate it again.',
    );
  let bytes: Buffer;
  if (input.format === 'html') bytes = Buffer.from(report.html, 'utf8');
  else {
    if (!deps.printPdf) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot print to PDF.');
    const printed = await deps.printPdf(report.html);
    // Signed as printed, with the signed HTML attached (pdf-attach.ts); a PDF of another shape stays a plain print.
    const proof = pdfProof(printed, report.contentHash, session.user.id);
    const signature = signStatement(PDF_PROOF_STATEMENT, proof, session.identity.ed25519.privateKey).toString('base64');
    bytes = attachProof(printed, report.html, { proof, signature }) ?? printed;
  }
  const name = `${report.preview.fileBase}.${input.format}`;
  return saveThenAudit(session, deps.save, { name, bytes, rows: report.signed.body.facts.length }, (ctx, path) =>
    ctx.audit({
      action: 'report.save',
      details: { contentHash: report.contentHash, format: input.format, path, bytes: bytes.length },
    }),
  );
}
