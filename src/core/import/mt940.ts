/**
 * SWIFT MT940 customer statements, as banks hand them to customers: with or without the SWIFT
 * blocks ({1:…}{2:…}{4: … -}), SOH/ETX framing characters, bank preambles ("ABNANL2A", "940"),
 * several statements per file and several files' worth of messages in one.
 *
 * Each :61: statement line is a record: its entry date (MMDD, the booking) or else its value date
 * (YYMMDD), the mark (C in, D out; RC, a reversed credit, out; RD in), the decimal-comma amount,
 * the bank reference after "//" (else the customer reference unless NONREF) and the :86: that
 * follows it. :86: is read three ways: the German structured form ("166?00GUTSCHRIFT?20…?32…":
 * purpose subfields ?20-?29 and ?60-?63 joined, counterparty from ?32/?33, its account from
 * ?31), the Dutch structured form ("/CNTP/IBAN/BIC/NAME/…/REMI/…"), and free text (the first line,
 * after an account number at its start, names the counterparty). SWIFT wraps lines at 65
 * characters mid-word, so structured text is joined without a separator and free text with one.
 *
 * Every statement must end with its closing balance (:62F: or :62M:); one that does not is a
 * truncated file and nothing is read. Opening balance plus the lines is checked against the
 * closing balance per statement and reported (`readMt940Statements`), not enforced: publishers
 * edit sample files, and a bank's intermediate page may still be right where a sample is not.
 *
 * The text is read line by line from its chunks (a file read by path is never held whole): a
 * first look for a balance or statement line, which a real statement has within its first lines,
 * then the reading, one field at a time.
 */
import {
  AccountGate,
  dateText,
  declaredNumber,
  decimalText,
  importError,
  isZero,
  minorOf,
  squash,
  textLines,
} from './statement-text';
import { because, rejectedRow } from './rejection';
import type { Declared, ImportedRecord, ImportedRow, ReaderResult, RowStream, TextReader, RowReason } from './types';

export interface Mt940Options {
  /** Read this account's statements (:25:); others are rejected (default: the first in the file). */
  account?: string;
}

interface Field {
  tag: string;
  value: string;
  line: number;
  raw: string[];
}

/** One statement's balance check: opening + lines = closing, in minor units, signed. */
export interface Mt940Statement {
  line: number;
  account: string;
  number: string;
  currency: string;
  lines: number;
  opening: bigint;
  sum: bigint;
  closing: bigint;
  balanced: boolean;
  /** The statement's own count and sums when its bank writes them (ING's :86: after :62F:). */
  declared?: { outCount: number; outMinor: bigint; inCount: number; inMinor: bigint };
}

