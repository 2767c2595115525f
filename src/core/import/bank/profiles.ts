/**
 * The Chinese banks' statement layouts (issue 14), as column names for the engine. Each layout
 * was read from a published export (double-entry-generator's examples and the corpus in
 * shared/corpus/bank-cn; the header lines are quoted in each comment) and from the way that
 * project reads it; the code is ours. Header names are normalised (no spaces, ASCII brackets).
 */
import type { BankProfile, Layout } from './layout';

/** ICBC keeps the booked figure (记账金额, in the account's currency) apart from the merchant's. */
const ICBC_PAIRS = [
  { in: '记账金额(收入)', out: '记账金额(支出)', currency: '记账币种' },
  { in: '交易金额(收入)', out: '交易金额(支出)', currency: '交易币种' },
];

/**
 * 工商银行 "明细查询文件下载": 卡号 in the preamble, the header 交易日期,摘要,交易详情,交易场所,
 * 交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),
 * 记账币种,余额,对方户名,对方账户 (the older export lacks 交易详情 and 对方账户), a 人民币合计 row.
 * The credit card's header has 记账日期 and no 钞/汇.
 */
export const ICBC: BankProfile = {
  format: 'icbc',
  layouts: [
    {
      name: 'icbc-debit',
      channel: 'bank',
      signature: ['交易日期', '摘要', '钞/汇', '记账金额(收入)', '记账金额(支出)', '对方户名'],
      title: /工商银行|明细查询文件下载/,
      date: ['交易日期'],
      amount: { kind: 'inout', pairs: ICBC_PAIRS },
      counterparty: ['对方户名', '交易场所', '摘要'],
      memo: ['摘要', '交易详情', '交易场所'],
    },
    {
      name: 'icbc-credit',
      channel: 'card',
      signature: ['交易日期', '记账日期', '摘要', '交易场所', '记账金额(收入)', '记账金额(支出)'],
      title: /工商银行|明细查询文件下载/,
      date: ['交易日期', '记账日期'],
      amount: { kind: 'inout', pairs: ICBC_PAIRS },
      // The card's rows leave 对方户名 empty: the merchant is in 交易场所.
      counterparty: ['对方户名', '交易场所', '摘要'],
      memo: ['摘要', '交易场所'],
    },
  ],
};

/**
 * 建设银行 交易明细 (.xls): China Construction Bank, 开户机构, 币种, 账号 above the header
 * 记账日,交易日期,交易时间,支出,收入,账户余额,币种,摘要,对方账号,对方户名,交易地点; numeric
 * amounts with 0 on the unused side; the trailer 以上数据仅供参考|具体内容请以柜台为准.
 */
export const CCB: BankProfile = {
  format: 'ccb',
  layouts: [
    {
      name: 'ccb-debit',
      channel: 'bank',
      signature: ['记账日', '交易日期', '交易时间', '支出', '收入', '交易地点'],
      title: /China Construction Bank|建设银行/i,
      date: ['交易日期', '记账日'],
      time: ['交易时间'],
      amount: { kind: 'inout', pairs: [{ in: '收入', out: '支出', currency: '币种' }] },
      counterparty: ['对方户名', '交易地点', '摘要'],
      memo: ['摘要', '交易地点'],
    },
  ],
};

/**
 * 招商银行: the debit export 记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要 with a signed
 * amount and the counterparty's account run into its name ("张三 66666666666666"); the credit
 * card statement titled "…对账单（… 2024年01月）" with 交易日,记账日,交易摘要,人民币金额,卡号末四位,
 * 交易地金额, yearless MM/DD dates, purchases positive and repayments negative.
 */
