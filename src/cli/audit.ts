import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { BACKUP_MAGIC } from '../core/backup/backup-format';
import { backupEvidence } from '../core/backup/backup-evidence';
import { LedgerVaultError } from '../core/errors';
import { exportAuditCsv, exportAuditJsonl, listAuditEvents, verifyAudit } from '../core/audit/audit-log';
import { verifyAuditExport } from '../core/audit/verify-export';
import { AUDIT_OUTCOMES } from '../shared/audit/contract';
import { ipcContract } from '../shared/contract';
import { parseOccurredAt } from '../shared/records/rules';
import { done, exitCodeFor, printJson } from './output';
import { checkOutPath, saveToOut } from './out-file';
import { checkWith, defineCommand, flag, inputError, type ValuesOf } from './parse';
import { JSON_FLAG, signedInCommand } from './session';

const FILTER = {
  client: flag.id(),
  action: flag.text('ACTION'),
  actor: flag.text('NAME'),
  outcome: flag.oneOf(AUDIT_OUTCOMES),
  since: flag.text('TIME'),
  until: flag.text('TIME'),
};

/**
 * A date or time as the records take it (Asia/Shanghai unless it names an offset), as ISO 8601. A
 * plain date stays a date, so that the core reads `--until 2024-03-01` as through the end of that
 * Beijing day (as the viewer does), not as its first instant.
 */
function instant(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) && parseOccurredAt(raw) !== null) return raw.trim();
  const ms = parseOccurredAt(raw);
  if (ms === null) throw inputError(`--${name} takes a date or time (2024-03-01, 2024-03-01 14:05), not "${raw}".`);
  return new Date(ms).toISOString();
}

/** The filter the flags describe, held to the same schema as the audit viewer's. */
function filterFrom(v: ValuesOf<typeof FILTER>, limit?: number) {
  const filter = {
    clientId: v.client,
    action: v.action,
    actor: v.actor,
    outcome: v.outcome,
    since: instant(v.since, 'since'),
    until: instant(v.until, 'until'),
    limit,
  };
  return checkWith(ipcContract['audit:list'].input, filter, { clientId: 'client' });
}

