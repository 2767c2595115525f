/**
 * ISO 20022 camt.053 (BankToCustomerStatement, versions 001.02 to 001.08 and later ones of the
 * same shape) read through the importer's own safe XML tokenizer, one entry in memory at a time:
 * from the decoded text in chunks (a file read by path), yielding each entry's row as it is read.
 *
 * One record per Ntry, never per TxDtls. The entry is what the bank booked: it is what the
 * statement's balances move by, what TxsSummry counts and sums, and what its AcctSvcrRef names,
 * while a TxDtls may carry no amount or one in another currency (genkgo's v4 and v8 samples have
 * "SEK 0" details under an EUR 8.85 entry). A batch booking (several TxDtls under one Ntry) is
 * therefore one record with the entry's amount; its counterparty lists the parties' names and
 * its memo lists each transaction, so nothing in the file is lost.
 *
 * Reversals (RvslInd true) keep the direction their CdtDbtInd states, because ISO 20022 states
 * the reversal's own movement there (a reversed debit is booked as a credit); the memo says
 * "Reversal" so a person sees why money came back. Entries whose status is not BOOK (pending,
 * information only) move no money yet and are skipped as neutral.
 */
import { LedgerVaultError } from '../errors';
import {
  AccountGate,
  declaredNumber,
  decimalText,
  importError,
  isZero,
  isoToBeijing,
  minorOf,
  squash,
} from './statement-text';
import { because, rejectedRow } from './rejection';
import type { Declared, ImportedRecord, ImportedRow, ReaderResult, RowStream, TextReader, RowReason } from './types';
import { declarationRefused, XmlReader, type XmlLimits } from './xml';
import { child, childrenNamed, readElement, textAt, type XmlNode } from './xml-node';

export interface Camt053Options {
  /** Read this account's statements; others are rejected (default: the first account in the file). */
  account?: string;
  limits?: Partial<XmlLimits>;
}

interface Totals {
  count: number;
  minor: bigint;
}

/** The statement-level facts read before its entries (Acct, FrToDt, TxsSummry). */
interface Statement {
  account: string;
  currency: string;
  refusal: RowReason | null;
  credit: Totals | null;
  debit: Totals | null;
}

const partyName = (party: XmlNode | undefined) => squash(textAt(party, 'Nm') || textAt(party, 'Pty', 'Nm'));
const accountId = (acct: XmlNode | undefined) => textAt(acct, 'Id', 'IBAN') || textAt(acct, 'Id', 'Othr', 'Id');

/** The other side of the client's account: the debtor of a credit, the creditor of a debit. */
function counterpartyOf(
  tx: XmlNode | undefined,
  credit: boolean,
  ownAccount: string,
): { name: string; account: string } {
  const parties = child(tx, 'RltdPties');
  const pick = (side: 'Dbtr' | 'Cdtr') => ({
    name: partyName(child(parties, side)) || partyName(child(parties, side === 'Dbtr' ? 'UltmtDbtr' : 'UltmtCdtr')),
    account: accountId(child(parties, `${side}Acct`)),
  });
  const expected = pick(credit ? 'Dbtr' : 'Cdtr');
  if (expected.name || expected.account) return expected;
  // Some banks name only one party. The other side is still the counterparty when its account
  // is not the client's own (genkgo's multi-statement sample names only the creditor of a credit).
  const other = pick(credit ? 'Cdtr' : 'Dbtr');
  if (other.account && other.account.replace(/\s/g, '') !== ownAccount) return other;
  return { name: '', account: '' };
}

function remittance(tx: XmlNode | undefined): string {
  const info = child(tx, 'RmtInf');
  const free = childrenNamed(info, 'Ustrd').map((u) => u.text);
  if (free.length > 0) return squash(free.join(' '));
  const structured = childrenNamed(info, 'Strd')
    .map(
      (s) =>
        textAt(s, 'CdtrRefInf', 'Ref') ||
        childrenNamed(s, 'AddtlRmtInf')
          .map((a) => a.text)
          .join(' '),
    )
    .filter(Boolean);
  return squash(structured.join(' ')) || squash(textAt(tx, 'AddtlTxInf'));
}

const usableRef = (ref: string) => (ref && ref.toUpperCase() !== 'NOTPROVIDED' ? ref : '');

