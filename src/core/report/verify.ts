/**
 * `report verify` (issue 17, Build 10): whether an evidence report file is what LedgerVault
 * signed. Offline it checks the embedded signed content (its hash, the signer's signature with
 * the certified key it carries, the seal's signature with its signer's key) and that the visible
 * file is exactly what that content generates, so an edited status fails as "content does not
 * match". With the office's root fingerprint (`--key`, from the recovery kit) it also checks,
 * still offline, that the certificates the file carries chain to that root and certify both
 * signers' keys: without it a forger's own key and certificate would pass. With a vault it also checks that the seal is the vault's own, that the audit chain
 * still has that head at that seq, that both keys are certified to those users in this vault,
 * and that the report's creation is in the audit log.
 */
import { authorize } from '../access/authorize';
import { statementSignatureValid } from '../crypto/signed-statement';
import { formatFingerprint, rootFingerprintHex } from '../crypto/identity';
import { parseSeal, SealVerifier, sealById } from '../vault/audit-seals';
import { trustFromRows } from '../vault/trust';
import type { VaultSession } from '../vault/session';
import { REPORT_CHECK_IDS, type ReportCheckId } from '../../shared/report/contract';
import {
  REPORT_STATEMENT,
  reportContentHash,
  sealFields,
  signedReportSchema,
  type ReportBody,
  type SignedReport,
} from './model';
import { embeddedContent, renderReportHtml } from './render-html';

export const REPORT_CHECKS = REPORT_CHECK_IDS;
export type { ReportCheckId };

export interface ReportCheck {
  id: ReportCheckId;
  ok: boolean;
  /** English, for the CLI and logs: what was checked and, when it failed, what is wrong. */
  detail: string;
}

export interface ReportVerdict {
  valid: boolean;
  checks: ReportCheck[];
  /** What the report says of itself, when its embedded content could be read. */
  report: {
    contentHash: string;
    vaultId: string;
    generatedAt: string;
    signer: string;
    sealId: number | null;
    sealLastSeq: number | null;
  } | null;
  /** The signed content, for the vault checks (not printed). */
  signed?: SignedReport;
}

const check = (id: ReportCheckId, ok: boolean, good: string, bad: string): ReportCheck => ({
  id,
  ok,
  detail: ok ? good : bad,
});

/** The first line where the file and what its content generates differ (1-based), for the message. */
function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) if (x[i] !== y[i]) return i + 1;
  return 0;
}

/**
 * Whether the report's signer (and its seal's signer) were certified by the office whose root
 * fingerprint the caller brought: the certificates in the file, checked in issue order from that
 * root (vault/trust.ts), must give each signer the key that signed.
 */
function officeCheck(body: ReportBody, root: string): ReportCheck {
  const printed = formatFingerprint(Buffer.from(root, 'hex')).replace(/\n/g, ' ');
  const bad = (why: string) => check('office', false, '', `Not certified by the office root ${printed}: ${why}`);
  if (!body.certificates) return bad('the report carries no certificates (made before this check); use --vault.');
  let certified: (userId: string, key: string) => boolean;
  try {
    const trust = trustFromRows(body.certificates, body.vaultId, root);
    certified = (userId, key) => trust.signingKeysEver(userId).some((k) => k.toString('base64') === key);
  } catch {
    return bad('its certificates do not start at that root, or one of them was changed.');
  }
  if (!certified(body.signer.userId, body.signer.certificate.body.ed25519))
    return bad(`${body.signer.username}'s signing key is not one the office certified.`);
  const fields = body.seal ? sealFields(body.seal.raw) : null;
  if (body.seal && (!fields || !certified(fields.signerId, body.seal.signerKey)))
    return bad(`the key of seal #${body.seal.id} is not one the office certified to its signer.`);
  return check('office', true, `Both signers' keys are certified by the office root ${printed}.`, '');
}

/**
 * The offline checks. `rootFingerprint` (typed, grouped or not) adds the office check; E_INPUT
 * when it is not a fingerprint.
 */