export const CMB: BankProfile = {
  format: 'cmb',
  layouts: [
    {
      name: 'cmb-debit',
      channel: 'bank',
      signature: ['记账日期', '货币', '交易金额', '联机余额', '交易摘要'],
      title: /招商银行/,
      date: ['记账日期'],
      amount: { kind: 'signed', amount: ['交易金额'], positive: 'in' },
      currency: ['货币'],
      counterparty: ['对手信息', '交易摘要'],
      splitAccount: true,
      memo: ['交易摘要', '客户摘要'],
    },
    {
      name: 'cmb-credit',
      channel: 'card',
      signature: ['交易日', '记账日', '交易摘要', '人民币金额'],
      title: /招商银行/,
      // Repayments have no 交易日: their 记账日 dates them.
      date: ['交易日', '记账日'],
      amount: { kind: 'signed', amount: ['人民币金额'], positive: 'out' },
      counterparty: ['交易摘要'],
      memo: ['交易摘要'],
    },
  ],
};

/**
 * 中国银行: the credit card bill "中国银行信用卡账单(2025年01月)" with 交易日,银行记账日,卡号后四位,
 * 交易描述,存入,支出,币种; the debit 交易流水明细单 with 记账日期,记账时间,币别,金额,余额,交易名称,
 * 渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行,借记卡号, a signed amount and
 * "-------------------" in empty cells.
 */
export const BOC: BankProfile = {
  format: 'boc',
  layouts: [
    {
      name: 'boc-credit',
      channel: 'card',
      signature: ['交易日', '银行记账日', '交易描述', '存入', '支出'],
      title: /中国银行/,
      date: ['交易日', '银行记账日'],
      amount: { kind: 'inout', pairs: [{ in: '存入', out: '支出', currency: '币种' }] },
      counterparty: ['交易描述'],
      memo: ['交易描述'],
    },
    {
      name: 'boc-debit',
      channel: 'bank',
      signature: ['记账日期', '记账时间', '币别', '金额', '交易名称', '对方账户名'],
      title: /中国银行/,
      date: ['记账日期'],
      time: ['记账时间'],
      amount: { kind: 'signed', amount: ['金额'], positive: 'in' },
      currency: ['币别'],
      counterparty: ['对方账户名', '网点名称', '交易名称'],
      counterpartyAccount: ['对方卡号/账号', '对方账号'],
      memo: ['交易名称', '附言', '渠道'],
    },
  ],
};

/**
 * 农业银行: 交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言 with
 * YYYYMMDD dates, HHMMSS times (sometimes empty), "+10000.00"/"-10.00", "--" for no counterparty,
 * and short rows that stop after 日志号.
 */
export const ABC: BankProfile = {
  format: 'abc',
  layouts: [
    {
      name: 'abc-debit',
      channel: 'bank',
      signature: ['交易日期', '交易时间', '交易摘要', '交易金额', '本次余额', '对手信息'],
      title: /农业银行/,
      date: ['交易日期'],
      time: ['交易时间'],
      amount: { kind: 'signed', amount: ['交易金额'], positive: 'in' },
      counterparty: ['对手信息', '交易摘要'],
      reference: ['日志号'],
      memo: ['交易摘要', '交易附言'],
    },
  ],
};

/**
 * 交通银行: the debit export 序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,
 * 交易地点,摘要 ("借 Dr"/"贷 Cr"; 序号 is a row number, not a reference: it changes between
 * exports); the credit card's 交易日期,记账日期,交易说明,交易币种/金额,入账币种/金额 with "CNY 123.18"
 * and the direction only in the first word of 交易说明.
 */
export const BOCOM: BankProfile = {
  format: 'bocom',
  layouts: [
    {
      name: 'bocom-debit',
      channel: 'bank',
      signature: ['交易日期', '交易时间', '交易类型', '借贷', '交易金额', '对方户名'],
      title: /交通银行/,
      date: ['交易日期'],
      time: ['交易时间'],
      amount: { kind: 'marker', amount: ['交易金额'], marker: ['借贷'] },
      counterparty: ['对方户名', '交易地点', '交易类型'],
      memo: ['交易类型', '摘要'],
    },
    {
      name: 'bocom-credit',
      channel: 'card',
      signature: ['交易日期', '记账日期', '交易说明', '入账币种/金额'],
      title: /交通银行/,
      date: ['交易日期', '记账日期'],
      // The booked figure in the card's currency ("CNY 49.85" for a "JPY 1000.00" purchase).
      amount: { kind: 'described', amount: ['入账币种/金额', '交易币种/金额'], description: ['交易说明'] },
      counterparty: ['交易说明'],
      stripType: /^\S+\s+/,
      memo: ['交易说明'],
    },
  ],
};