function entryRow(ntry: XmlNode, source: string, stmt: Statement): ImportedRow {
  const line = ntry.line;
  const reject = (why: RowReason): ImportedRow => rejectedRow(line, source, why);
  if (stmt.refusal) return reject(stmt.refusal);
  const status = textAt(ntry, 'Sts', 'Cd') || textAt(ntry, 'Sts') || 'BOOK';
  if (status.toUpperCase() !== 'BOOK') return { kind: 'skipped', line, source, reason: 'neutral' };
  const amt = child(ntry, 'Amt');
  const amount = decimalText(amt?.text ?? '');
  if (!amt || !amount || amount.negative || !/^\d+(\.\d+)?$/.test(amt.text))
    return reject(because('importRow.notAmount', { field: 'Amt', value: amt?.text ?? '' }));
  if (isZero(amount.amount)) return { kind: 'skipped', line, source, reason: 'neutral' };
  const ind = textAt(ntry, 'CdtDbtInd');
  if (ind !== 'CRDT' && ind !== 'DBIT')
    return reject(because('importRow.unknownMark', { field: 'CdtDbtInd', value: ind, allowed: 'CRDT、DBIT' }));
  // The tokenizer keeps an attribute's text as written: a Ccy that is no ISO 4217 code is the row's fault.
  const currency = amt.attrs.Ccy || stmt.currency || 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) return reject(because('importRow.unknownCurrency', { value: currency }));
  const dateText =
    textAt(ntry, 'BookgDt', 'Dt') ||
    textAt(ntry, 'BookgDt', 'DtTm') ||
    textAt(ntry, 'ValDt', 'Dt') ||
    textAt(ntry, 'ValDt', 'DtTm');
  const occurredAt = isoToBeijing(dateText);
  if (!occurredAt) return reject(because('importRow.notDate', { field: 'BookgDt', value: dateText }));

  const credit = ind === 'CRDT';
  const txs = childrenNamed(child(ntry, 'NtryDtls'), 'TxDtls');
  // Older versions put TxDtls under NtryDtls/Btch too; every one of them is a transaction.
  const single = txs.length <= 1 ? txs[0] : undefined;
  const party = txs.length <= 1 ? counterpartyOf(single, credit, stmt.account) : null;
  const names = party
    ? [party.name]
    : [...new Set(txs.map((t) => counterpartyOf(t, credit, stmt.account).name).filter(Boolean))];
  const refs = single ? child(single, 'Refs') : undefined;
  const reference =
    usableRef(textAt(ntry, 'AcctSvcrRef')) ||
    usableRef(textAt(refs, 'AcctSvcrRef')) ||
    usableRef(textAt(refs, 'EndToEndId')) ||
    usableRef(textAt(refs, 'TxId')) ||
    usableRef(textAt(ntry, 'NtryRef'));
  const memoParts: string[] = [];
  if (textAt(ntry, 'RvslInd').toLowerCase() === 'true') memoParts.push('Reversal');
  if (single) memoParts.push(remittance(single));
  else if (txs.length > 1) {
    const lines = txs.map((t) => {
      const a = child(t, 'AmtDtls', 'TxAmt', 'Amt') ?? child(t, 'Amt');
      const who = counterpartyOf(t, credit, stmt.account).name;
      return squash(`${who} ${a ? `${a.attrs.Ccy ?? ''} ${a.text}` : ''} ${remittance(t)}`);
    });
    memoParts.push(`Batch of ${txs.length}: ${lines.join('; ')}`);
  }
  memoParts.push(squash(textAt(ntry, 'AddtlNtryInf')));
  const memo = squash(memoParts.filter(Boolean).join(' '));
  const record: ImportedRecord = {
    occurredAt,
    direction: credit ? 'in' : 'out',
    amount: amount.amount,
    currency,
    channel: 'bank',
    counterparty: names.join('; '),
    ...(party?.account ? { counterpartyAccount: party.account } : {}),
    ...(reference ? { reference } : {}),
    ...(memo ? { memo } : {}),
  };
  return { kind: 'record', line, source, record };
}

/** TtlCdtNtries or TtlDbtNtries; absent inside a TxsSummry means none of that side. */
function totalsOf(node: XmlNode | undefined, currency: string): Totals | null {
  if (!node) return { count: 0, minor: 0n };
  const count = Number(textAt(node, 'NbOfNtries'));
  const sum = decimalText(textAt(node, 'Sum') || '0');
  if (!Number.isInteger(count) || !sum) return null;
  return { count, minor: minorOf(sum.amount, currency) };
}

/** Reads a camt.053 document whole; throws E_INPUT for a refused, malformed or truncated one. */
export function readCamt053(text: string, options: Camt053Options = {}): ReaderResult {
  const stream = streamCamt053(text, options);
  return { format: 'camt053', rows: [...stream.rows], declared: stream.declared };
}

/**
 * The reading entry by entry, from the whole text or its chunks: `declared` is complete once the
 * rows have been read to their end, and a refusal (malformed, truncated) comes at the point it is
 * found, so the importer, reading in one transaction, imports nothing of such a file.
 */
export function streamCamt053(text: string | Iterable<string>, options: Camt053Options = {}): RowStream {
  const declared: Declared = {};
  return { format: 'camt053', rows: camt053Rows(text, options, declared), declared };
}

