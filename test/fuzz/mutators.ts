/**
 * Seeded mutators for payment exports (issue 14 Must show, issue 16 item 3). Each takes the bytes of
 * a seed file and returns mutated bytes; a case stacks one to four of them. They work on bytes,
 * not decoded text, so a GBK seed stays GBK where it is not touched (and turns into mixed
 * encodings where it is, which is a case worth having). Sheet files (zip, compound file) have
 * their own mutators in sheet-mutators.ts.
 */
import type { Rng } from './rng';

export type Mutator = (bytes: Buffer, r: Rng, others: readonly Buffer[]) => Buffer;

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const LF = 0x0a;

export function insertAt(b: Buffer, at: number, piece: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]);
}

function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = b.indexOf(LF); i >= 0; i = b.indexOf(LF, start)) {
    out.push(b.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

const pos = (b: Buffer, r: Rng) => r.int(b.length + 1);

/** Bytes that mean something to a tokenizer, or to a decoder. */
const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0xfe, 0x22, 0x2c, 0x0a, 0x0d, 0x09, 0x3c, 0x3e, 0x26, 0x3b, 0x3a, 0x5e];

/** Control and format characters an export should never hold, and BOMs out of place. */
const CONTROLS = [
  '\u0000',
  '\u001b',
  '\u000b',
  '\u000c',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\r',
  '\u0085',
];

export const byteMutators: Record<string, Mutator> = {
  flipBits(b, r) {
    const c = Buffer.from(b);
    for (let n = r.range(1, 8); n > 0 && c.length; n -= 1) {
      const at = r.int(c.length);
      c[at] = c[at]! ^ (1 << r.int(8));
    }
    return c;
  },
  interestingByte(b, r) {
    const c = Buffer.from(b);
    if (c.length) c[r.int(c.length)] = r.pick(INTERESTING);
    return c;
  },
  insertRandom(b, r) {
    const piece = Buffer.alloc(r.range(1, 32));
    for (let i = 0; i < piece.length; i += 1) piece[i] = r.int(256);
    return insertAt(b, pos(b, r), piece);
  },
  deleteRun(b, r) {
    const at = pos(b, r);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + r.range(1, r.chance(0.2) ? 4000 : 64))]);
  },
  truncate(b, r) {
    return b.subarray(0, pos(b, r));
  },
  control(b, r) {
    return insertAt(b, pos(b, r), utf8(r.pick(CONTROLS).repeat(r.chance(0.1) ? r.range(2, 5000) : 1)));
  },
  bom(b, r) {
    const boms = [
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0x84, 0x31, 0x95, 0x33],
      [0xff, 0xfe, 0, 0],
    ];
    const bom = Buffer.from(r.pick(boms));
    return r.chance(0.8) ? Buffer.concat([bom, b]) : insertAt(b, pos(b, r), bom);
  },
  /** The whole file re-encoded: UTF-16 either way, with or without a BOM, or Latin-1 with losses. */
  transcode(b, r) {
    const text = b.toString('utf8');
    const which = r.int(4);
    if (which === 0) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    if (which === 1) return Buffer.from(text, 'utf16le');
    if (which === 2) {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    return Buffer.from(text, 'latin1');
  },
  lineEndings(b, r) {
    const s = b.toString('latin1');
    const to = r.pick(['\r\n', '\r', '\n', '\n\n', '\u2028']);
    return Buffer.from(s.replace(/\r?\n/g, to === '\u2028' ? '\n' : to), 'latin1');
  },
};

