/** camt.053 reader on hand-made fixtures: every rule once, 10,000 entries, refusals and truncation. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { camt053Reader, readCamt053 } from '../../../src/core/import/camt053';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/intl');
const small = readFileSync(path.join(FIXTURES, 'camt053-small.xml'), 'utf8');

function statement(entries: number): string {
  const ntry = (i: number) =>
    `<Ntry><Amt Ccy="EUR">${i}.01</Amt><CdtDbtInd>${i % 2 ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt><AcctSvcrRef>R${i}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><${i % 2 ? 'Dbtr' : 'Cdtr'}><Nm>P${i}</Nm></${i % 2 ? 'Dbtr' : 'Cdtr'}></RltdPties></TxDtls></NtryDtls></Ntry>\n`;
  const body = Array.from({ length: entries }, (_, k) => ntry(k + 1)).join('');
  return `<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>NL00TEST0123456789</IBAN></Id></Acct>\n${body}</Stmt></BkToCstmrStmt></Document>\n`;
}

describe('camt.053 reader', () => {
  it('reads each Ntry as one record with the rules of the reader', () => {
    const { rows, declared } = readCamt053(small);
    expect(rows.map((r) => r.kind)).toEqual(['record', 'record', 'skipped', 'record', 'record']);
    const [paid, rent, , reversal, batch] = rows.map((r) => (r.kind === 'record' ? r.record : undefined));
    expect(paid).toEqual({
      occurredAt: '2024-03-06 06:30:00', // 23:30 at +01:00 is the next morning in Beijing
      direction: 'in',
      amount: '1000.50',
      currency: 'EUR',
      channel: 'bank',
      counterparty: 'Müller & Söhne GmbH',
      counterpartyAccount: 'DE02120300000000202051',
      reference: 'BANKREF-1',
      memo: 'Invoice 2024-17 paid <in full>',
    });
    expect(rent).toMatchObject({
      direction: 'out',
      amount: '200.25',
      counterparty: 'Landlord 上海',
      counterpartyAccount: '6222 0000 1111',
      reference: 'TX-2',
    });
    expect(rows[2]).toMatchObject({ kind: 'skipped', reason: 'neutral' }); // PDNG: not booked
    // A reversed debit: the direction is what CdtDbtInd states; the memo says why.
    expect(reversal).toMatchObject({
      direction: 'out',
      amount: '100.00',
      memo: 'Reversal Returned direct debit',
      reference: 'BANKREF-3',
    });
    expect(batch).toMatchObject({
      direction: 'in',
      amount: '250.00',
      counterparty: 'Alice; Bob',
      memo: 'Batch of 2: Alice EUR 100.00; Bob EUR 150.00',
    });
    expect(rows[0]!.source).toMatch(/^<c:Ntry>[\s\S]*<\/c:Ntry>$/);
    expect(rows[0]!.line).toBe(14); // the line of its <c:Ntry>
    // TxsSummry of both statements: 2 credits 1250.50, 2 debits 300.25 (+ 0 in the second).
    expect(declared).toEqual({
      account: 'DE89370400440532013000',
      currency: 'EUR',
      from: '2024-03-01 07:00:00',
      to: '2024-04-01 06:59:59',
      inCount: 2,
      inMinor: 125050,
      outCount: 2,
      outMinor: 30025,
    });
  });

  it('rejects the entries of another account with a reason, or reads that account when asked', () => {
    const two = small.replace(
      /(<c:Stmt>\s*<c:Id>S2[\s\S]*?<c:IBAN>)DE89370400440532013000/,
      '$1GB33BUKB20201555555555',
    );
    const first = readCamt053(two);
    expect(first.rows.filter((r) => r.kind === 'rejected').map((r) => r.kind === 'rejected' && r.reason)).toEqual([
      expect.stringMatching(/another account \(GB33BUKB20201555555555, not DE89370400440532013000\)/),
      expect.stringMatching(/another account/),
    ]);
    const second = readCamt053(two, { account: 'GB33BUKB20201555555555' });
    expect(second.rows.filter((r) => r.kind === 'record')).toHaveLength(2);
    expect(second.declared.account).toBe('GB33BUKB20201555555555');
  });

  it('reads 10,000 entries', () => {
    const started = performance.now();
    const { rows } = readCamt053(statement(10_000));
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.kind === 'record')).toBe(true);
    const last = rows[9_999]!;
    expect(last.kind === 'record' && last.record).toMatchObject({
      amount: '10000.01',
      direction: 'out',
      counterparty: 'P10000',
      reference: 'R10000',
    });
    expect(last.line).toBe(10_002);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a truncated file is an error, not the entries before the cut', () => {
    const full = statement(50);
    for (const cut of [full.length - 20, Math.floor(full.length / 2), 200]) {
      expect(() => readCamt053(full.slice(0, cut))).toThrow(/camt053: .*(truncated|not closed)/);
    }
  });

  it('refuses the XML bomb and the external entity, and other documents', () => {
    for (const f of ['camt053-bomb.xml', 'camt053-xxe.xml']) {
      expect(() => readCamt053(readFileSync(path.join(FIXTURES, f), 'utf8'))).toThrow(
        /camt053: <!DOCTYPE> declarations are refused/,
      );
    }
    expect(() => readCamt053('<Document><BkToCstmrAcctRpt/></Document>')).toThrow(/not a bank-to-customer statement/);
    expect(() => readCamt053('<Document><BkToCstmrStmt></BkToCstmrStmt></Document>')).toThrow(/no statement/);
  });

  it('rejects an entry it cannot read, with the reason', () => {
    const bad = statement(1).replace('<Amt Ccy="EUR">1.01</Amt>', '<Amt Ccy="EUR">1,01</Amt>');
    expect(readCamt053(bad).rows[0]).toMatchObject({
      kind: 'rejected',
      reason: 'Amt "1,01" is not an amount.',
      why: { key: 'importRow.notAmount', params: { field: 'Amt', value: '1,01' } },
    });
  });

  it('detects camt.053 from its namespace', () => {
    expect(camt053Reader.detect(small.slice(0, 400))).toBeGreaterThan(0.9);
    expect(camt053Reader.detect('<OFX>')).toBe(0);
  });
});
