import { describe, expect, it } from 'vitest';
import {
  decryptField,
  deriveClientSubkeys,
  encryptField,
  wipeClientSubkeys,
  type FieldLocation,
} from '../../src/core/crypto/field-cipher';
import { queryRuns, textMatches } from '../../src/core/search/search-index';
import { sealedTextMatches } from '../../src/core/records/keyed-search';
import {
  queryTokens,
  recordDocument,
  recordTokens,
  referenceDuplicateHash,
  searchToken,
  tokenText,
  transactionDuplicateHash,
} from '../../src/core/search/search-tokens';
import { generateClientKey } from '../../src/core/crypto/client-keys';
import { LedgerVaultError } from '../../src/core/errors';

function expectIntegrity(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(LedgerVaultError);
  expect((caught as LedgerVaultError).code).toBe('E_INTEGRITY');
}

const at: FieldLocation = {
  vaultId: 'vault-1',
  clientId: 17,
  table: 'payment_records',
  rowId: 42,
  field: 'counterparty',
};

describe('field cipher (AES-256-GCM under the client key)', () => {
  it('round-trips Chinese text with no plaintext byte in the blob; encoding is version|nonce|ct|tag', () => {
    const { fieldKey } = deriveClientSubkeys(generateClientKey());
    const text = '张三丰 ACME 6222 0000 1234';
    const blob = encryptField(fieldKey, at, text);
    expect(blob[0]).toBe(1);
    expect(blob).toHaveLength(1 + 12 + Buffer.byteLength(text) + 16);
    expect(blob.indexOf(Buffer.from('张三'))).toBe(-1);
    expect(blob.indexOf(Buffer.from('ACME'))).toBe(-1);
    expect(decryptField(fieldKey, at, blob)).toBe(text);
    expect(decryptField(fieldKey, at, encryptField(fieldKey, at, ''))).toBe('');
    expect(encryptField(fieldKey, at, text)).not.toEqual(blob); // fresh nonce each time
  });

  it('refuses a value moved to another row, field, table, client or vault, or read with another key', () => {
    const { fieldKey } = deriveClientSubkeys(generateClientKey());
    const blob = encryptField(fieldKey, at, '房租');
    for (const moved of [
      { rowId: 43 },
      { field: 'memo' },
      { table: 'payment_accounts' },
      { clientId: 18 },
      { vaultId: 'vault-2' },
    ]) {
      expectIntegrity(() => decryptField(fieldKey, { ...at, ...moved }, blob));
    }
    expectIntegrity(() => decryptField(deriveClientSubkeys(generateClientKey()).fieldKey, at, blob));
  });

  it('refuses any flipped byte and a value too short to hold a tag', () => {
    const { fieldKey } = deriveClientSubkeys(generateClientKey());
    const blob = encryptField(fieldKey, at, 'T20261202');
    for (let i = 0; i < blob.length; i += 1) {
      const bad = Buffer.from(blob);
      bad[i] = bad[i]! ^ 0x80;
      expectIntegrity(() => decryptField(fieldKey, at, bad));
    }
    expectIntegrity(() => decryptField(fieldKey, at, blob.subarray(0, 20)));
  });

  it('derives distinct field and search keys, the same ones from the same client key, and wipes them', () => {
    const ck = generateClientKey();
    const a = deriveClientSubkeys(ck);
    const b = deriveClientSubkeys(ck);
    expect(a.fieldKey).toEqual(b.fieldKey);
    expect(a.searchKey).toEqual(b.searchKey);
    expect(a.fieldKey).not.toEqual(a.searchKey);
    expect(a.fieldKey).not.toEqual(ck);
    wipeClientSubkeys(a);
    expect([...a.fieldKey, ...a.searchKey].every((x) => x === 0)).toBe(true);
  });
});