export const lineMutators: Record<string, Mutator> = {
  duplicateLine(b, r) {
    const ls = lines(b);
    if (!ls.length) return b;
    const i = r.int(ls.length);
    const copies = Math.min(r.chance(0.1) ? r.range(2, 2000) : 1, Math.ceil(4e6 / (ls[i]!.length + 1)));
    ls.splice(i, 0, ...Array<Buffer>(copies).fill(ls[i]!));
    return Buffer.concat(ls);
  },
  deleteLine(b, r) {
    const ls = lines(b);
    ls.splice(r.int(ls.length), r.range(1, 3));
    return Buffer.concat(ls);
  },
  swapLines(b, r) {
    const ls = lines(b);
    if (ls.length < 2) return b;
    const i = r.int(ls.length);
    const j = r.int(ls.length);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return Buffer.concat(ls);
  },
  /** A line from another seed (another layout, another format) spliced in. */
  spliceLine(b, r, others) {
    const from = others.length ? r.pick(others) : b;
    const src = lines(from);
    if (!src.length) return b;
    const ls = lines(b);
    ls.splice(r.int(ls.length + 1), 0, ...src.slice(r.int(src.length)).slice(0, r.range(1, 5)));
    return Buffer.concat(ls);
  },
  /** The head of this file on the tail of another: a reader sees its own preamble and foreign rows. */
  crossOver(b, r, others) {
    if (!others.length) return b;
    const o = r.pick(others);
    return Buffer.concat([b.subarray(0, pos(b, r)), o.subarray(pos(o, r))]);
  },
};

/** Cells of CSV-like lines: swapped, emptied, made huge, multiplied. */
export const cellMutators: Record<string, Mutator> = {
  swapCells(b, r) {
    const ls = lines(b);
    if (!ls.length) return b;
    const i = r.int(ls.length);
    const cells = ls[i]!.toString('latin1').split(',');
    const x = r.int(cells.length);
    const y = r.int(cells.length);
    [cells[x], cells[y]] = [cells[y]!, cells[x]!];
    ls[i] = Buffer.from(cells.join(','), 'latin1');
    return Buffer.concat(ls);
  },
  emptyCell(b, r) {
    const ls = lines(b);
    if (!ls.length) return b;
    const i = r.int(ls.length);
    const cells = ls[i]!.toString('latin1').split(',');
    cells[r.int(cells.length)] = r.pick(['', '""', '"', ' ', '-', '/', '--']);
    ls[i] = Buffer.from(cells.join(','), 'latin1');
    return Buffer.concat(ls);
  },
  hugeCell(b, r) {
    const ch = r.pick(['9', 'x', '汉', '"', ' ', '1,', '-', '\t']);
    const n = r.chance(0.02) ? r.range(1_000_000, 1_200_000) : r.range(1000, 60_000);
    return insertAt(b, pos(b, r), utf8(ch.repeat(Math.ceil(n / ch.length))));
  },
  manyColumns(b, r) {
    const n = r.chance(0.02) ? r.range(1000, 200_000) : r.range(2, 990);
    return insertAt(b, pos(b, r), Buffer.from(r.pick([',', '\t', ';', ',""']).repeat(n)));
  },
  unbalancedQuote(b, r) {
    return insertAt(b, pos(b, r), Buffer.from(r.pick(['"', '""', '"""', '",', ',"', '"\n'])));
  },
};

