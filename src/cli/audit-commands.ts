import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LedgerVaultError } from '../core/errors';
import {
  exportAuditCsv,
  exportAuditJsonl,
  listAuditEvents,
  verifyAudit,
  type AuditFilter,
} from '../core/audit/audit-log';
import { verifyAuditExport } from '../core/audit/verify-export';
import { writeFileAtomic } from '../core/fs/atomic-write';
import { exitCodeFor, printJson } from './output';
import { optional, required, withSession, type Values } from './session';

function filterFrom(v: Values): AuditFilter {
  const client = optional(v, 'client');
  if (client !== undefined && !/^\d+$/.test(client))
    throw new LedgerVaultError('E_INPUT', '--client takes a client id (a number).');
  const since = optional(v, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw new LedgerVaultError('E_INPUT', `--since takes a date or time (ISO 8601), not "${since}".`);
  return { clientId: client === undefined ? undefined : Number(client), action: optional(v, 'action'), since };
}

function seqOption(v: Values, name: string): number | undefined {
  const raw = optional(v, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new LedgerVaultError('E_INPUT', `--${name} takes a sequence number.`);
  return Number(raw);
}

export const auditCommands: Record<string, (values: Values) => Promise<number>> = {
  list: (v) =>
    withSession(v, (s) => {
      const events = listAuditEvents(s, filterFrom(v));
      if (v.json)
        printJson(
          events.map((e) => ({
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            clientId: e.clientId,
            outcome: e.outcome,
            details: e.details,
          })),
        );
      else
        for (const e of events)
          process.stdout.write(
            `${String(e.seq).padStart(8)}  ${e.at}  ${e.actor.padEnd(16)} ${e.action.padEnd(22)} ${e.outcome.padEnd(7)} ${e.clientId ?? ''}\n`,
          );
      return 0;
    }),
  verify: (v) =>
    withSession(v, (s) => {
      const r = verifyAudit(s);
      if (v.json) printJson(r);
      else if (r.ok)
        process.stdout.write(
          `Audit log intact: ${r.checked} events verified, head ${r.head.seq}. Export key ${r.exportKeyFingerprint}\n`,
        );
      if (r.ok) return 0;
      process.stderr.write(
        `E_INTEGRITY: audit log broken at event ${r.firstBadSeq} (${r.kind}); ${r.checked} events verified before it.\n`,
      );
      return exitCodeFor('E_INTEGRITY');
    }),
  export: (v) =>
    withSession(v, (s) => {
      const format = required(v, 'format');
      const out = path.resolve(required(v, 'out'));
      let bytes: Buffer;
      if (format === 'csv') bytes = exportAuditCsv(s, filterFrom(v));
      else if (format === 'jsonl')
        bytes = Buffer.from(exportAuditJsonl(s, { fromSeq: seqOption(v, 'from-seq'), toSeq: seqOption(v, 'to-seq') }));
      else throw new LedgerVaultError('E_INPUT', '--format is csv or jsonl.');
      writeFileAtomic(out, bytes);
      if (v.json) printJson({ out, bytes: bytes.length });
      else process.stdout.write(`${out}\n`);
      return 0;
    }),
};

/** `audit verify-export FILE`: needs no vault, only the file (and optionally the key to expect). */
export async function verifyExportCommand(file: string | undefined, v: Values): Promise<number> {
  if (!file) throw new LedgerVaultError('E_INPUT', 'Usage: ledgervault audit verify-export FILE [--key FINGERPRINT]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LedgerVaultError('E_INPUT', `Cannot read ${file}.`);
  }
  const r = verifyAuditExport(text, optional(v, 'key'));
  if (v.json) printJson(r);
  else if (r.ok)
    process.stdout.write(
      `Export intact: events ${r.fromSeq}-${r.toSeq} (${r.count}) of vault ${r.vaultId}, signed by key ${r.keyFingerprint}.\n`,
    );
  if (r.ok) return 0;
  process.stderr.write(`E_INTEGRITY: export does not verify at line ${r.problem?.line} (${r.problem?.reason}).\n`);
  return exitCodeFor('E_INTEGRITY');
}
