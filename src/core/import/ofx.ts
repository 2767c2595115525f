/**
 * OFX 1.x (SGML, leaf elements without close tags), OFX 2.x (XML) and QFX (OFX with Intuit
 * extras), read with one lenient pass of the importer's XML tokenizer: the refusals and caps
 * apply to both, and real files mix the two (ofxparse's anzcc.ofx has an OFX 2 header and SGML
 * body; the v102 empty-tags file closes every leaf). A leaf ends at its close tag or at the next
 * tag, whichever comes first; a close tag closes every unclosed leaf inside it. The text comes
 * whole or in chunks (a file read by path); only the transaction being read is held.
 *
 * Each STMTTRN is a record: TRNAMT's sign is the direction (TRNTYPE is a hint banks fill
 * inconsistently), NAME or PAYEE/NAME the counterparty (MEMO when both are empty, so an
 * exported row is not rejected for a missing name the file never had), FITID the reference.
 *
 * DTPOSTED is moved to Beijing wall time: "20090401122017[-5:EST]" is 2009-04-02 01:20:17 in
 * Beijing. OFX says a time without a zone is GMT, so one is taken as GMT and moved too; a date
 * without a time stays that date (a day has no instant to move).
 */
import { LedgerVaultError } from '../errors';
import { AccountGate, beijingTime, dateText, decimalText, importError, isZero, squash } from './statement-text';
import { because, rejectedRow } from './rejection';
import type { Declared, ImportedRecord, ImportedRow, ReaderResult, RowStream, TextReader, RowReason } from './types';
import { declarationRefused, XmlReader, type XmlLimits } from './xml';

export interface OfxOptions {
  /** Read this account's statements; others are rejected (default: the first account in the file). */
  account?: string;
  limits?: Partial<XmlLimits>;
}

interface Frame {
  name: string;
  line: number;
  start: number;
  /** The leaf's text once one was seen (a leaf, not an aggregate). */
  value?: string;
  /** Leaves inside this frame by name (first wins); kept only on frames a reader looks into. */
  leaves?: Map<string, string>;
}

/** Aggregates whose leaves are looked up by name: a transaction, an account, a statement. */
const COLLECT = new Set([
  'STMTTRN',
  'BANKACCTFROM',
  'CCACCTFROM',
  'INVACCTFROM',
  'STMTRS',
  'CCSTMTRS',
  'INVSTMTRS',
  'BANKTRANLIST',
  'PAYEE',
  'CURRENCY',
  'ORIGCURRENCY',
]);
const STATEMENTS = new Set(['STMTRS', 'CCSTMTRS', 'INVSTMTRS']);
const ACCOUNTS = new Set(['BANKACCTFROM', 'CCACCTFROM', 'INVACCTFROM']);
const MAX_DEPTH = 64;

/**
 * "YYYYMMDD[HHMMSS[.XXX]][[±H[.MM]][:TZ]]" as Beijing time; a date alone as that date. Null when
 * it is not an OFX date.
 */
export function ofxDate(raw: string): string | null {
  const m =
    /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?(?:[.:]\d{1,3})?)?\s*(?:\[\s*([+-]?\d{1,2}(?:[.:]\d{1,2})?)?\s*(?::[^\]]*)?\])?$/.exec(
      raw.trim(),
    );
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return dateText(y, mo, d);
  let offset = 0;
  if (m[7] !== undefined) {
    const [h, frac = '0'] = m[7].split(/[.:]/) as [string, string?];
    const sign = h.startsWith('-') ? -1 : 1;
    // "+5.30" / "+5:30" is five and a half hours; OFX writes fractional offsets both ways.
    offset = sign * (Math.abs(Number(h)) * 60 + (frac.length === 1 ? Number(frac) * 6 : Number(frac)));
  }
  return beijingTime(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0), offset);
}

const CURRENCY = /^[A-Z]{3}$/;