/** Pieces each reader looks for, dropped anywhere: a reader meets its own vocabulary in odd places. */
export const PIECES: Record<'table' | 'text' | 'xml', string[]> = {
  table: [
    ',',
    '"',
    '\t',
    '-',
    '+',
    '借 Dr',
    '贷 Cr',
    '借',
    '贷',
    '合计',
    '总计',
    'CNY ',
    'USD',
    '1,234.56',
    '0.00',
    '-0.00',
    '1e308',
    'NaN',
    '99999999999999999999.99',
    '12/31',
    '02/30',
    '2025-13-45',
    '2024-02-29 25:61:61',
    '00:00:00',
    '¥',
    '￥',
    '/',
    '已退款￥742.00',
    '已全额退款',
    '收入',
    '支出',
    '不计收支',
    '交易关闭',
    '交易成功',
    '退款',
    '交易号',
    '商户单号',
    '交易时间',
    '金额',
    '收/支',
    '交易对方',
    '当前状态',
    '微信支付账单明细',
    '支付宝交易记录明细查询',
    '----------------------',
    '（消费）',
    '\u3000',
    '卡号: ',
    '年01月',
    '****',
    '=SUM(A1)',
    '@cmd',
    '1,2,3',
  ],
  text: [
    '\n^\n',
    '!Type:Bank\n',
    '!Type:CCard\n',
    '!Account\n',
    '\nD',
    '\nT',
    '\nU',
    '\nP',
    '\nL',
    '\nM',
    '\nN',
    '\nS',
    '\n$',
    "D31/12'24\n",
    'D02/30/2024\n',
    'T-1,234.56\n',
    'T1e9\n',
    ':20:',
    ':25:',
    ':28C:',
    ':60F:',
    ':61:',
    ':86:',
    ':62F:',
    ':64:',
    '{1:F01',
    '{4:\n',
    '\n-}',
    '-}',
    '{5:',
    'C1234,56',
    'D0,',
    '2412311231',
    'NMSC',
    'NTRF',
    '?20',
    '?32',
    'OFXHEADER:100\n',
    '<OFX>',
    '</OFX>',
    '<STMTTRN>',
    '</STMTTRN>',
    '<TRNAMT>',
    '<TRNAMT>-1,5',
    '<DTPOSTED>',
    '<DTPOSTED>20241301',
    '<FITID>',
    '<NAME>',
    '<CURDEF>',
    '<BANKTRANLIST>',
    '&amp;',
    '&',
    '<',
    '>',
  ],
  xml: [
    '<',
    '>',
    '</',
    '/>',
    '&',
    '&amp;',
    '&lt;',
    '&#0;',
    '&#x110000;',
    '&#99999999999;',
    '&#xD800;',
    '&bogus;',
    '&a;',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<?pi x?>',
    '<Ntry>',
    '</Ntry>',
    '<Amt Ccy="CNY">',
    '<Amt Ccy="">1.5</Amt>',
    '<Amt>-1</Amt>',
    '<CdtDbtInd>CRDT</CdtDbtInd>',
    '<CdtDbtInd>XXXX</CdtDbtInd>',
    '<BookgDt><Dt>2024-02-30</Dt>',
    '<Stmt>',
    '</Stmt>',
    '<Bal>',
    '<AcctSvcrRef>',
    '<STMTTRN>',
    '</STMTTRN>',
    '<TRNAMT>',
    'xmlns="urn:x"',
    ' a="',
    '"',
    "'",
    '=',
    '\u0000',
    '<?xml version="1.0"?>',
  ],
};

export function pieceMutator(kind: keyof typeof PIECES): Mutator {
  return (b, r) => insertAt(b, pos(b, r), utf8(r.pick(PIECES[kind])));
}

const ELEMENT = /<([A-Za-z][\w.:-]*)[^<>]*>/g;

