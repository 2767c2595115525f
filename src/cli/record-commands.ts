import path from 'node:path';
import { LedgerVaultError } from '../core/errors';
import { writeFileAtomic } from '../core/fs/atomic-write';
import { exportRecords } from '../core/records/export-records';
import { addRecord, listRecords, revealAccounts, type RecordQuery, type RecordView } from '../core/records/records';
import { formatAmount } from '../shared/money';
import { DIRECTIONS, type Direction } from '../shared/record-rules';
import { cliLocale, printJson } from './output';
import { clientId, optional, required, withSession, type Values } from './session';

function direction(v: Values, name = 'direction'): Direction | undefined {
  const d = optional(v, name);
  if (d === undefined) return undefined;
  if (!(DIRECTIONS as readonly string[]).includes(d))
    throw new LedgerVaultError('E_INPUT', `--${name} is in, out or neutral.`);
  return d as Direction;
}

function query(v: Values): RecordQuery {
  return {
    clientId: clientId(v),
    from: optional(v, 'from'),
    to: optional(v, 'to'),
    direction: direction(v),
    minAmount: optional(v, 'min-amount'),
    maxAmount: optional(v, 'max-amount'),
    text: optional(v, 'text'),
  };
}

/** The JSON shape the CLI promises: stable names, ISO 8601 times, integer minor units. */
function json(r: RecordView) {
  return {
    id: r.id,
    clientId: r.clientId,
    accountId: r.accountId,
    occurredAt: r.occurredAt,
    direction: r.direction,
    amountMinor: r.amountMinor,
    currency: r.currency,
    counterparty: r.counterparty,
    counterpartyAccount: r.counterpartyAccount,
    reference: r.reference,
    memo: r.memo,
    status: r.status,
    version: r.version,
  };
}

function revealReason(v: Values): string | undefined {
  if (!v.reveal) return undefined;
  const reason = optional(v, 'reason');
  if (!reason)
    throw new LedgerVaultError(
      'E_INPUT',
      '--reveal needs --reason TEXT (why the full numbers are needed); it is recorded in the audit log.',
    );
  return reason;
}

export const recordCommands: Record<string, (values: Values) => Promise<number>> = {
  add: (v) =>
    withSession(v, (s) => {
      const r = addRecord(s, {
        clientId: clientId(v),
        occurredAt: required(v, 'date'),
        amount: required(v, 'amount'),
        direction:
          direction(v) ??
          (() => {
            throw new LedgerVaultError('E_INPUT', '--direction is required (in or out).');
          })(),
        counterparty: optional(v, 'counterparty') ?? '',
        counterpartyAccount: optional(v, 'account-no'),
        reference: optional(v, 'ref'),
        memo: optional(v, 'memo'),
        allowDuplicate: v['allow-duplicate'] === true,
      });
      if (v.json) printJson(json(r));
      else process.stdout.write(`${r.id}\n`);
      return 0;
    }),
  list: (v) =>
    withSession(v, (s) => {
      const q = query(v);
      const reason = revealReason(v);
      const page = listRecords(s, { ...q, limit: 1000 });
      const rows = page.rows.map(json);
      if (reason) {
        const full = revealAccounts(s, page.rows, reason, 'cli-list');
        for (const r of rows) r.counterpartyAccount = full.get(r.id) ?? null;
      }
      if (v.json) printJson(rows);
      else {
        for (const r of rows) {
          const sign = r.direction === 'in' ? '+' : r.direction === 'out' ? '-' : ' ';
          process.stdout.write(
            `${String(r.id).padStart(8)}  ${r.occurredAt}  ${sign}${formatAmount(r.amountMinor, r.currency).padStart(14)} ${r.currency}  ${r.counterparty ?? ''}  ${r.counterpartyAccount ?? ''}  ${r.reference ?? ''}\n`,
          );
        }
        process.stdout.write(
          `${page.total} records; in ${formatAmount(page.totals.inMinor)}, out ${formatAmount(page.totals.outMinor)}\n`,
        );
      }
      return 0;
    }),
  export: (v) =>
    withSession(v, async (s) => {
      const format = required(v, 'format');
      if (format !== 'csv' && format !== 'xlsx') throw new LedgerVaultError('E_INPUT', '--format is csv or xlsx.');
      const out = path.resolve(required(v, 'out'));
      const reason = revealReason(v);
      const { bytes, rows } = await exportRecords(s, query(v), {
        format,
        locale: cliLocale(),
        reveal: reason ? { reason } : undefined,
      });
      writeFileAtomic(out, bytes);
      if (v.json) printJson({ out, rows, bytes: bytes.length });
      else process.stdout.write(`${out} (${rows} records)\n`);
      return 0;
    }),
};