const FIELD = /^:(\d{2}[A-Z]?|NS):/;
const END = /^-(\}|XXX)?\s*(\{5:.*)?$/;
const BALANCE = /^([CD])(\d{2})(\d{2})(\d{2})([A-Z]{3})([\d,]+)$/;
const LINE61 = /^(\d{2})(\d{2})(\d{2})(\d{4})?(R?[CD])([A-Z])?(\d[\d,]*)([NSF][A-Z0-9 ]{3})?(.*)$/;

/** The fields of the file in order, each once it is complete; SWIFT blocks, framing characters and preambles dropped. */
function* fieldsOf(chunks: Iterable<string>): Generator<Field, void, undefined> {
  let current: Field | null = null;
  let index = 0;
  // SOH and ETX mark a message's start and end on SWIFT links; they carry nothing for us.
  const unframed = function* () {
    for (const chunk of chunks) yield chunk.replaceAll('\u0001', '').replaceAll('\u0003', '');
  };
  for (const raw of textLines(unframed(), 'mt940')) {
    index += 1;
    // trimEnd, not /\s+$/: the regex takes quadratic time on a long run of spaces inside a line.
    let line = raw.trimEnd();
    const block4 = line.indexOf('{4:');
    if (block4 !== -1) line = line.slice(block4 + 3);
    const tag = FIELD.exec(line);
    // A field ends where the next begins, and at a block's start or end ("{4:", "-}", "{5:…").
    if (current && (block4 !== -1 || tag || END.test(line) || line.startsWith('{'))) {
      yield current;
      current = null;
    }
    if (tag) current = { tag: tag[1]!, value: line.slice(tag[0].length), line: index, raw: [raw] };
    else if (current) {
      current.value += `\n${line}`;
      current.raw.push(raw);
    }
  }
  if (current) yield current;
}

/** A balance field (:60F:, :62F:, …) as signed minor units with its date and currency. */
function balanceOf(field: Field): { minor: bigint; currency: string; date: string | null } {
  const m = BALANCE.exec(field.value.trim());
  const amount = m && decimalText(m[6]!, { decimalComma: true });
  if (!m || !amount)
    throw importError('mt940', `:${field.tag}: "${field.value.trim()}" is not a balance (line ${field.line})`);
  const minor = minorOf(amount.amount, m[5]!);
  return {
    minor: m[1] === 'D' ? -minor : minor,
    currency: m[5]!,
    date: dateText(2000 + Number(m[2]), Number(m[3]), Number(m[4])),
  };
}

interface Info {
  counterparty: string;
  account: string;
  memo: string;
}

const SEPA_KEYS = /(?<=\S)(?=(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|SQTP|PURP)\+)/g;

/** :86: in the German structured form: "GVC?00posting text?20purpose…?32name?33name…". */
function germanInfo(value: string): Info {
  const joined = value.replace(/\n/g, '');
  const sub = new Map<number, string>();
  for (const m of joined.slice(3).matchAll(/\?(\d{2})([^?]*)/g))
    sub.set(Number(m[1]), (sub.get(Number(m[1])) ?? '') + m[2]);
  const range = (from: number, to: number) =>
    [...sub.entries()]
      .filter(([k]) => k >= from && k <= to)
      .sort(([a], [b]) => a - b)
      .map(([, v]) => v)
      .join('');
  const purpose = squash(range(20, 29) + range(60, 63)).replace(SEPA_KEYS, ' ');
  const extra = squash(range(70, 79));
  const posting = squash(sub.get(0) ?? '');
  return {
    // Without ?32/?33 (returns, batch orders) the posting text is the best name the line has.
    counterparty: squash(range(32, 33)) || posting,
    account: squash(sub.get(31) ?? ''),
    memo: squash([posting && purpose ? `${posting}:` : posting, purpose, extra].filter(Boolean).join(' ')),
  };
}

/** :86: in the Dutch structured form (ING, Rabobank): "/EREF/…//CNTP/IBAN/BIC/NAME/CITY//REMI/…". */
function dutchInfo(value: string): Info {
  const joined = value.replace(/\n/g, '');
  const cntp = /\/CNTP\/([^/]*)\/([^/]*)\/([^/]*)\//.exec(joined);
  const remi =
    /\/REMI\/(?:USTD\/\/|STRD\/[^/]*\/[^/]*\/)?(.*?)(?:\/(?:EREF|MARF|CSID|BUSP|PURP|ULTC|ULTD|CNTP|IBAN|BENM|ORDP)\/|\/?$)/.exec(
      joined,
    );
  return { counterparty: squash(cntp?.[3] ?? ''), account: squash(cntp?.[1] ?? ''), memo: squash(remi?.[1] ?? joined) };
}

/** Free-text :86:: the first line names the counterparty, after an account number at its start. */
function freeInfo(value: string): Info {
  const lines = value.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const lead = /^\s*([A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{9,18})\s+(.*)$/.exec(first);
  // Polish banks (mBank) name the payer or payee after "OD:" (from) or "DLA:" (for), up to the address.
  const polish = /(?:^|[;\s])(?:OD|DLA):\s*([^;\n]+)/.exec(value);
  return {
    counterparty: squash(polish ? polish[1]! : lead ? lead[2]! : first),
    account: lead ? lead[1]! : '',
    memo: squash(lines.join(' ')),
  };
}

/** Sberbank Hungary's :NS: lines "15name" "16name cont." "09text" (see wolph/mt940's sample). */
function nsInfo(value: string): Info {
  const sub = new Map<string, string>();
  for (const l of value.split('\n'))
    if (/^\d{2}/.test(l)) sub.set(l.slice(0, 2), (sub.get(l.slice(0, 2)) ?? '') + l.slice(2));
  return {
    counterparty: squash((sub.get('15') ?? '') + (sub.get('16') ?? '')),
    account: '',
    memo: squash(sub.get('09') ?? ''),
  };
}

function infoOf(info: Field | undefined, ns: Field | undefined): Info {
  if (info) {
    const v = info.value;
    if (/^\d{3}\?\d{2}/.test(v.replace(/\n/g, ''))) return germanInfo(v);
    if (/^\/[A-Z]{4}\//.test(v) && v.includes('/')) return dutchInfo(v);
    return freeInfo(v);
  }
  return ns ? nsInfo(ns.value) : { counterparty: '', account: '', memo: '' };
}

/** A :61: line with its :86: as a row, and its signed amount for the balance check. */
function statementLine(
  f61: Field,
  info: Field | undefined,
  ns: Field | undefined,
  currency: string,
  refusal: RowReason | null,
): { row: ImportedRow; signed: bigint } {
  const source = [...f61.raw, ...(info?.raw ?? []), ...(ns?.raw ?? [])].join('\n');
  const line = f61.line;
  const [first = '', ...more] = f61.value.split('\n');
  const m = LINE61.exec(first.trim());
  const amount = m && decimalText(m[7]!, { decimalComma: true });
  if (!m || !amount)
    return {
      row: rejectedRow(line, source, because('importRow.notStatementLine', { field: ':61:', value: first.trim() })),
      signed: 0n,
    };
  const mark = m[5]!;
  const credit = mark === 'C' || mark === 'RD';
  const minor = minorOf(amount.amount, currency);
  const signed = credit ? minor : -minor;
  if (refusal) return { row: rejectedRow(line, source, refusal), signed };
  if (isZero(amount.amount)) return { row: { kind: 'skipped', line, source, reason: 'neutral' }, signed };
  const year = 2000 + Number(m[1]);
  const [vm, vd] = [Number(m[2]), Number(m[3])];
  let occurredAt = dateText(year, vm, vd);
  if (m[4]) {
    // The booking date has no year: it is the value date's, or the next or last one across a year end.
    const [em, ed] = [Number(m[4].slice(0, 2)), Number(m[4].slice(2))];
    const entryYear = vm === 12 && em === 1 ? year + 1 : vm === 1 && em === 12 ? year - 1 : year;
    occurredAt = dateText(entryYear, em, ed) ?? occurredAt;
  }
  if (!occurredAt)
    return {
      row: rejectedRow(line, source, because('importRow.notDate', { field: ':61:', value: first.slice(0, 10) })),
      signed,
    };
  // Only the bank's reference names one transaction. The customer reference is whatever the
  // customer wrote (an IBAN, "X" on every line of Sberbank's sample): as a reference it would
  // make different payments look like duplicates, so it goes to the memo.
  const [customerRef = '', bankRef = ''] = m[9]!.split('//');
  const reference = squash(bankRef);
  const ownRef = /^NONREF$/i.test(customerRef.trim()) ? '' : squash(customerRef);
  const details = squash(more.join(' '));
  const parsed = infoOf(info, ns);
  const counterparty = parsed.counterparty || details;
  const text = parsed.memo || details;
  const memo = squash(
    `${mark.startsWith('R') ? 'Reversal ' : ''}${text}${ownRef && !text.includes(ownRef) ? ` (ref ${ownRef})` : ''}`,
  );
  const record: ImportedRecord = {
    occurredAt,
    direction: credit ? 'in' : 'out',
    amount: amount.amount,
    currency,
    channel: 'bank',
    counterparty,
    ...(parsed.account ? { counterpartyAccount: parsed.account } : {}),
    ...(reference ? { reference } : {}),
    ...(memo ? { memo } : {}),
  };
  return { row: { kind: 'record', line, source, record }, signed };
}

/** The rows and the per-statement balance checks; throws E_INPUT for a truncated or malformed file. */
export function readMt940Statements(
  text: string,
  options: Mt940Options = {},
): { result: ReaderResult; statements: Mt940Statement[] } {
  const statements: Mt940Statement[] = [];
  const stream = streamMt940(() => [text], options, statements);
  return { result: { format: 'mt940', rows: [...stream.rows], declared: stream.declared }, statements };
}

/**
 * The reading field by field from the text's chunks; `declared` (and `statements`, when given)
 * complete once the rows are read to their end.
 */
export function streamMt940(
  text: () => Iterable<string>,
  options: Mt940Options = {},
  statements: Mt940Statement[] = [],
): RowStream {
  const declared: Declared = {};
  return { format: 'mt940', rows: mt940Rows(text, options, declared, statements), declared };
}

function* mt940Rows(
  text: () => Iterable<string>,
  options: Mt940Options,
  declared: Declared,
  statements: Mt940Statement[],
): Generator<ImportedRow, void, undefined> {
  // A statement has its :60F: within its first lines: this pass stops there, except in a file that is no MT940.
  let statement = false;
  for (const f of fieldsOf(text())) if ((statement = f.tag === '61' || f.tag.startsWith('60'))) break;
  if (!statement) throw importError('mt940', 'no :60F: or :61: field: not an MT940 statement');
  const gate = new AccountGate(options.account);
  let stmt: (Mt940Statement & { refusal: RowReason | null; closed: boolean }) | null = null;
  const finish = () => {
    if (!stmt) return;
    if (!stmt.closed)
      throw importError(
        'mt940',
        `the statement at line ${stmt.line} has no closing balance (:62F:): the file looks truncated`,
      );
    const { refusal: _r, closed: _c, ...done } = stmt;
    statements.push(done);
  };
  const fields = fieldsOf(text());
  let ahead = fields.next();
  // The field after the current one, looked at to join a :61: with its :86: and :NS:.
  const take = (tag: string): Field | undefined => {
    if (ahead.done || ahead.value.tag !== tag) return undefined;
    const f = ahead.value;
    ahead = fields.next();
    return f;
  };
  while (!ahead.done) {
    const f = ahead.value;
    ahead = fields.next();
    if (f.tag === '20' || !stmt) {
      finish();
      stmt = {
        line: f.line,
        account: '',
        number: '',
        currency: '',
        lines: 0,
        opening: 0n,
        sum: 0n,
        closing: 0n,
        balanced: false,
        refusal: null,
        closed: false,
      };
      if (f.tag === '20') continue;
    }
    if (f.tag === '25') {
      stmt.account = squash(f.value);
      stmt.refusal = gate.check(stmt.account);
    } else if (f.tag.startsWith('28')) stmt.number = squash(f.value);
    else if (f.tag === '60F' || f.tag === '60M') {
      const b = balanceOf(f);
      [stmt.opening, stmt.currency] = [b.minor, b.currency];
      if (!stmt.refusal) {
        declared.currency ??= b.currency;
        if (b.date && (!declared.from || b.date < declared.from)) declared.from = b.date;
      }
    } else if (f.tag === '61') {
      if (!stmt.currency) throw importError('mt940', `a :61: line before the opening balance (line ${f.line})`);
      const info = take('86');
      const ns = take('NS');
      const { row, signed } = statementLine(f, info, ns, stmt.currency, stmt.refusal);
      yield row;
      stmt.sum += signed;
      stmt.lines += 1;
    } else if (f.tag === '62F' || f.tag === '62M') {
      const b = balanceOf(f);
      stmt.closing = b.minor;
      stmt.closed = true;
      stmt.balanced = stmt.opening + stmt.sum === stmt.closing;
      if (!stmt.refusal && b.date && (!declared.to || b.date > declared.to)) declared.to = b.date;
    } else if (f.tag === '86' && stmt.closed) {
      // ING writes the statement's own counts and sums after the closing balance.
      const m = /^D(\d{6})C(\d{6})D([\d,]+)C([\d,]+)$/.exec(f.value.trim());
      const out = m && decimalText(m[3]!, { decimalComma: true });
      const inn = m && decimalText(m[4]!, { decimalComma: true });
      if (m && out && inn) {
        stmt.declared = {
          outCount: Number(m[1]),
          outMinor: minorOf(out.amount, stmt.currency),
          inCount: Number(m[2]),
          inMinor: minorOf(inn.amount, stmt.currency),
        };
      }
    }
  }
  finish();
  if (gate.account) declared.account = gate.account;
  if (gate.accounts.length > 1) declared.accounts = [...gate.accounts];
  const own = statements.filter((s) => gate.check(s.account) === null);
  if (own.length > 0 && own.every((s) => s.declared)) {
    const sum = (k: 'outMinor' | 'inMinor') => own.reduce((t, s) => t + s.declared![k], 0n);
    Object.assign(declared, {
      inCount: own.reduce((t, s) => t + s.declared!.inCount, 0),
      inMinor: declaredNumber(sum('inMinor'), 'mt940'),
      outCount: own.reduce((t, s) => t + s.declared!.outCount, 0),
      outMinor: declaredNumber(sum('outMinor'), 'mt940'),
    });
  }
}

export const readMt940 = (text: string, options: Mt940Options = {}): ReaderResult =>
  readMt940Statements(text, options).result;

export const mt940Reader: TextReader = {
  format: 'mt940',
  detect(head: string): number {
    const fields = /^:20:/m.test(head) && /^:25:/m.test(head) && /^:6[01][FM]?:/m.test(head);
    if (!fields) return 0;
    return /\{4:|^:28C?:/m.test(head) ? 0.95 : 0.85;
  },
  read: (text: string, options?: { account?: string }) => readMt940(text, options),
  stream: (text: () => Iterable<string>, options?: { account?: string }) => streamMt940(text, options),
};