/** `ledgervault audit ...`: the tamper-evident log. */
function isBackupFile(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(BACKUP_MAGIC.length);
      return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(BACKUP_MAGIC);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A signed export given as an anchor: read whole (a few MB at most for a report). */
function readEvidence(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw inputError(`--anchor: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

export const auditCommands = {
  list: signedInCommand({
    summary: 'List audit events, oldest first (viewing the log is itself audited).',
    flags: { ...FILTER, limit: flag.whole() },
    run: (v, s) => {
      const events = listAuditEvents(s, filterFrom(v, v.limit));
      if (v.json) {
        const fields = events.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          clientId: e.clientId,
          outcome: e.outcome,
          details: e.details,
        }));
        printJson(fields);
        return 0;
      }
      for (const e of events)
        process.stdout.write(
          `${String(e.seq).padStart(8)}  ${e.at}  ${e.actor.padEnd(16)} ${e.action.padEnd(22)} ${e.outcome.padEnd(7)} ${e.clientId ?? ''}\n`,
        );
      return 0;
    },
  }),
  verify: signedInCommand({
    summary:
      'Recompute the whole chain and check every seal and anchor; --anchor FILE also holds it to the head recorded in a signed JSON-lines export or a backup (.lvbak) kept elsewhere. Exit 0 only when it is intact.',
    flags: { anchor: flag.text('FILE') },
    run: async (v, s) => {
      // A backup (.lvbak) or a signed JSON-lines export: each records a chain head to hold the log to.
      const evidence =
        v.anchor === undefined
          ? undefined
          : isBackupFile(v.anchor)
            ? await backupEvidence(s, v.anchor)
            : readEvidence(v.anchor);
      const r = verifyAudit(s, evidence, v.anchor === undefined ? undefined : path.basename(v.anchor));
      if (v.json) printJson(r);
      else if (r.ok) {
        process.stdout.write(
          `Audit log intact: ${r.checked} events verified, head ${r.head.seq}, ${r.seals ?? 0} seals checked. Export key ${r.exportKeyFingerprint}\n`,
        );
        if (r.evidence)
          process.stdout.write(
            `Held to ${r.evidence.file}: its head (event ${r.evidence.seq}) is in the chain, unchanged.\n`,
          );
        for (const c of r.crashLeft ?? [])
          process.stdout.write(
            `Note: session ${c.sessionId} ended without a seal (${c.events} events); seal ${c.foundBySeal} recorded finding it.\n`,
          );
      }
      if (r.ok) return 0;
      process.stderr.write(
        `E_INTEGRITY: audit log broken at event ${r.firstBadSeq} (${r.kind}): ${r.reason ?? ''}${r.contradicts ? ` It contradicts ${r.contradicts.text}.` : ''} ${r.checked} events verified before it.\n`,
      );
      return exitCodeFor('E_INTEGRITY');
    },
  }),
  'accept-rollback': signedInCommand({
    summary:
      'Admin only: open a vault folder older than this workstation has seen (a deliberate restore); the acceptance is audited.',
    flags: {},
    acceptRollback: true,
    run: (v, s) => {
      const accepted = s.seals.acceptedRollback;
      if (v.json) printJson({ accepted: accepted !== null, details: accepted });
      else if (accepted)
        process.stdout.write(
          `Rollback accepted and recorded: the folder ends at event ${String(accepted.folderHead)}; this workstation had seen event ${String(accepted.anchorLastSeq)}.\n`,
        );
      else process.stdout.write('Nothing to accept: the folder is not older than this workstation has seen.\n');
      return 0;
    },
  }),
  export: signedInCommand({
    summary:
      'Export the filtered events as CSV, or as signed JSON lines (jsonl, also by --from-seq/--to-seq) that verify-export checks offline.',
    flags: {
      format: flag.oneOf(['csv', 'jsonl'] as const).required(),
      out: flag.text('FILE').required(),
      force: flag.bool(),
      ...FILTER,
      'from-seq': flag.whole(),
      'to-seq': flag.whole(),
    },
    check: (v) => {
      if (v.format === 'csv' && (v['from-seq'] !== undefined || v['to-seq'] !== undefined))
        throw inputError('--from-seq and --to-seq go with --format jsonl; filter a CSV with --since and --until.');
      checkOutPath(v.out, v.vault, v.force);
    },
    run: async (v, s) => {
      const filter = filterFrom(v);
      const save = saveToOut(v.out, v.vault, v.force);
      const saved =
        v.format === 'csv'
          ? await exportAuditCsv(s, filter, save)
          : await exportAuditJsonl(s, { ...filter, fromSeq: v['from-seq'], toSeq: v['to-seq'] }, save);
      if (!saved) throw inputError('Nothing was exported.');
      return done(v.json, { out: saved.path, rows: saved.rows, bytes: saved.bytes }, saved.path);
    },
  }),
  'verify-export': defineCommand({
    summary: 'Check a signed JSON-lines export offline (needs no vault); --key pins the vault export key.',
    positional: 'FILE',
    flags: { key: flag.text('FINGERPRINT'), ...JSON_FLAG },
    run: (v, file) => {
      let text: string;
      try {
        text = readFileSync(file!, 'utf8');
      } catch {
        throw new LedgerVaultError('E_INPUT', `Cannot read ${file}.`);
      }
      const r = verifyAuditExport(text, v.key);
      if (v.json) printJson(r);
      else if (r.ok) {
        const which = r.filter
          ? `the ${r.count} events matching ${JSON.stringify(r.filter)} between ${r.fromSeq} and ${r.toSeq} (a filtered export: events outside the filter are not in it)`
          : `events ${r.fromSeq}-${r.toSeq} (${r.count})`;
        process.stdout.write(`Export intact: ${which} of vault ${r.vaultId}, signed by key ${r.keyFingerprint}.\n`);
      }
      if (r.ok) return Promise.resolve(0);
      process.stderr.write(`E_INTEGRITY: export does not verify at line ${r.problem?.line} (${r.problem?.reason}).\n`);
      return Promise.resolve(exitCodeFor('E_INTEGRITY'));
    },
  }),
};