function transactionRow(
  leaves: Map<string, string>,
  line: number,
  source: string,
  statement: { currency: string; refusal: RowReason | null },
): ImportedRow {
  const reject = (why: RowReason): ImportedRow => rejectedRow(line, source, why);
  if (statement.refusal) return reject(statement.refusal);
  const get = (name: string) => squash(leaves.get(name) ?? '');
  const amountText = get('TRNAMT');
  const amount = decimalText(amountText);
  if (!amount) return reject(because('importRow.notAmount', { field: 'TRNAMT', value: amountText }));
  if (isZero(amount.amount)) return { kind: 'skipped', line, source, reason: 'neutral' };
  const posted = get('DTPOSTED') || get('DTUSER');
  const occurredAt = ofxDate(posted);
  if (!occurredAt) return reject(because('importRow.notDate', { field: 'DTPOSTED', value: posted }));
  // CURRENCY (not ORIGCURRENCY) means the amounts are in that currency rather than CURDEF.
  const own = get('CURRENCY.CURSYM');
  const currency = CURRENCY.test(own) ? own : statement.currency;
  const name = get('NAME') || get('PAYEE.NAME');
  const memo = get('MEMO');
  const reference = get('FITID') || get('REFNUM') || get('SRVRTID');
  const record: ImportedRecord = {
    occurredAt,
    direction: amount.negative ? 'out' : 'in',
    amount: amount.amount,
    currency,
    channel: 'bank',
    counterparty: name || memo,
    ...(reference ? { reference } : {}),
    ...(memo ? { memo } : {}),
  };
  return { kind: 'record', line, source, record };
}

/** Reads an OFX/QFX file whole; throws E_INPUT for a refused, malformed or truncated one. */
export function readOfx(text: string, options: OfxOptions = {}): ReaderResult {
  const stream = streamOfx(text, options);
  return { format: 'ofx', rows: [...stream.rows], declared: stream.declared };
}

/** The reading transaction by transaction; `declared` is complete once the rows are read to their end. */
export function streamOfx(text: string | Iterable<string>, options: OfxOptions = {}): RowStream {
  const declared: Declared = {};
  return { format: 'ofx', rows: ofxRows(typeof text === 'string' ? [text] : text, options, declared), declared };
}

/**
 * The text from its "<OFX>" on, and the header before it: its line count, and whether it holds a
 * declaration. The header is not tokenized (it is "KEY:VALUE" lines in OFX 1.x), so it is checked
 * here; only a few characters of it are kept between chunks.
 */
function* fromOfxTag(
  chunks: Iterable<string>,
  header: { found: boolean; lines: number; declaration: boolean },
): Generator<string, void, undefined> {
  let carry = '';
  // The header up to `cut`: a match may look past it (a "<!--" split across chunks is no declaration).
  const look = (s: string, cut: number) => {
    for (const m of s.matchAll(/<!(?!--)/g)) if (m.index < cut) header.declaration = true;
    header.lines += s.slice(0, cut).split('\n').length - 1;
  };
  const it = chunks[Symbol.iterator]();
  for (let next = it.next(); !next.done; next = it.next()) {
    const s = carry + next.value;
    const begin = s.search(/<OFX>/i);
    if (begin === -1) {
      // The last 4 characters may begin "<OFX>" or "<!--": looked at again with the next chunk.
      const cut = Math.max(0, s.length - 4);
      look(s, cut);
      carry = s.slice(cut);
      continue;
    }
    look(s, begin);
    header.found = true;
    yield s.slice(begin);
    for (let rest = it.next(); !rest.done; rest = it.next()) yield rest.value;
    return;
  }
}

