/**
 * Which way a bank row moved money and how much (issue 14), by the layout's rule: separate
 * 收入/支出 columns, a signed column (a credit card's positive figure is a purchase, money out), an
 * unsigned figure with a 借/贷 marker, or a description whose first word says it (BOCOM credit).
 * The currency is the amount cell's own prefix ("CNY 49.85"), else its currency column, else
 * the preamble's, else CNY.
 */
import type { Context } from './layout';
import { because } from '../rejection';
import type { RowReason } from '../types';
import { clean, currencyCode, isPlaceholder, isZero, parseMoney, type Money } from './money';

export type Amount =
  | { kind: 'record'; direction: 'in' | 'out'; amount: string; currency: string }
  | { kind: 'zero' }
  | { kind: 'empty' }
  | { kind: 'error'; why: RowReason };

type Pair = { in: string; out: string; currency?: string };

function cellOf(cells: string[], ctx: Context, name: string | undefined): string {
  const i = name === undefined ? undefined : ctx.header.get(name);
  return i === undefined ? '' : clean(cells[i]);
}

function firstCell(cells: string[], ctx: Context, names: string[]): string {
  for (const name of names) {
    const v = cellOf(cells, ctx, name);
    if (!isPlaceholder(v)) return v;
  }
  return '';
}

/** The row's currency: the figure's own prefix, its column, the layout's column, the preamble's, CNY. */
function currencyOf(
  money: Money,
  cells: string[],
  ctx: Context,
  column?: string,
): { ok: true; code: string } | { ok: false; why: RowReason } {
  if (money.currency) return { ok: true, code: money.currency };
  const text = column ? cellOf(cells, ctx, column) : firstCell(cells, ctx, ctx.layout.currency ?? []);
  if (!isPlaceholder(text)) {
    const code = currencyCode(text);
    return code ? { ok: true, code } : { ok: false, why: because('importRow.unknownCurrency', { value: text }) };
  }
  return { ok: true, code: ctx.currency ?? 'CNY' };
}

function finish(money: Money, direction: 'in' | 'out', cells: string[], ctx: Context, column?: string): Amount {
  if (isZero(money.amount)) return { kind: 'zero' };
  const currency = currencyOf(money, cells, ctx, column);
  if (!currency.ok) return { kind: 'error', why: currency.why };
  // A negative figure on a side turns it round: a reversal written "-100.00" under 收入 is money out.
  const flipped = money.negative ? (direction === 'in' ? 'out' : 'in') : direction;
  return { kind: 'record', direction: flipped, amount: money.amount, currency: currency.code };
}

function notAFigure(text: string, field: string): Amount {
  return { kind: 'error', why: because('importRow.notAmount', { field, value: text }) };
}

/** Separate in/out columns, pair by pair in order of preference; a pair with both sides empty gives way. */
function readPairs(cells: string[], ctx: Context, pairs: Pair[]): Amount {
  for (const pair of pairs) {
    const inText = cellOf(cells, ctx, pair.in);
    const outText = cellOf(cells, ctx, pair.out);
    if (isPlaceholder(inText) && isPlaceholder(outText)) continue;
    const inMoney = isPlaceholder(inText) ? undefined : parseMoney(inText, ctx.decimalComma);
    const outMoney = isPlaceholder(outText) ? undefined : parseMoney(outText, ctx.decimalComma);
    if (inMoney && !inMoney.ok) return notAFigure(inText, pair.in);
    if (outMoney && !outMoney.ok) return notAFigure(outText, pair.out);
    const inValue = inMoney?.ok && !isZero(inMoney.money.amount) ? inMoney.money : undefined;
    const outValue = outMoney?.ok && !isZero(outMoney.money.amount) ? outMoney.money : undefined;
    if (inValue && outValue)
      return {
        kind: 'error',
        why: because('importRow.bothInOut', {
          inField: pair.in,
          inValue: inText,
          outField: pair.out,
          outValue: outText,
        }),
      };
    if (inValue) return finish(inValue, 'in', cells, ctx, pair.currency);
    if (outValue) return finish(outValue, 'out', cells, ctx, pair.currency);
    return { kind: 'zero' };
  }
  return { kind: 'empty' };
}

/** 借/Dr/D/支出 is money out of the account, 贷/Cr/C/收入 money in; anything else a person must read. */
export function markerDirection(text: string, inValues?: string[], outValues?: string[]): 'in' | 'out' | undefined {
  const t = clean(text);
  // A saved mapping's own words come first ("C"/"D", "Gutschrift"/"Lastschrift", "收"/"付").
  if (inValues?.includes(t)) return 'in';
  if (outValues?.includes(t)) return 'out';
  if (inValues || outValues) return undefined;
  if (/借|支出|支取|转出|\bDR?\b|^D$|^debit$/i.test(t)) return 'out';
  if (/贷|收入|存入|转入|\bCR?\b|^C$|^credit$/i.test(t)) return 'in';
  return undefined;
}

/** A credit card's description word that brings money back onto the card; every other word spends. */
const CARD_IN = /^(退货|退款|还款|信用卡还款|自动还款|转账还款|还款转入|返现|溢缴款|冲正|撤销|退回|调整入账|积分返还)/;

export function describedDirection(text: string): 'in' | 'out' {
  return CARD_IN.test(clean(text).replace(/^[（(]/, '')) ? 'in' : 'out';
}

/**
 * The row's amount and direction by its layout's rule. `only`/`side` read one side of one pair,
 * for a summary row's totals.
 */
export function readAmount(cells: string[], ctx: Context, only?: { only: Pair; side: 'in' | 'out' }): Amount {
  const rule = ctx.layout.amount;
  if (only) {
    const text = cellOf(cells, ctx, only.side === 'in' ? only.only.in : only.only.out);
    if (isPlaceholder(text)) return { kind: 'empty' };
    const money = parseMoney(text, ctx.decimalComma);
    if (!money.ok) return notAFigure(text, only.side === 'in' ? only.only.in : only.only.out);
    return finish(money.money, only.side, cells, ctx, only.only.currency);
  }
  if (rule.kind === 'inout') return readPairs(cells, ctx, rule.pairs);
  const text = firstCell(cells, ctx, rule.amount);
  if (isPlaceholder(text)) return { kind: 'empty' };
  const parsed = parseMoney(text, ctx.decimalComma);
  if (!parsed.ok) return notAFigure(text, rule.amount.find((name) => !isPlaceholder(cellOf(cells, ctx, name))) ?? '');
  const money = parsed.money;
  switch (rule.kind) {
    case 'signed': {
      // The sign is read in finish(): a negative figure turns the positive direction round.
      return finish(money, rule.positive, cells, ctx);
    }
    case 'marker': {
      const marker = firstCell(cells, ctx, rule.marker);
      const direction = markerDirection(marker, rule.inValues, rule.outValues);
      if (!direction)
        return {
          kind: 'error',
          why: because('importRow.unknownMark', {
            field: rule.marker.find((name) => ctx.header.has(name)) ?? '借贷标志',
            value: marker,
            allowed:
              rule.inValues || rule.outValues
                ? [...(rule.inValues ?? []), ...(rule.outValues ?? [])].join('、')
                : '借、贷',
          }),
        };
      return finish(money, direction, cells, ctx);
    }
    case 'described': {
      return finish(money, describedDirection(firstCell(cells, ctx, rule.description)), cells, ctx);
    }
  }
}