describe('keyed search tokens and duplicate hashes', () => {
  const { searchKey } = deriveClientSubkeys(generateClientKey());
  const other = deriveClientSubkeys(generateClientKey()).searchKey;

  /** What an indexed token table answers: every phrase's tokens present in the record. */
  function matches(record: bigint[], query: string, key = searchKey): boolean {
    const have = new Set(record);
    const q = queryTokens(key, query);
    return q.phrases.length > 0 && q.phrases.every((p) => p.every((t) => have.has(t)));
  }

  it('finds Chinese substrings of two or more characters, as the plain index does', () => {
    const doc = recordTokens(searchKey, '张三丰收有限公司', '货款 T2026');
    expect(matches(doc, '张三')).toBe(true);
    expect(matches(doc, '张三丰')).toBe(true); // the run goes on past 丰
    expect(matches(doc, '有限公司')).toBe(true);
    expect(matches(doc, '货款')).toBe(true);
    expect(matches(doc, 't2026')).toBe(true); // NFKC + lower case, as the plain tokenizer
    expect(matches(doc, '李四')).toBe(false);
    expect(matches(doc, '张三', other)).toBe(false); // another client's key finds nothing
  });

  it('tokens are 8-byte integers with a fixed-width text form and reveal no term', () => {
    const t = searchToken(searchKey, '张三');
    expect(typeof t).toBe('bigint');
    expect(tokenText(t)).toMatch(/^[0-9a-f]{16}$/);
    expect(searchToken(other, '张三')).not.toBe(t);
    expect(tokenText(t)).not.toContain('张');
  });

  it('a record document holds each distinct token once, as the text form, and tokenText agrees with searchToken', () => {
    const doc = recordDocument(searchKey, ['张三张三', '张三', null]).split(' ');
    expect(new Set(doc).size).toBe(doc.length);
    expect(doc).toContain(tokenText(searchToken(searchKey, '张三')));
    expect(doc.sort()).toEqual([...new Set(recordTokens(searchKey, '张三张三', '张三').map(tokenText))].sort());
    expect(recordDocument(searchKey, [null, '', '  '])).toBe('');
  });

  it('candidates are matched exactly as textMatches, decrypting a field only while a run is still sought', () => {
    const records: (string | null)[][] = [
      ['张三丰收', null, 'T2026-01', '货款'],
      ['李四', '房租', null, ''],
      ['ABC贸易', null, null, null],
      ['某公司', '丰收在望', 'ＡＢＣ', null],
    ];
    for (const query of ['张三', '丰收', 'abc', '张三 货款', '李 房', 't2026', '三丰 在望', '贸易 a', 'x']) {
      const runs = queryRuns(query);
      for (const texts of records) {
        let opened = 0;
        const fields = texts.map((t) => () => {
          opened += 1;
          return t;
        });
        expect(sealedTextMatches(runs, fields), `${query} in ${texts.join('|')}`).toBe(textMatches(runs, texts));
        if (textMatches([runs[0]!], [texts[0]]))
          expect(opened, `${query}: found in the first field`).toBe(runs.length === 1 ? 1 : opened);
      }
    }
  });

  it('one-character queries are handed back for filtering after decryption', () => {
    const q = queryTokens(searchKey, '张 有限');
    expect(q.singleCharacters).toEqual(['张']);
    expect(q.phrases).toHaveLength(1);
  });

  it('duplicate hashes match the same account+reference or time+amount+counterparty, keyed per client', () => {
    const ref = { accountId: 3, reference: 'T123' };
    expect(referenceDuplicateHash(searchKey, ref)).toEqual(referenceDuplicateHash(searchKey, { ...ref }));
    expect(referenceDuplicateHash(searchKey, ref)).not.toEqual(
      referenceDuplicateHash(searchKey, { ...ref, accountId: 4 }),
    );
    expect(referenceDuplicateHash(searchKey, ref)).not.toEqual(
      referenceDuplicateHash(searchKey, { ...ref, accountId: null }),
    );
    expect(referenceDuplicateHash(other, ref)).not.toEqual(referenceDuplicateHash(searchKey, ref));
    const tx = { occurredAtMs: 1_764_633_600_000, amountMinor: 12_345, counterparty: '张三' };
    const h = transactionDuplicateHash(searchKey, tx);
    expect(h).toHaveLength(16);
    expect(transactionDuplicateHash(searchKey, { ...tx })).toEqual(h);
    expect(transactionDuplicateHash(searchKey, { ...tx, amountMinor: 12_346 })).not.toEqual(h);
    expect(transactionDuplicateHash(searchKey, { ...tx, counterparty: '张三丰' })).not.toEqual(h);
  });
});