/** 广发银行 credit: 交易日期,入账日期,交易摘要,交易金额,交易货币,入账金额,入账货币; "（消费）示例商户A". */
export const CGB: BankProfile = {
  format: 'cgb',
  layouts: [
    {
      name: 'cgb-credit',
      channel: 'card',
      signature: ['交易日期', '入账日期', '交易摘要', '交易金额', '入账金额', '入账货币'],
      title: /广发银行/,
      date: ['交易日期', '入账日期'],
      amount: { kind: 'signed', amount: ['入账金额', '交易金额'], positive: 'out' },
      currency: ['入账货币'],
      counterparty: ['交易摘要'],
      stripType: /^[（(][^）)]{1,8}[）)]\s*/,
      memo: ['交易摘要'],
    },
  ],
};

/** 中信银行 credit (.xls "本期账单明细(人民币)"): 交易日期,入账日期,交易描述,卡末四位,交易币种,结算币种,交易金额,结算金额. */
export const CITIC: BankProfile = {
  format: 'citic',
  layouts: [
    {
      name: 'citic-credit',
      channel: 'card',
      signature: ['交易日期', '入账日期', '交易描述', '卡末四位', '结算金额'],
      title: /中信银行|本期账单明细/,
      date: ['交易日期', '入账日期'],
      amount: { kind: 'signed', amount: ['结算金额', '交易金额'], positive: 'out' },
      currency: ['结算币种'],
      counterparty: ['交易描述'],
      memo: ['交易描述'],
    },
  ],
};

/** 浦发银行 debit (.xls): 账号/账户类型/日期范围 on row 1, then 顺序号,交易日期,交易类型,存入金额,取出金额,余额,交易对手名称,交易对手账号,附言. */
export const SPDB: BankProfile = {
  format: 'spdb',
  layouts: [
    {
      name: 'spdb-debit',
      channel: 'bank',
      signature: ['交易日期', '交易类型', '存入金额', '取出金额', '交易对手名称'],
      title: /浦发银行|浦东发展银行/,
      date: ['交易日期'],
      amount: { kind: 'inout', pairs: [{ in: '存入金额', out: '取出金额' }] },
      counterparty: ['交易对手名称', '交易类型'],
      memo: ['交易类型', '附言'],
    },
  ],
};

/**
 * 兴业银行 debit (.xlsx): 兴业银行交易明细 and key/value rows (账户账号, 起始日期, 截止日期) above
 * 交易时间,记账日,支出,收入,账户余额,摘要,对方户名,对方银行,对方账号,用途,交易渠道,备注; a 说明 trailer.
 */
export const CIB: BankProfile = {
  format: 'cib',
  layouts: [
    {
      name: 'cib-debit',
      channel: 'bank',
      signature: ['交易时间', '记账日', '支出', '收入', '对方户名', '对方银行'],
      title: /兴业银行/,
      date: ['交易时间', '记账日'],
      amount: { kind: 'inout', pairs: [{ in: '收入', out: '支出' }] },
      counterparty: ['对方户名', '对方银行', '摘要'],
      memo: ['摘要', '用途', '备注'],
    },
  ],
};

export const BANK_PROFILES: BankProfile[] = [ICBC, CCB, CMB, BOC, ABC, BOCOM, CGB, CITIC, SPDB, CIB];

/** Every layout, for the generic reader's guess (a file whose bank is unknown may still be one of these). */
export const ALL_LAYOUTS: Layout[] = BANK_PROFILES.flatMap((p) => p.layouts);
