/**
 * Where a version-2 insert's time goes, per record, outside SQLite (test/bench/v2-bench.ts prints
 * it under the insert figures): the core's sealing of the five text fields, its keyed search
 * tokens, its duplicate hashes, and, as a measured proposal, the same tokens from a per-client
 * cache of term -> token (terms repeat: a reference's digit pairs, names' bigrams, memo words).
 */
import { performance } from 'node:perf_hooks';
import { duplicateKeyOf, textOf } from '../../src/core/records/insert-records';
import { duplicateHashes } from '../../src/core/records/record-index';
import { searchTerms } from '../../src/core/search/search-index';
import { recordTokens, searchToken } from '../../src/core/search/search-tokens';
import { searchedText, sealRecordText } from '../../src/core/records/sealed-record';
import type { VaultSession } from '../../src/core/vault/session';
import type { CheckedRecord } from '../../src/shared/records/check-record';
import { benchRecords } from './v2-setup';

/** Tokens through a cache per client (what the proposal would keep in the key ring). */
export function cachedTokens(cache: Map<number, Map<string, bigint>>, searchKey: Buffer, clientId: number) {
  let terms = cache.get(clientId);
  if (!terms) cache.set(clientId, (terms = new Map()));
  const known = terms;
  return (...texts: (string | null | undefined)[]): bigint[] => {
    const joined = searchTerms(...texts);
    if (!joined) return [];
    return joined.split(' ').map((term) => {
      let t = known.get(term);
      if (t === undefined) known.set(term, (t = searchToken(searchKey, term)));
      return t;
    });
  };
}

export interface Breakdown {
  records: number;
  tokensPerRecord: number;
  distinctTermsPerClient: number;
  /** Microseconds per record. */
  seal: number;
  tokens: number;
  cachedTokens: number;
  duplicateHashes: number;
}

export function insertBreakdown(session: VaultSession, records: number): Breakdown {
  const rows: CheckedRecord[] = [...benchRecords(records, 9)];
  const time = (fn: (r: CheckedRecord, i: number) => unknown) => {
    const t = performance.now();
    rows.forEach(fn);
    return ((performance.now() - t) * 1000) / rows.length;
  };
  let tokenCount = 0;
  const seal = time((r, i) => sealRecordText(session, r.clientId, i + 1, textOf(r)));
  const tokens = time((r) => {
    tokenCount += recordTokens(session.keyRing.subkeys(r.clientId).searchKey, ...searchedText(textOf(r))).length;
  });
  const cache = new Map<number, Map<string, bigint>>();
  const cached = time((r) =>
    cachedTokens(cache, session.keyRing.subkeys(r.clientId).searchKey, r.clientId)(...searchedText(textOf(r))),
  );
  const dup = time((r) => duplicateHashes(session, r.clientId, duplicateKeyOf(r)));
  const distinct = [...cache.values()].reduce((s, m) => s + m.size, 0) / Math.max(cache.size, 1);
  return {
    records,
    tokensPerRecord: tokenCount / rows.length,
    distinctTermsPerClient: distinct,
    seal,
    tokens,
    cachedTokens: cached,
    duplicateHashes: dup,
  };
}
