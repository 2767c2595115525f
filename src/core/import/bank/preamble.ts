/**
 * What a statement's preamble says about it (issue 14): the account ("卡号: 1234****9876",
 * "账\u3000\u3000号：" (ideographic spaces) then a cell "xxxxx*********xxxx", kept masked as the bank gave it), the currency
 * ("币种: 人民币", a title "本期账单明细(人民币)"), the period ("日期范围 20251201-20251231",
 * 起始日期/截止日期), and the statement month that places a yearless "MM/DD" date.
 */
import type { Declared } from '../types';
import { periodOf, statementMonth, parseDateTime, type YearHint } from './dates';
import { clean, currencyCode } from './money';

export interface Preamble {
  declared: Declared;
  hint?: YearHint;
  /** The preamble's text, for a layout's title test (兴业银行交易明细, China Construction Bank). */
  text: string;
}

const ACCOUNT_KEY =
  /^(卡号|账号|帐号|账户|帐户|账户账号|帐户账号|主卡卡号|借记卡号|客户账号|查询账号|银行账号|信用卡号|卡号后四位)$/;
const CURRENCY_KEY = /^(币种|币别|货币|账户币种|币种名称)$/;
/** CIB's "卡内账户 001 活期储蓄存款 人民币": the sub-account's last word is its currency. */
const SUBACCOUNT_KEY = /^(卡内账户|子账户|子账户类别|账户类别)$/;
const PERIOD_KEY =
  /^(起止日期|起止时间|日期范围|查询区间|查询期间|交易期间|账单周期|查询日期|交易日期范围|查询时间段)$/;
const FROM_KEY = /^(起始日期|开始日期|查询起日|起始时间)$/;
const TO_KEY = /^(截止日期|结束日期|终止日期|查询止日|截止时间)$/;

function normaliseKey(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, '').replace(/[:：]$/, '');
}

/** Every key/value pair of a row: "卡号: 1234" in one cell, or a key cell followed by its value cell. */
function pairs(cells: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < cells.length; i += 1) {
    const cell = clean(cells[i]);
    if (cell === '') continue;
    const inline = /^([^:：]{1,12})[:：]\s*(.*)$/.exec(cell);
    if (inline && clean(inline[2]) !== '') {
      out.push([normaliseKey(inline[1]!), clean(inline[2])]);
      continue;
    }
    const next = clean(cells[i + 1]);
    if (next !== '' && cell.length <= 14) {
      out.push([normaliseKey(cell), next]);
      i += 1;
    }
  }
  return out;
}

function dateOnly(text: string): string | undefined {
  return parseDateTime(text)?.slice(0, 10);
}

/** Reads the rows before the header; later rows never change what an earlier one set. */
export function readPreamble(rows: string[][]): Preamble {
  const declared: Declared = {};
  let hint: YearHint | undefined;
  const text: string[] = [];
  for (const cells of rows) {
    for (const cell of cells) {
      const t = clean(cell);
      if (t === '') continue;
      text.push(t);
      hint ??= statementMonth(t);
      // A title naming its currency: "本期账单明细(人民币)".
      const titled = /[（(](人民币|美元|港币|港元|欧元|日元|英镑)[)）]/.exec(t);
      if (titled) declared.currency ??= currencyCode(titled[1]!);
    }
    for (const [key, value] of pairs(cells)) {
      if (ACCOUNT_KEY.test(key)) declared.account ??= value;
      else if (CURRENCY_KEY.test(key)) declared.currency ??= currencyCode(value);
      else if (SUBACCOUNT_KEY.test(key)) declared.currency ??= currencyCode(value.split(/\s+/).pop());
      else if (FROM_KEY.test(key)) declared.from ??= dateOnly(value);
      else if (TO_KEY.test(key)) declared.to ??= dateOnly(value);
      else if (PERIOD_KEY.test(key)) {
        const period = periodOf(value);
        if (period) {
          declared.from ??= period.from;
          declared.to ??= period.to;
        }
      }
    }
  }
  // A statement that states its period but not its month: its end places a yearless date.
  if (!hint && declared.to) hint = { year: Number(declared.to.slice(0, 4)), month: Number(declared.to.slice(5, 7)) };
  for (const key of Object.keys(declared) as (keyof Declared)[]) if (declared[key] === undefined) delete declared[key];
  return { declared, hint, text: text.join(' ') };
}
