/**
 * The evidence report (issue 17, Build 10): the live posture facts and the registers' summaries,
 * mapped to the office's measures and the frameworks (mapping.ts), signed by the signed-in user
 * and tied to the newest audit seal. The renderer previews this model; the core writes the
 * signed HTML (the artefact) and its PDF print.
 */
import { z } from 'zod';
import { empty, out } from '../schema-kit';
import type { PostureFact, PostureStatus } from '../posture/contract';
import type { RegisterId } from './mapping';

export const REPORT_LANGS = ['zh-CN', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** One figure of a register's summary: its wording key (wording.ts REGISTER_LINES) and value. */
export interface RegisterLine {
  key: string;
  value: string | number | null;
}

export interface RegisterSummary {
  register: RegisterId;
  lines: RegisterLine[];
}

/** What the seal the report is tied to says (the full signed seal is in the file). */
export interface ReportSealView {
  id: number;
  kind: string;
  firstSeq: number;
  lastSeq: number;
  headHash: string;
  sealedAt: string;
  /** Whose certified key signed it (username; 'recovery' during a recovery). */
  signer: string;
}

export interface ReportPreview {
  lang: ReportLang;
  /** SHA-256 (hex) of the canonical signed content: what report.create audits and verify recomputes. */
  contentHash: string;
  generatedAt: string;
  vaultId: string;
  appVersion: string;
  signer: { username: string; displayName: string; role: string; fingerprint: string };
  seal: ReportSealView | null;
  facts: PostureFact[];
  counts: Record<PostureStatus, number>;
  /** The registers' summaries that could be read (a register not set up shows its posture fact only). */
  registers: RegisterSummary[];
  /** The suggested file name, without extension. */
  fileBase: string;
}

export const reportCreate = z.strictObject({ lang: z.enum(REPORT_LANGS) });
export type ReportCreate = z.infer<typeof reportCreate>;

/** Saves the report this session generated last (by its hash), as the signed HTML or its PDF print. */
export const reportSave = z.strictObject({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(['html', 'pdf']),
});
export type ReportSave = z.infer<typeof reportSave>;

export interface ReportSaved {
  /** A handle to show the file in its folder (never a path the renderer could pass back). */
  handle: string;
  /** Where it was saved (shown to the user). */
  path: string;
  bytes: number;
}

/** The checks of a report file (core/report/verify.ts REPORT_CHECKS), each named on the screen. */
export const REPORT_CHECK_IDS = [
  'embedded',
  'hash',
  'signature',
  'content',
  'seal',
  'office',
  'vault.id',
  'vault.seal',
  'vault.chain',
  'vault.signer',
  'vault.recorded',
  'pdf.signature',
  'pdf.file',
] as const;
export type ReportCheckId = (typeof REPORT_CHECK_IDS)[number];

/** A report file picked on the screen, checked against the signed-in vault. */
export interface ReportVerification {
  /** The file's own name (never its folder). */
  file: string;
  valid: boolean;
  checks: { id: ReportCheckId; ok: boolean }[];
  /** What the file says of itself, when its signed content could be read. */
  report: { contentHash: string; generatedAt: string; signer: string; sealId: number | null } | null;
}

export const reportContract = {
  'report:create': { input: reportCreate, output: out<ReportPreview>() },
  'report:save': { input: reportSave, output: out<ReportSaved | null>() },
  /** Opens the file dialog; null when the user cancelled it. */
  'report:verify': { input: empty, output: out<ReportVerification | null>() },
} as const;