export function verifyReportFile(html: string, opts: { rootFingerprint?: string } = {}): ReportVerdict {
  const root = opts.rootFingerprint === undefined ? null : rootFingerprintHex(opts.rootFingerprint);
  const parsed = signedReportSchema.safeParse(embeddedContent(html));
  if (!parsed.success)
    return {
      valid: false,
      report: null,
      checks: [
        check(
          'embedded',
          false,
          '',
          'The file carries no readable signed content: it is not a LedgerVault evidence report, or that part was edited.',
        ),
      ],
    };
  const { body, signature, contentHash } = parsed.data;
  const signed: SignedReport = { body, signature };
  const checks: ReportCheck[] = [check('embedded', true, 'The signed content embedded in the file was read.', '')];
  const hash = reportContentHash(body);
  checks.push(
    check(
      'hash',
      hash === contentHash,
      `Content hash ${hash}.`,
      `The content hash written in the file (${contentHash}) is not the content's (${hash}).`,
    ),
  );
  const cert = body.signer.certificate.body;
  const signerKey = Buffer.from(cert.ed25519, 'base64');
  const sigOk =
    cert.userId === body.signer.userId &&
    cert.vaultId === body.vaultId &&
    statementSignatureValid(REPORT_STATEMENT, body, Buffer.from(signature, 'base64'), signerKey);
  checks.push(
    check(
      'signature',
      sigOk,
      `Signed by ${body.signer.username} with the key of their certificate.`,
      `The signature is not ${body.signer.username}'s over this content: the embedded content was edited or forged.`,
    ),
  );
  const rendered = renderReportHtml(signed);
  const line = firstDifference(html, rendered);
  checks.push(
    check(
      'content',
      rendered === html,
      'The visible report is exactly what the signed content generates.',
      `The content does not match the signed facts: the visible report was edited (first difference at line ${line}).`,
    ),
  );
  const fields = body.seal ? sealFields(body.seal.raw) : null;
  if (body.seal) {
    let sealOk = false;
    try {
      const seal = parseSeal({ id: body.seal.id, body: body.seal.raw, signature: body.seal.signature });
      sealOk =
        seal.body.vaultId === body.vaultId &&
        new SealVerifier().valid(seal, Buffer.from(body.seal.signerKey, 'base64'));
    } catch {
      sealOk = false;
    }
    checks.push(
      check(
        'seal',
        sealOk,
        `Audit seal #${body.seal.id} (events up to ${fields?.lastSeq}) is signed by ${body.seal.signerName}.`,
        `Audit seal #${body.seal.id} in the file does not verify with its signer's key.`,
      ),
    );
  } else checks.push(check('seal', true, 'The vault had no audit seal when the report was made.', ''));
  if (root) checks.push(officeCheck(body, root));
  return {
    valid: checks.every((c) => c.ok),
    checks,
    report: {
      contentHash: hash,
      vaultId: body.vaultId,
      generatedAt: body.generatedAt,
      signer: body.signer.username,
      sealId: body.seal?.id ?? null,
      sealLastSeq: fields?.lastSeq ?? null,
    },
    signed,
  };
}

/** The offline checks, then the vault's: its seal, its chain at the seal's head, its certificates, its log. */
export function verifyReportAgainstVault(
  session: VaultSession,
  html: string,
  opts: { rootFingerprint?: string } = {},
): ReportVerdict {
  authorize(session, 'report.create');
  const verdict = verifyReportFile(html, opts);
  const signed = verdict.signed;
  if (signed) {
    const { body } = signed;
    const checks = verdict.checks;
    checks.push(
      check(
        'vault.id',
        body.vaultId === session.vaultId,
        'The report is of this vault.',
        `The report is of vault ${body.vaultId}, not this one (${session.vaultId}).`,
      ),
    );
    const seal = body.seal;
    const fields = seal ? sealFields(seal.raw) : null;
    if (seal && fields) {
      const stored = sealById(session.db, seal.id);
      const same = !!stored && stored.raw === seal.raw && stored.signature === seal.signature;
      checks.push(
        check(
          'vault.seal',
          same,
          `Seal #${seal.id} is this vault's, byte for byte.`,
          `This vault's audit log has no seal #${seal.id} as the report gives it.`,
        ),
      );
      const row = session.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(fields.lastSeq) as
        { hash: string } | undefined;
      checks.push(
        check(
          'vault.chain',
          row?.hash === fields.headHash,
          `The audit chain still has head ${fields.headHash.slice(0, 16)}… at event ${fields.lastSeq}.`,
          `The audit chain no longer has the sealed head at event ${fields.lastSeq}: run audit verify.`,
        ),
      );
    }
    const trust = session.verifiedTrust;
    const has = (userId: string, key: string) =>
      trust.signingKeysEver(userId).some((k) => k.toString('base64') === key);
    const signerOk =
      has(body.signer.userId, body.signer.certificate.body.ed25519) &&
      (!seal || !fields || has(fields.signerId, seal.signerKey));
    checks.push(
      check(
        'vault.signer',
        signerOk,
        "The report's and the seal's keys are certified to their signers in this vault.",
        "The report's or the seal's signing key is not certified to its signer in this vault.",
      ),
    );
    const recorded = session.db
      .prepare(`SELECT seq FROM audit_events WHERE action = 'report.create' AND details LIKE ? ORDER BY seq LIMIT 1`)
      .get(`%"contentHash":"${verdict.report!.contentHash}"%`) as { seq: number } | undefined;
    checks.push(
      check(
        'vault.recorded',
        !!recorded,
        `Its creation is audit event ${recorded?.seq}.`,
        'The audit log records no report.create with this content hash.',
      ),
    );
    verdict.valid = checks.every((c) => c.ok);
  }
  session.write(
    (ctx) =>
      ctx.audit({
        action: 'report.verify',
        outcome: 'ok',
        details: { contentHash: verdict.report?.contentHash ?? null, valid: verdict.valid },
      }),
    { read: true },
  );
  return verdict;
}
