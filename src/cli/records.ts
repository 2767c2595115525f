import { exportRecords } from '../core/records/export-records';
import { addRecord, listRecords, revealAccounts, type RecordQuery, type RecordView } from '../core/records/index';
import { ipcContract } from '../shared/contract';
import { formatAmount } from '../shared/money';
import { DIRECTIONS } from '../shared/records/rules';
import { cliLocale, done, printJson } from './output';
import { checkOutPath, saveToOut } from './out-file';
import { checkWith, flag, inputError, type ValuesOf } from './parse';
import { signedInCommand } from './session';

/** Contract fields that a flag of another name sets, for naming the flag in an error. */
const FLAG_OF = {
  clientId: 'client',
  minAmount: 'min-amount',
  maxAmount: 'max-amount',
  occurredAt: 'date',
  counterpartyAccount: 'account-no',
  reference: 'ref',
  allowDuplicate: 'allow-duplicate',
};

const FILTER = {
  client: flag.id().required(),
  from: flag.text('DATE'),
  to: flag.text('DATE'),
  direction: flag.oneOf(DIRECTIONS),
  text: flag.text('TEXT'),
  'min-amount': flag.text('AMOUNT'),
  'max-amount': flag.text('AMOUNT'),
};
const REVEAL = { reveal: flag.bool(), reason: flag.text('TEXT') };

function query(v: ValuesOf<typeof FILTER>, page: { limit?: number; offset?: number } = {}): RecordQuery {
  const q = {
    clientId: v.client,
    from: v.from,
    to: v.to,
    direction: v.direction,
    minAmount: v['min-amount'],
    maxAmount: v['max-amount'],
    text: v.text,
    ...page,
  };
  return checkWith(ipcContract['records:list'].input, q, FLAG_OF);
}

/** --reveal needs --reason, and --reason means nothing without --reveal: neither is ignored. */
function checkReveal(v: ValuesOf<typeof REVEAL>): void {
  if (v.reveal && !v.reason)
    throw inputError(
      '--reveal needs --reason TEXT (why the full numbers are needed); it is recorded in the audit log.',
    );
  if (!v.reveal && v.reason) throw inputError('--reason goes with --reveal; without it numbers stay masked.');
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

/** One page is shown at a time; the default page, and the largest one the contract allows. */
export const DEFAULT_PAGE = 100;

/** `ledgervault record ...`: clients' payment records. */
export const recordCommands = {
  add: signedInCommand({
    summary: 'Add a payment record; prints its id.',
    flags: {
      client: flag.id().required(),
      date: flag.text('DATE').required(),
      amount: flag.text('AMOUNT').required(),
      direction: flag.oneOf(DIRECTIONS).required(),
      counterparty: flag.text('NAME'),
      'account-no': flag.text('NUMBER'),
      ref: flag.text('REF'),
      memo: flag.text('TEXT'),
      'allow-duplicate': flag.bool(),
    },
    run: (v, s) => {
      const input = {
        clientId: v.client,
        occurredAt: v.date,
        amount: v.amount,
        direction: v.direction,
        counterparty: v.counterparty ?? '',
        counterpartyAccount: v['account-no'],
        reference: v.ref,
        memo: v.memo,
        allowDuplicate: v['allow-duplicate'],
      };
      const r = addRecord(s, checkWith(ipcContract['records:add'].input, input, FLAG_OF));
      return done(v.json, json(r), String(r.id));
    },
  }),
  list: signedInCommand({
    summary: `One page of a client's records (--limit, default ${DEFAULT_PAGE}, and --offset), newest first, masked unless revealed.`,
    flags: { ...FILTER, limit: flag.whole(), offset: flag.whole(), ...REVEAL },
    check: checkReveal,
    run: (v, s) => {
      const limit = v.limit ?? DEFAULT_PAGE;
      const offset = v.offset ?? 0;
      const page = listRecords(s, query(v, { limit, offset }));
      const rows = page.rows.map(json);
      if (v.reveal && v.reason) {
        const full = revealAccounts(s, page.rows, v.reason, 'cli-list');
        for (const r of rows) r.counterpartyAccount = full.get(r.id) ?? null;
      }
      if (v.json) {
        printJson({ total: page.total, offset, limit, totals: page.totals, rows });
        return 0;
      }
      for (const r of rows) {
        const sign = r.direction === 'in' ? '+' : r.direction === 'out' ? '-' : ' ';
        process.stdout.write(
          `${String(r.id).padStart(8)}  ${r.occurredAt}  ${sign}${formatAmount(r.amountMinor, r.currency).padStart(14)} ${r.currency}  ${r.counterparty ?? ''}  ${r.counterpartyAccount ?? ''}  ${r.reference ?? ''}\n`,
        );
      }
      const sums = `all ${page.total}: in ${formatAmount(page.totals.inMinor)}, out ${formatAmount(page.totals.outMinor)}`;
      const shown =
        rows.length > 0
          ? `Records ${offset + 1}-${offset + rows.length} of ${page.total}`
          : `No records at offset ${offset} of ${page.total}`;
      const next = offset + rows.length < page.total ? ` Next page: --offset ${offset + rows.length}` : '';
      process.stdout.write(`${shown} (${sums}).${next}\n`);
      return 0;
    },
  }),
  export: signedInCommand({
    summary:
      'Export the filtered records as CSV or XLSX to --out (outside the vault folder; an existing file only with --force).',
    flags: {
      ...FILTER,
      format: flag.oneOf(['csv', 'xlsx'] as const).required(),
      out: flag.text('FILE').required(),
      force: flag.bool(),
      ...REVEAL,
    },
    check: (v) => {
      checkReveal(v);
      checkOutPath(v.out, v.vault, v.force);
    },
    run: async (v, s) => {
      const saved = await exportRecords(s, query(v), {
        format: v.format,
        locale: cliLocale(),
        reveal: v.reveal && v.reason ? { reason: v.reason } : undefined,
        save: saveToOut(v.out, v.vault, v.force),
      });
      // The CLI's save never cancels; null would mean nothing was written.
      if (!saved) throw inputError('Nothing was exported.');
      return done(
        v.json,
        { out: saved.path, rows: saved.rows, bytes: saved.bytes },
        `${saved.path} (${saved.rows} records)`,
      );
    },
  }),
};
