/** The audit viewer: list, span kept, verify, exports. */
import { z } from 'zod';
import type { SavedFile } from '../records/contract';
import { empty, id, out } from '../schema-kit';

/** How an audited attempt ended: done, refused by the rules, or failed on the way. */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEventView {
  seq: number;
  at: string;
  tz: string;
  actor: string;
  workstation: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  clientId: number | null;
  /** The client's name when this user may see it (resolved in the core, not stored in the event). */
  clientName: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** A seal or anchor, as a verify report names it: `text` in English (CLI, doctor), the fields for the viewer's own words. */
export interface AuditAgainst {
  source: 'seal' | 'keys file' | 'keychain' | 'evidence report' | 'backup file';
  sealId: number | null;
  user: string | null;
  sealedAt: string | null;
  lastSeq: number | null;
  text: string;
}

export interface AuditVerifyView {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  expected: { seq: number; hash: string };
  firstBadSeq: number | null;
  kind: 'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated' | 'rolled_back' | null;
  exportKeyFingerprint: string;
  /** Seals checked (audit v2). */
  seals?: number;
  /** The seal or anchor a break contradicts. */
  contradicts?: AuditAgainst | null;
  reason?: string | null;
  crashLeft?: { sessionId: string; userId: string; events: number; foundBySeal: number }[];
  openTail?: { sessionId: string; userId: string; events: number; fromSeq: number }[];
  version1Events?: number;
  version1SealedByAdmin?: boolean;
  /** The export the chain was also held to: its file name and the head it recorded. */
  evidence?: { file: string; seq: number };
}

export interface AuditSpanView {
  count: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** An ISO 8601 instant with its offset, or a plain date: that Beijing calendar day. */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const auditFilter = z.strictObject({
  clientId: id.optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** From this instant, or from the start of this day. */
  since: instant.optional(),
  /** Up to this instant, or through the end of this day. */
  until: instant.optional(),
  limit: z.number().int().positive().max(100_000).optional(),
  /** 'desc' for the newest events first (the viewer); 'asc' (the default) for exports. */
  order: z.enum(['asc', 'desc']).optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export const auditContract = {
  'audit:list': { input: auditFilter, output: out<AuditEventView[]>() },
  'audit:span': { input: empty, output: out<AuditSpanView>() },
  /** The clients the viewer may pick as a filter (id and name, pinyin order). */
  'audit:clients': { input: empty, output: out<{ id: number; name: string }[]>() },
  'audit:verify': { input: empty, output: out<AuditVerifyView>() },
  /**
   * Verify, also holding the chain to the head a signed JSONL export of this vault recorded (an
   * anchor kept off the workstation). The file comes from the shell's open dialog, read by the
   * core; null when the user cancelled the dialog.
   */
  'audit:verifyAgainstExport': { input: empty, output: out<AuditVerifyView | null>() },
  'audit:export': {
    input: z.strictObject({ format: z.enum(['csv', 'jsonl']), filter: auditFilter.optional() }),
    output: out<SavedFile>(),
  },
} as const;
