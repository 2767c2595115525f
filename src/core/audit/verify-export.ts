import { sha256 } from '../crypto/primitives';
import { EXPORT_FORMAT } from './audit-log';
import { keyFingerprint, verifyBytes } from './signing-key';

export interface ExportVerification {
  ok: boolean;
  count: number;
  fromSeq: number | null;
  toSeq: number | null;
  vaultId: string | null;
  keyFingerprint: string | null;
  /** The filter a filtered export was made with (its events may skip seq numbers); null for a range. */
  filter: Record<string, unknown> | null;
  /** The first line (1-based) that does not check out, and why. */
  problem: {
    line: number;
    reason:
      'not_json' | 'sequence_gap' | 'link_mismatch' | 'no_head' | 'bad_signature' | 'count_mismatch' | 'wrong_key';
  } | null;
}

/**
 * Checks an exported audit range offline: every line links to the one before (so nothing was
 * edited, removed or moved), the head's counts match, and the head is signed by the vault's
 * export key (pin it with `expectedFingerprint`, read off the vault's audit screen or CLI).
 */
export function verifyAuditExport(text: string, expectedFingerprint?: string): ExportVerification {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const result: ExportVerification = {
    ok: false,
    count: 0,
    fromSeq: null,
    toSeq: null,
    vaultId: null,
    keyFingerprint: null,
    filter: null,
    problem: null,
  };
  const fail = (line: number, reason: NonNullable<ExportVerification['problem']>['reason']) => ({
    ...result,
    problem: { line, reason },
  });
  let link = sha256(Buffer.from(EXPORT_FORMAT)).toString('hex');
  let expectedSeq: number | null = null;
  // A gap is fine only in a filtered export, which the signed head (the last line) declares.
  let firstGap: number | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(lines[i]!) as Record<string, unknown>;
    } catch {
      return fail(i + 1, 'not_json');
    }
    if (parsed.type === 'head') {
      if (i !== lines.length - 1) return fail(i + 1, 'no_head');
      const { signature, ...head } = parsed as Record<string, unknown> & { signature: string; publicKey: string };
      result.vaultId = String(head.vaultId);
      result.keyFingerprint = keyFingerprint(head.publicKey);
      const filter = head.filter && typeof head.filter === 'object' ? (head.filter as Record<string, unknown>) : null;
      result.filter = filter;
      if (firstGap !== null && !filter) return fail(firstGap, 'sequence_gap');
      if (head.format !== EXPORT_FORMAT || head.finalLink !== link) return fail(i + 1, 'link_mismatch');
      if (head.count !== result.count) return fail(i + 1, 'count_mismatch');
      if (!verifyBytes(head.publicKey, Buffer.from(JSON.stringify(head)), signature))
        return fail(i + 1, 'bad_signature');
      if (expectedFingerprint && expectedFingerprint.replace(/-/g, '') !== result.keyFingerprint.replace(/-/g, ''))
        return fail(i + 1, 'wrong_key');
      return { ...result, ok: true };
    }
    const { link: given, ...event } = parsed as Record<string, unknown> & { link: string; seq: number };
    if (expectedSeq !== null && !(event.seq >= expectedSeq)) return fail(i + 1, 'sequence_gap');
    if (expectedSeq !== null && event.seq !== expectedSeq) firstGap ??= i + 1;
    link = sha256(Buffer.from(link, 'hex'), Buffer.from(JSON.stringify(event))).toString('hex');
    if (given !== link) return fail(i + 1, 'link_mismatch');
    result.fromSeq ??= event.seq;
    result.toSeq = event.seq;
    result.count += 1;
    expectedSeq = event.seq + 1;
  }
  return fail(lines.length, 'no_head');
}
