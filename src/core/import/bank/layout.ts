/**
 * What a bank statement layout is, as data (issue 14): most Chinese banks differ only in their
 * header names, their date form and how they write the direction, so each bank is a profile of
 * column names read by one engine (engine.ts) rather than a parser of its own.
 */
import type { FormatId } from '../types';
import type { DateOrder, YearHint } from './dates';

/**
 * How a row says which way the money went.
 * - `inout`: separate 收入/支出 (存入/取出) columns; pairs in order of preference, so ICBC's
 *   记账金额 (in the account's currency) wins over its 交易金额 (in the merchant's).
 * - `signed`: one column with a sign; `positive` is 'in' for a debit account, 'out' for a credit
 *   card, whose statement lists a purchase as positive and a repayment as negative.
 * - `marker`: an unsigned amount and a column saying 借/贷 (BOCOM's "借 Dr" / "贷 Cr").
 * - `described`: an unsigned amount whose direction only the description's first word gives
 *   (BOCOM credit: "消费 美团" out, "退货 美团" and "信用卡还款 …" in).
 */
export type AmountRule =
  | { kind: 'inout'; pairs: { in: string; out: string; currency?: string }[] }
  | { kind: 'signed'; amount: string[]; positive: 'in' | 'out' }
  | { kind: 'marker'; amount: string[]; marker: string[]; inValues?: string[]; outValues?: string[] }
  | { kind: 'described'; amount: string[]; description: string[] };

export interface Layout {
  /** "icbc-debit": named in tests and in a rejected row's reason. */
  name: string;
  /** 'bank' for a current account, 'card' for a credit card. */
  channel: 'bank' | 'card';
  /** Header names that must all be in the header row for this layout (after normalising). */
  signature: string[];
  /** Text in the preamble that names the bank; a small bonus to detection, never required. */
  title?: RegExp;
  /** Date columns in order of preference (CMB credit leaves 交易日 empty on repayments: 记账日 then). */
  date: string[];
  time?: string[];
  amount: AmountRule;
  /** A currency column; else the currency the preamble or an amount's prefix names; else CNY. */
  currency?: string[];
  /** Who paid or was paid, in order of preference: the first non-empty cell. */
  counterparty: string[];
  counterpartyAccount?: string[];
  reference?: string[];
  /** Every non-empty one of these, joined, is the memo. */
  memo: string[];
  /**
   * A leading type word to take off the counterparty ("（消费）示例商户A" → "示例商户A",
   * "消费 美团" → "美团"); the memo keeps the whole text.
   */
  stripType?: RegExp;
  /** The counterparty cell holds a name and an account run together ("张三 66666666666666"). */
  splitAccount?: boolean;
}

/** Names every profile also understands: a reference, an account, under whatever header a bank uses. */
export const REFERENCE_NAMES = ['交易流水号', '流水号', '交易参考号', '参考号', '日志号', '交易序号', '凭证号'];
export const ACCOUNT_NAMES = ['对方账号', '对方账户', '对方卡号/账号', '对方卡号', '交易对手账号', '对方账号/卡号'];

/**
 * A header cell as compared: no padding, no inner spaces ("日 志 号", "币\u3000\u3000种"), ASCII
 * parentheses and no trailing colon, so that one name matches every spelling a bank uses.
 */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[:：]$/, '');
}

/** One bank's reader: its format id and the layouts its exports come in. */
export interface BankProfile {
  format: FormatId;
  layouts: Layout[];
}

/** A layout found in a file: its header's column indexes, and what the preamble said. */
export interface Context {
  layout: Layout;
  header: Map<string, number>;
  /** The statement month, for yearless dates. */
  hint?: YearHint;
  /** The preamble's currency, for rows that name none. */
  currency?: string;
  /** Only a generic mapping says otherwise: Chinese banks write year first and a decimal point. */
  order?: DateOrder;
  decimalComma?: boolean;
}
