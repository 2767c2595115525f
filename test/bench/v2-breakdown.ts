/**
 * Where a version-2 insert's time goes, per record, outside SQLite (test/bench/v2-bench.ts prints
 * it under the insert figures): the core's sealing of the five text fields, its keyed search
 * tokens (recordTokens) twice over the same records, first with an empty token cache and then
 * with the cache the first pass left (the core's per-key term -> token cache in
 * src/core/search/search-tokens.ts), and its duplicate hashes.
 */
import { performance } from 'node:perf_hooks';
import { duplicateKeyOf, textOf } from '../../src/core/records/insert-records';
import { duplicateHashes } from '../../src/core/records/record-index';
import { searchTerms } from '../../src/core/search/search-index';
import { recordTokens } from '../../src/core/search/search-tokens';
import { searchedText, sealRecordText } from '../../src/core/records/sealed-record';
import { ClientKeyRing } from '../../src/core/vault/client-key-ring';
import type { VaultSession } from '../../src/core/vault/session';
import type { CheckedRecord } from '../../src/shared/records/check-record';
import { benchRecords } from './v2-setup';

export interface Breakdown {
  records: number;
  tokensPerRecord: number;
  distinctTermsPerClient: number;
  /** Microseconds per record. */
  seal: number;
  /** recordTokens with a cold token cache (the first time a client's terms are seen). */
  tokens: number;
  /** recordTokens again over the same records: the core's token cache warm. */
  cachedTokens: number;
  duplicateHashes: number;
}

export function insertBreakdown(session: VaultSession, records: number): Breakdown {
  // A fresh ring over the same client keys: new search key Buffers, so the core's token cache
  // (a WeakMap per key Buffer) starts empty whatever the bench's inserts left in it.
  const ring = new ClientKeyRing();
  for (const id of session.keyRing.clientIds()) {
    ring.add(id, Buffer.from(session.keyRing.clientKey(id)), session.keyRing.generation(id));
  }
  const s = { ...session, keyRing: ring } as VaultSession;
  const rows: CheckedRecord[] = [...benchRecords(records, 9)];
  const time = (fn: (r: CheckedRecord, i: number) => unknown) => {
    const t = performance.now();
    rows.forEach(fn);
    return ((performance.now() - t) * 1000) / rows.length;
  };
  let tokenCount = 0;
  const seal = time((r, i) => sealRecordText(s, r.clientId, i + 1, textOf(r)));
  const tokensOf = (r: CheckedRecord) => recordTokens(ring.subkeys(r.clientId).searchKey, ...searchedText(textOf(r)));
  const cold = time((r) => {
    tokenCount += tokensOf(r).length;
  });
  const warm = time(tokensOf);
  const dup = time((r) => duplicateHashes(s, r.clientId, duplicateKeyOf(r)));
  ring.wipe();
  const terms = new Map<number, Set<string>>();
  for (const r of rows) {
    let set = terms.get(r.clientId);
    if (!set) terms.set(r.clientId, (set = new Set()));
    for (const term of searchTerms(...searchedText(textOf(r))).split(' ')) if (term) set.add(term);
  }
  const distinct = [...terms.values()].reduce((sum, t) => sum + t.size, 0) / Math.max(terms.size, 1);
  return {
    records,
    tokensPerRecord: tokenCount / rows.length,
    distinctTermsPerClient: distinct,
    seal,
    tokens: cold,
    cachedTokens: warm,
    duplicateHashes: dup,
  };
}
