/**
 * The evidence report's signed content (issue 17, Build 10). The body holds everything the
 * visible report is generated from: the facts, the registers' summaries, who signed it with
 * which certified key, and the newest audit seal in full (its signed bytes, signature and the
 * key that signed it), so a copy can be checked with no vault at hand, and against the vault's
 * audit log when one is. The signature is the signer's Ed25519 over the canonical JSON of the
 * body, labelled as an evidence report (crypto/signed-statement.ts), so it can never pass for a
 * certificate or a seal; the content hash is SHA-256 of the same canonical JSON.
 */
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { certificateBodySchema } from '../crypto/certificates';
import { sha256 } from '../crypto/primitives';
import { POSTURE_FACT_IDS, POSTURE_STATUSES } from '../../shared/posture/contract';
import { REPORT_LANGS } from '../../shared/report/contract';
import { REGISTER_IDS } from '../../shared/report/mapping';
import { reportWordsSchema } from './words';

export const REPORT_FORMAT = 'ledgervault-evidence-report/1';
/** The label of the signed statement (statementBytes: `LedgerVault v2 evidence report\0` + body). */
export const REPORT_STATEMENT = 'evidence report';

const scalar = z.union([z.string(), z.number(), z.null()]);
const b64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

const factSchema = z.strictObject({
  id: z.enum(POSTURE_FACT_IDS),
  status: z.enum(POSTURE_STATUSES),
  detail: z.string(),
  params: z.record(z.string(), scalar),
  fixRoute: z.string().nullable(),
  fixAction: z.literal('audit.verify').optional(),
});

export const reportBodySchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  lang: z.enum(REPORT_LANGS),
  vaultId: z.string().min(1),
  generatedAt: z.string(),
  appVersion: z.string(),
  signer: z.strictObject({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    /** The signer's certificate in force, as the vault holds it (its ed25519 key signs the report). */
    certificate: z.strictObject({ body: certificateBodySchema, signature: z.string() }),
  }),
  facts: z.array(factSchema),
  counts: z.record(z.enum(POSTURE_STATUSES), z.number()),
  registers: z.array(
    z.strictObject({
      register: z.enum(REGISTER_IDS),
      lines: z.array(z.strictObject({ key: z.string(), value: scalar })),
    }),
  ),
  /** Every word the visible report shows, fixed when it was made (words.ts). */
  words: reportWordsSchema,
  /** The newest audit seal when the report was made, or null for a vault with none. */
  seal: z
    .strictObject({
      id: z.number().int().positive(),
      /** The seal's body exactly as stored and signed (canonical JSON). */
      raw: z.string(),
      signature: z.string(),
      /** The certified Ed25519 key (base64) its signature verifies with, and whose it is. */
      signerKey: b64Key,
      signerName: z.string(),
    })
    .nullable(),
  /**
   * The vault's certificates as stored when the report was made (public keys and roles), so that
   * `report verify --key` can check with nothing but the file that both signers were certified
   * by the office's root. Absent in reports made before that check existed. Last, as createReport
   * builds it: verification re-renders the embedded copy in this schema's key order.
   */
  certificates: z
    .array(z.strictObject({ id: z.number().int().positive(), userId: z.string(), certificate: z.string() }))
    .optional(),
});
export type ReportBody = z.infer<typeof reportBodySchema>;

export interface SignedReport {
  body: ReportBody;
  /** Ed25519, base64, over statementBytes(REPORT_STATEMENT, body). */
  signature: string;
}

export const signedReportSchema = z.strictObject({
  body: reportBodySchema,
  signature: z.string(),
  /** Repeated for a reader's eye; verify recomputes it and refuses a mismatch. */
  contentHash: z.string(),
});

export function reportContentHash(body: ReportBody): string {
  return sha256(Buffer.from(canonicalJson(body), 'utf8')).toString('hex');
}

/** The fields of a seal's body the report shows (the body is the seal's signed JSON). */
export interface SealFields {
  kind: string;
  firstSeq: number;
  lastSeq: number;
  headHash: string;
  sealedAt: string;
  signerId: string;
  vaultId: string;
}

const sealFieldsSchema = z.object({
  kind: z.string(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  headHash: z.string(),
  sealedAt: z.string(),
  signerId: z.string(),
  vaultId: z.string(),
});

/** The seal's own fields, or null when its raw body is not a seal (an edited file). */
export function sealFields(raw: string): SealFields | null {
  try {
    const parsed = sealFieldsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