/** XML: unclosed or crossed tags, deep nesting, DTDs and entities, huge attributes and names. */
export const xmlMutators: Record<string, Mutator> = {
  dropClosingTag(b, r) {
    const s = b.toString('latin1');
    const closes = [...s.matchAll(/<\/[^<>]*>/g)];
    if (!closes.length) return b;
    const m = r.pick(closes);
    return Buffer.from(s.slice(0, m.index) + s.slice(m.index + m[0].length), 'latin1');
  },
  renameTag(b, r) {
    const s = b.toString('latin1');
    const tags = [...s.matchAll(ELEMENT)];
    if (!tags.length) return b;
    const m = r.pick(tags);
    const name = r.pick(['Ntry', 'Amt', 'Stmt', 'x', 'STMTTRN', 'a:b:c', '1bad', 'Ntry ']);
    return Buffer.from(s.slice(0, m.index + 1) + name + s.slice(m.index + 1 + m[1]!.length), 'latin1');
  },
  deepNesting(b, r) {
    const depth = r.chance(0.1) ? r.range(10_000, 200_000) : r.range(50, 2000);
    const tag = r.pick(['a', 'Ntry', 'STMTTRN', 'Stmt']);
    const close = r.chance(0.5) ? `</${tag}>`.repeat(depth) : '';
    return insertAt(b, pos(b, r), utf8(`<${tag}>`.repeat(depth) + close));
  },
  dtd(b, r) {
    const dtds = [
      '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      '<!DOCTYPE a SYSTEM "file:///etc/passwd">',
      '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE a PUBLIC "-//x//y" "http://127.0.0.1/x.dtd">',
      '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://127.0.0.1/p"> %p;]>',
      '<!DOCTYPE a [',
      '<!DOCTYPE',
    ];
    const s = b.toString('latin1');
    const at = s.startsWith('<?xml') ? s.indexOf('?>') + 2 : 0;
    const use = r.pick(['&a;', '&c;', '&x;', '%p;', '']);
    const body = s.slice(at);
    const k = r.int(body.length + 1);
    return Buffer.from(s.slice(0, at) + r.pick(dtds) + body.slice(0, k) + use + body.slice(k), 'latin1');
  },
  hugeAttribute(b, r) {
    const s = b.toString('latin1');
    const tags = [...s.matchAll(ELEMENT)];
    if (!tags.length) return b;
    const m = r.pick(tags);
    const at = m.index + 1 + m[1]!.length;
    const n = r.chance(0.1) ? r.range(500_000, 2_000_000) : r.range(100, 50_000);
    const attr = r.chance(0.5) ? ` a="${'x'.repeat(n)}"` : ` ${'a'.repeat(n)}="1"`.repeat(1);
    return Buffer.from(s.slice(0, at) + attr + s.slice(at), 'latin1');
  },
  manyAttributes(b, r) {
    const s = b.toString('latin1');
    const tags = [...s.matchAll(ELEMENT)];
    if (!tags.length) return b;
    const m = r.pick(tags);
    const at = m.index + 1 + m[1]!.length;
    const n = r.range(2, 20_000);
    const same = r.chance(0.5);
    const attrs = Array.from({ length: n }, (_, i) => ` a${same ? '' : i}="${i}"`).join('');
    return Buffer.from(s.slice(0, at) + attrs + s.slice(at), 'latin1');
  },
  duplicateElement(b, r) {
    const s = b.toString('latin1');
    const tags = [...s.matchAll(ELEMENT)];
    if (!tags.length) return b;
    const m = r.pick(tags);
    const end = s.indexOf(`</${m[1]}>`, m.index);
    if (end < 0) return b;
    const el = s.slice(m.index, end + m[1]!.length + 3);
    // Copies up to a few MB: a big element (the root) is doubled, a small one (an entry) multiplied.
    const times = Math.min(r.chance(0.1) ? r.range(100, 3000) : r.range(1, 3), Math.ceil(4e6 / (el.length + 1)));
    return Buffer.from(s.slice(0, m.index) + el.repeat(times + 1) + s.slice(m.index + el.length), 'latin1');
  },
  textContent(b, r) {
    // The text of one element replaced by something a reader must refuse or take as it is.
    const s = b.toString('latin1');
    const texts = [...s.matchAll(/>([^<>]+)</g)];
    if (!texts.length) return b;
    const m = r.pick(texts);
    const value = r.pick([
      '',
      '-1',
      '1e5',
      '0',
      '1,5',
      '99999999999999999',
      'NaN',
      '２０２４',
      '2024-13-01',
      ' ',
      '&#1;',
    ]);
    return Buffer.from(s.slice(0, m.index + 1) + value + s.slice(m.index + 1 + m[1]!.length), 'latin1');
  },
};

/** The mutators for text files of each kind; sheets are in sheet-mutators.ts. */
export function textMutators(kind: 'table' | 'text' | 'xml'): Mutator[] {
  const shared = [
    ...Object.values(byteMutators),
    ...Object.values(lineMutators),
    pieceMutator(kind),
    pieceMutator(kind),
  ];
  if (kind === 'table') return [...shared, ...Object.values(cellMutators), pieceMutator('table')];
  if (kind === 'xml') return [...shared, ...Object.values(xmlMutators), ...Object.values(xmlMutators)];
  return [...shared, cellMutators.hugeCell!, cellMutators.unbalancedQuote!, pieceMutator('text')];
}

/** One case: one to four mutators stacked on the seed, and the size kept under `maxBytes`. */
export function mutateWith(
  mutators: readonly Mutator[],
  seed: Buffer,
  r: Rng,
  others: readonly Buffer[],
  maxBytes = 8 * 1024 * 1024,
): Buffer {
  let b = seed;
  for (let n = r.range(1, 4); n > 0; n -= 1) {
    b = r.pick(mutators)(b, r, others);
    if (b.length > maxBytes) b = b.subarray(0, maxBytes);
  }
  return b;
}
