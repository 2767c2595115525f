/**
 * Generated payment exports for the import bench and the import memory test: an Alipay
 * "支付宝交易明细" CSV in GBK (the 2023+ layout with its long preamble, as the reader in
 * src/core/import/alipay.ts accepts it) and an ISO 20022 camt.053.001.08 statement. Seeded, so
 * every run reads the same rows; Chinese counterparties and unique transaction numbers, so every
 * row is a new record on a first import.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { rng } from './bench-util';

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';
const SHOPS = ['餐厅', '超市', '便利店', '商城', '药房', '书店', '咖啡', '五金店'];
const CATEGORIES = ['餐饮美食', '日用百货', '交通出行', '转账红包', '生活服务', '充值缴费'];
const ITEMS = ['午餐', '办公用品', '打车', '房租', '水电费', '服务费', '货款', '报销'];

const pick = <T>(r: () => number, list: readonly T[] | string): T => list[Math.floor(r() * list.length)] as T;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A time in 2024, the n-th row a little earlier than the one before (exports list newest first). */
function timeOf(i: number, rows: number): Date {
  const end = Date.UTC(2024, 11, 31, 15, 0, 0);
  return new Date(end - Math.floor((i / rows) * 360 * 86_400_000));
}

function beijing(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

/** The data rows, one CSV line each, with what the preamble's totals count. */
function* alipayData(rows: number, seed: number): Generator<{ line: string; income: boolean; fen: number }> {
  const r = rng(seed);
  for (let i = 0; i < rows; i += 1) {
    const who = pick<string>(r, SURNAMES) + pick<string>(r, GIVEN) + (r() < 0.5 ? pick<string>(r, GIVEN) : '');
    const income = r() < 0.3;
    const fen = 100 + Math.floor(r() * 500_000);
    const counterparty = income ? who : `${who}${pick<string>(r, SHOPS)}`;
    const ref = `2024${pad(i % 1_000_000, 8)}2200${pad(seed, 4)}${pad(i, 8)}`;
    const line = [
      beijing(timeOf(i, rows)),
      income ? '转账红包' : pick(r, CATEGORIES),
      counterparty,
      `${who.length > 2 ? 'ab' : 'cd'}***@example.com`,
      pick(r, ITEMS),
      income ? '收入' : '支出',
      `${Math.floor(fen / 100)}.${pad(fen % 100)}`,
      r() < 0.5 ? '余额' : '招商银行(1234)',
      '交易成功',
      `${ref}\t`,
      income ? '\t' : `M${seed}${pad(i, 9)}\t`,
      '',
    ].join(',');
    yield { line, income, fen };
  }
}

/** The Alipay CSV's lines: the 2023+ preamble with the file's own totals, the header, the data. */
export function* alipayLines(rows: number, seed = 14): Generator<string> {
  let inCount = 0;
  let inFen = 0;
  let outCount = 0;
  let outFen = 0;
  // Generated twice from the seed: the totals come before the rows, and the rows are not held.
  for (const d of alipayData(rows, seed)) {
    if (d.income) {
      inCount += 1;
      inFen += d.fen;
    } else {
      outCount += 1;
      outFen += d.fen;
    }
  }
  yield '------------------------------------------------------------------------------------';
  yield '导出信息：';
  yield '姓名：测试';
  yield '支付宝账户：bench***@example.com';
  yield '起始时间：[2024-01-01 00:00:00]    终止时间：[2024-12-31 23:59:59]';
  yield '导出交易类型：[全部]';
  yield '导出时间：[2025-01-01 09:00:00]';
  yield `共${rows}笔记录`;
  yield `收入：${inCount}笔 ${(inFen / 100).toFixed(2)}元`;
  yield `支出：${outCount}笔 ${(outFen / 100).toFixed(2)}元`;
  yield '不计收支：0笔 0.00元';
  yield '';
  yield '特别提示：';
  yield '1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；';
  yield '';
  yield '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------';
  yield '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
  for (const d of alipayData(rows, seed)) yield d.line;
}

/** Writes the GBK CSV to `file` a megabyte at a time (a 200 MB one is never one buffer); its size in bytes. */
export function writeAlipayCsvGbk(file: string, rows: number, seed = 14): number {
  const fd = openSync(file, 'w');
  let size = 0;
  try {
    let part: string[] = [];
    let chars = 0;
    const flush = () => {
      const bytes = encodeGbk(part.join(''));
      writeSync(fd, bytes);
      size += bytes.length;
      part = [];
      chars = 0;
    };
    for (const line of alipayLines(rows, seed)) {
      part.push(line, '\r\n');
      chars += line.length + 2;
      if (chars >= 512 * 1024) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return size;
}

/** The CSV's bytes in GBK (GB18030's two-byte plane: every character used above is in GB2312). */
export function alipayCsvGbk(rows: number, seed = 14): Buffer {
  const text = [...alipayLines(rows, seed)].join('\r\n') + '\r\n';
  return encodeGbk(text);
}

let gbkTable: Map<number, number> | undefined;

/**
 * Node's TextEncoder speaks only UTF-8: the GBK encoding of each character is found by decoding
 * every two-byte GBK pair once (A1..F7 x A1..FE, GB2312's plane) and inverting the table.
 */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi += 1)
      for (let lo = 0x40; lo <= 0xfe; lo += 1) {
        if (lo === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch.charCodeAt(0)))
          gbkTable.set(ch.charCodeAt(0), (hi << 8) | lo);
      }
  }
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else {
      const g = gbkTable.get(c);
      if (g === undefined) throw new Error(`no GBK code for ${text[i]}`);
      out[n++] = g >> 8;
      out[n++] = g & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** A camt.053.001.08 statement of `entries` booked entries (UTF-8 XML) for one account. */
export function camt053Xml(entries: number, seed = 53): Buffer {
  return Buffer.from([...camt053Lines(entries, seed)].join('\n'), 'utf8');
}

/** Writes the camt.053 to `file` half a megabyte at a time (a 200 MB one is never one string); its size in bytes. */
export function writeCamt053Xml(file: string, entries: number, seed = 53): number {
  const fd = openSync(file, 'w');
  let size = 0;
  try {
    let part: string[] = [];
    let chars = 0;
    const flush = () => {
      const bytes = Buffer.from(part.join(''), 'utf8');
      writeSync(fd, bytes);
      size += bytes.length;
      [part, chars] = [[], 0];
    };
    let first = true;
    for (const line of camt053Lines(entries, seed)) {
      part.push(first ? line : `\n${line}`);
      first = false;
      chars += line.length + 1;
      if (chars >= 512 * 1024) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return size;
}

/** One entry's XML and what it adds to the statement's summary; the same for the same seed. */
function* camt053Entries(entries: number, seed: number): Generator<{ xml: string; credit: boolean; fen: number }> {
  const r = rng(seed);
  for (let i = 0; i < entries; i += 1) {
    const credit = r() < 0.4;
    const fen = 100 + Math.floor(r() * 1_000_000);
    const who = pick<string>(r, SURNAMES) + pick<string>(r, GIVEN) + (r() < 0.5 ? pick<string>(r, GIVEN) : '');
    const party = credit ? 'Dbtr' : 'Cdtr';
    const day = timeOf(entries - i, entries)
      .toISOString()
      .slice(0, 10);
    const xml =
      `<Ntry><NtryRef>${i + 1}</NtryRef><Amt Ccy="CNY">${Math.floor(fen / 100)}.${pad(fen % 100)}</Amt>` +
      `<CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
      `<BookgDt><Dt>${day}</Dt></BookgDt><ValDt><Dt>${day}</Dt></ValDt>` +
      `<AcctSvcrRef>CN${seed}${pad(i, 10)}</AcctSvcrRef>` +
      `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
      `<NtryDtls><TxDtls><Refs><EndToEndId>E2E${pad(i, 10)}</EndToEndId></Refs>` +
      `<RltdPties><${party}><Pty><Nm>${who}${credit ? '' : pick<string>(r, SHOPS)}</Nm></Pty></${party}>` +
      `<${party}Acct><Id><Othr><Id>6222${pad(Math.floor(r() * 1e12), 12)}</Id></Othr></Id></${party}Acct></RltdPties>` +
      `<RmtInf><Ustrd>${pick(r, ITEMS)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
    yield { xml, credit, fen };
  }
}

/** The statement's lines: the summary first (a first pass over the seeded entries), then each entry. */
function* camt053Lines(entries: number, seed: number): Generator<string> {
  let cr = 0;
  let crFen = 0;
  let db = 0;
  let dbFen = 0;
  for (const e of camt053Entries(entries, seed)) {
    if (e.credit) [cr, crFen] = [cr + 1, crFen + e.fen];
    else [db, dbFen] = [db + 1, dbFen + e.fen];
  }
  yield* [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
    '<BkToCstmrStmt><GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2025-01-01T09:00:00+08:00</CreDtTm></GrpHdr>',
    '<Stmt><Id>STMT-1</Id><CreDtTm>2025-01-01T09:00:00+08:00</CreDtTm>',
    '<FrToDt><FrDtTm>2024-01-01T00:00:00+08:00</FrDtTm><ToDtTm>2024-12-31T23:59:59+08:00</ToDtTm></FrToDt>',
    '<Acct><Id><Othr><Id>6222020200112233</Id></Othr></Id><Ccy>CNY</Ccy></Acct>',
    `<TxsSummry><TtlCdtNtries><NbOfNtries>${cr}</NbOfNtries><Sum>${(crFen / 100).toFixed(2)}</Sum></TtlCdtNtries>` +
      `<TtlDbtNtries><NbOfNtries>${db}</NbOfNtries><Sum>${(dbFen / 100).toFixed(2)}</Sum></TtlDbtNtries></TxsSummry>`,
  ];
  for (const e of camt053Entries(entries, seed)) yield e.xml;
  yield* ['</Stmt></BkToCstmrStmt></Document>', ''];
}