function* ofxRows(
  chunks: Iterable<string>,
  options: OfxOptions,
  declared: Declared,
): Generator<ImportedRow, void, undefined> {
  const header = { found: false, lines: 0, declaration: false };
  const body = fromOfxTag(chunks, header);
  const first = body.next();
  if (first.done) throw importError('ofx', 'no <OFX> element: not an OFX file');
  if (header.declaration) {
    throw declarationRefused('ofx: a <!DOCTYPE> or other declaration before <OFX> is refused: OFX needs no DTD');
  }
  const gate = new AccountGate(options.account);
  const rows: ImportedRow[] = [];
  const stack: Frame[] = [];
  let statement = { currency: 'CNY', refusal: null as RowReason | null };
  let finished = false;
  const xml = new XmlReader(
    (function* () {
      yield first.value;
      yield* body;
    })(),
    { lenient: true, limits: options.limits },
  );
  let holder: Frame | undefined;
  // A leaf's value belongs to every collecting ancestor, under its name and under PARENT.NAME.
  const closeFrame = (frame: Frame, end: number) => {
    if (frame === holder) {
      // Released once its row below is made: the text stays in the buffer until the next chunk.
      holder = undefined;
      xml.release();
    }
    if (frame.value !== undefined) {
      const parent = stack[stack.length - 1];
      for (let k = stack.length - 1; k >= 0; k -= 1) {
        const leaves = stack[k]!.leaves;
        if (!leaves) continue;
        if (!leaves.has(frame.name)) leaves.set(frame.name, frame.value);
        if (parent && parent !== stack[k] && !leaves.has(`${parent.name}.${frame.name}`))
          leaves.set(`${parent.name}.${frame.name}`, frame.value);
      }
      if (frame.name === 'CURDEF' && CURRENCY.test(frame.value.trim())) statement.currency = frame.value.trim();
      return;
    }
    if (frame.name === 'STMTTRN')
      rows.push(transactionRow(frame.leaves!, frame.line, xml.text(frame.start, end), statement));
    else if (ACCOUNTS.has(frame.name)) {
      const account = (frame.leaves!.get('ACCTID') ?? '').trim();
      statement.refusal = gate.check(account);
    } else if (frame.name === 'BANKTRANLIST' && !statement.refusal) {
      const from = ofxDate(frame.leaves!.get('DTSTART') ?? '');
      const to = ofxDate(frame.leaves!.get('DTEND') ?? '');
      if (from && (!declared.from || from < declared.from)) declared.from = from;
      if (to && (!declared.to || to > declared.to)) declared.to = to;
    } else if (STATEMENTS.has(frame.name)) {
      const curdef = (frame.leaves!.get('CURDEF') ?? '').trim();
      if (!statement.refusal && !declared.currency && CURRENCY.test(curdef)) declared.currency = curdef;
    } else if (frame.name === 'OFX') finished = true;
  };
  // The top frame is an unclosed SGML leaf when it holds text: it ends where the next tag begins.
  const endLeaf = (at: number) => {
    const top = stack[stack.length - 1];
    if (top?.value !== undefined) closeFrame(stack.pop()!, at);
  };

  try {
    for (const ev of xml.events) {
      yield* rows.splice(0);
      const at = ev.start;
      const line = ev.line + header.lines;
      if (finished) {
        if (ev.type !== 'text' || ev.text.trim() !== '')
          throw importError('ofx', `content after </OFX> (line ${line})`);
        continue;
      }
      if (ev.type === 'text') {
        const top = stack[stack.length - 1];
        if (top && top.value === undefined && ev.text.trim() !== '') top.value = ev.text;
        else if (top?.value !== undefined) top.value += ev.text;
        continue;
      }
      if (ev.type === 'open') {
        endLeaf(at);
        const name = ev.name.toUpperCase();
        if (stack.length === 0 && name !== 'OFX') throw importError('ofx', `<${name}> outside <OFX> (line ${line})`);
        if (STATEMENTS.has(name)) statement = { currency: 'CNY', refusal: null };
        const frame: Frame = {
          name,
          line,
          start: at,
          ...(COLLECT.has(name) || name === 'OFX' ? { leaves: new Map() } : {}),
        };
        stack.push(frame);
        // A transaction's text is held until its row is made (an outer one's, if they nest).
        if (name === 'STMTTRN' && !holder) {
          holder = frame;
          xml.hold(at);
        }
        if (stack.length > MAX_DEPTH)
          throw importError('ofx', `elements nested deeper than ${MAX_DEPTH} (line ${line})`);
        continue;
      }
      const name = ev.name.toUpperCase();
      let open = stack.length - 1;
      while (open >= 0 && stack[open]!.name !== name) open -= 1;
      if (open === -1) throw importError('ofx', `</${name}> closes nothing (line ${line})`);
      // An explicit close of an empty leaf (<NAME></NAME>) gives it an empty value.
      const top = stack[stack.length - 1]!;
      if (top.name === name && top.value === undefined && !top.leaves && open === stack.length - 1) top.value = '';
      while (stack.length > open) closeFrame(stack.pop()!, ev.end);
    }
  } catch (err) {
    // A refused declaration keeps its own words; any other tokenizer refusal is said as OFX's.
    if (err instanceof LedgerVaultError && err.messageKey !== 'import.xmlDeclaration' && !err.detail.startsWith('ofx:'))
      throw importError('ofx', err.detail);
    throw err;
  }
  if (!finished)
    throw importError(
      'ofx',
      `the file ends inside <${stack[stack.length - 1]?.name ?? 'OFX'}> without </OFX> (truncated?)`,
    );
  yield* rows.splice(0);
  if (gate.account) declared.account = gate.account;
  if (gate.accounts.length > 1) declared.accounts = [...gate.accounts];
}

export const ofxReader: TextReader = {
  format: 'ofx',
  detect(head: string): number {
    if (/^\s*OFXHEADER\s*:\s*\d+/m.test(head) || /<\?OFX\s/i.test(head)) return 0.99;
    return /<OFX>/i.test(head) ? 0.9 : 0;
  },
  read: (text: string, options?: { account?: string }) => readOfx(text, options),
  stream: (text: () => Iterable<string>, options?: { account?: string }) => streamOfx(text(), options),
};