function* camt053Rows(
  text: string | Iterable<string>,
  options: Camt053Options,
  declared: Declared,
): Generator<ImportedRow, void, undefined> {
  const gate = new AccountGate(options.account);
  let credit: Totals | null = { count: 0, minor: 0n };
  let debit: Totals | null = { count: 0, minor: 0n };
  let statements = 0;
  let stmt: Statement | null = null;
  let sawStatementRoot = false;
  let firstCurrency = '';
  const path: string[] = [];
  const xml = new XmlReader(text, { limits: options.limits });
  const events = xml.events;
  try {
    for (let next = events.next(); !next.done; next = events.next()) {
      const ev = next.value;
      if (ev.type === 'close') {
        if (ev.name === 'Stmt' && stmt && path.length === 3) {
          credit =
            credit && stmt.credit && !stmt.refusal
              ? { count: credit.count + stmt.credit.count, minor: credit.minor + stmt.credit.minor }
              : stmt.refusal
                ? credit
                : null;
          debit =
            debit && stmt.debit && !stmt.refusal
              ? { count: debit.count + stmt.debit.count, minor: debit.minor + stmt.debit.minor }
              : stmt.refusal
                ? debit
                : null;
          stmt = null;
        }
        path.pop();
        continue;
      }
      if (ev.type !== 'open') continue;
      if (path.length === 0 && ev.name !== 'Document')
        throw importError('camt053', `the root element is <${ev.name}>, not <Document>`);
      if (path.length === 1) {
        if (ev.name !== 'BkToCstmrStmt')
          throw importError('camt053', `<${ev.name}> is not a bank-to-customer statement (camt.053)`);
        sawStatementRoot = true;
      }
      if (path.length === 2 && ev.name === 'Stmt') {
        stmt = { account: '', currency: '', refusal: null, credit: null, debit: null };
        statements += 1;
      } else if (path.length === 3 && stmt) {
        // Each child of a statement is read whole: small ones (Acct, TxsSummry) and one Ntry at a time,
        // its text held only until its row is made.
        xml.hold(ev.start);
        const node = readElement(ev, events);
        if (node.name === 'Acct') {
          stmt.account = accountId(node).replace(/\s/g, '');
          stmt.currency = textAt(node, 'Ccy');
          stmt.refusal = gate.check(stmt.account);
          if (!stmt.refusal && !declared.currency && stmt.currency) declared.currency = stmt.currency;
        } else if (node.name === 'FrToDt' && !stmt.refusal) {
          const from = isoToBeijing(textAt(node, 'FrDtTm'));
          const to = isoToBeijing(textAt(node, 'ToDtTm'));
          if (from && (!declared.from || from < declared.from)) declared.from = from;
          if (to && (!declared.to || to > declared.to)) declared.to = to;
        } else if (node.name === 'TxsSummry') {
          stmt.credit = totalsOf(child(node, 'TtlCdtNtries'), stmt.currency);
          stmt.debit = totalsOf(child(node, 'TtlDbtNtries'), stmt.currency);
        } else if (node.name === 'Ntry') {
          const row = entryRow(node, xml.text(node.start, node.end), stmt);
          if (row.kind === 'record') firstCurrency ||= row.record.currency;
          xml.release();
          yield row;
        }
        xml.release();
        continue;
      }
      if (!ev.selfClosing) path.push(ev.name);
    }
  } catch (err) {
    // A refused declaration keeps its own words in the user's language; any other refusal is said as camt.053's.
    if (err instanceof LedgerVaultError)
      throw err.messageKey === 'import.xmlDeclaration'
        ? declarationRefused(`camt053: ${err.detail}`)
        : importError('camt053', err.detail);
    throw err;
  }
  if (!sawStatementRoot || statements === 0) throw importError('camt053', 'the document holds no statement (Stmt)');
  if (gate.account) declared.account = gate.account;
  if (gate.accounts.length > 1) declared.accounts = [...gate.accounts];
  declared.currency ||= firstCurrency || undefined;
  if (!declared.currency) delete declared.currency;
  const rescale = (t: Totals) => declaredNumber(t.minor, 'camt053');
  // A statement without TxsSummry declares nothing, so the file's totals are only known when all have one.
  if (credit && debit) {
    Object.assign(declared, {
      inCount: credit.count,
      inMinor: rescale(credit),
      outCount: debit.count,
      outMinor: rescale(debit),
    });
  }
}

export const camt053Reader: TextReader = {
  format: 'camt053',
  detect(head: string): number {
    if (/urn:iso:std:iso:20022:tech:xsd:camt\.053\./.test(head)) return 0.99;
    return /<(\w+:)?BkToCstmrStmt[\s>]/.test(head) ? 0.9 : 0;
  },
  read: (text: string, options?: { account?: string }) => readCamt053(text, options),
  stream: (text: () => Iterable<string>, options?: { account?: string }) => streamCamt053(text(), options),
};
