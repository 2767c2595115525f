/**
 * Keyed search tokens (security model v2, "Search"): the Chinese substring index keeps
 * HMAC-SHA256(searchKey, term) instead of the terms, so it answers a query only for someone
 * holding that client's key. Terms come from the app's own tokenizer (records/search-index.ts,
 * imported, not copied) so keyed and plain search agree on what matches.
 *
 * Tokens are 8 bytes (64 bits), read as a signed 64-bit integer. Why 8: it is SQLite's INTEGER,
 * the most compact indexed key (a `(token, record)` WITHOUT ROWID table), or 16 hex characters as
 * an FTS5 term. A collision only makes a record a candidate: results are decrypted and matched
 * again in TypeScript, so it costs a wasted decrypt, never a wrong answer; and with a client's
 * n ≤ 10^6 distinct terms a query term collides with probability n / 2^64 < 10^-13. The length
 * does not affect secrecy: without the key a token says nothing about its term.
 */
import { searchTerms } from './search-index';
import { boundParts } from '../crypto/bound-parts';
import { hmacSha256 } from '../crypto/primitives';

export const TOKEN_BYTES = 8;
export const DUPLICATE_HASH_BYTES = 16;

/**
 * Tokens already computed, per search key (the key's Buffer, held by the session's key ring).
 * Why: a client's records repeat the same few thousand terms (digit pairs of references above
 * all), and the HMAC was most of the cost of writing a record (npm run bench). The map holds
 * bigrams of text the session has decrypted anyway; it goes with the key's Buffer when the ring
 * drops it (lock, rotation), and is emptied when it grows past a bound.
 */
const tokenCache = new WeakMap<Uint8Array, Map<string, string>>();
const TOKEN_CACHE_LIMIT = 50_000;

/**
 * One term's token as an FTS5 term (tokenText), from the cache when this key has made it before.
 * The label keeps search tokens apart from duplicate hashes under one key.
 */
export function searchTokenText(searchKey: Uint8Array, term: string): string {
  let cache = tokenCache.get(searchKey);
  if (!cache) tokenCache.set(searchKey, (cache = new Map()));
  const hit = cache.get(term);
  if (hit !== undefined) return hit;
  const text = hmacSha256(searchKey, boundParts('search term', term)).toString('hex', 0, TOKEN_BYTES);
  if (cache.size >= TOKEN_CACHE_LIMIT) cache.clear();
  cache.set(term, text);
  return text;
}

/** One term's token, as a signed 64-bit integer (the first 8 bytes of the HMAC, big-endian). */
export function searchToken(searchKey: Uint8Array, term: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${searchTokenText(searchKey, term)}`));
}

/** A token as an FTS5 term: fixed-width lowercase hex, which unicode61 keeps as one token. */
export function tokenText(token: bigint): string {
  return BigInt.asUintN(64, token).toString(16).padStart(16, '0');
}

/** The terms the plain index would store for these texts (bigrams plus each run's last character). */
function indexTerms(...texts: (string | null | undefined)[]): string[] {
  const joined = searchTerms(...texts);
  return joined ? joined.split(' ') : [];
}

/** Tokens to index for one record, in tokenizer order (an FTS5 document keeps phrases). */
export function recordTokens(searchKey: Uint8Array, ...texts: (string | null | undefined)[]): bigint[] {
  return indexTerms(...texts).map((t) => searchToken(searchKey, t));
}

/**
 * A record's document in the FTS5 table record_search: its distinct tokens as terms (a record
 * repeats terms, "张三 ... 张三", and a lookup needs each once; detail=none keeps no positions, so
 * the order says nothing either). "" when the record has no searchable text.
 */
export function recordDocument(searchKey: Uint8Array, texts: (string | null | undefined)[]): string {
  // Terms are deduplicated before hashing: distinct terms give distinct tokens but for a 2^-64 chance.
  return [...new Set(indexTerms(...texts))].map((t) => searchTokenText(searchKey, t)).join(' ');
}

/**
 * What a typed query needs, per client key: `phrases`, one per run of letters and digits, each
 * the tokens of its bigrams in order (a record matches when it has every phrase); and
 * `singleCharacters`: one-character runs, which the plain index answers as a prefix query but a
 * keyed index cannot (an HMAC has no prefixes), so the caller filters those after decrypting.
 */
export interface KeyedQuery {
  phrases: bigint[][];
  singleCharacters: string[];
}

/** Whether a query has a run of two or more characters, the only kind the keyed index answers. */
export function queryHasPhrases(query: string): boolean {
  return indexTerms(query).some((term) => [...term].length === 2);
}

/**
 * The distinct terms a query looks up in the keyed index (the bigrams of its phrases): the same
 * under every client key, so a search over many clients cuts the text once and only hashes per
 * key (a manager's search hashes them under 2,000 keys).
 */
export function queryLookupTerms(query: string): string[] {
  return [...new Set(indexTerms(query).filter((term) => [...term].length === 2))];
}

/**
 * searchTerms cuts each run into its bigrams followed by its last character (one code point), so
 * a one-code-point term ends a run. The query drops that closing character for runs of two or
 * more: "张三丰" must match "张三丰收", whose run does not end in 丰.
 */
export function queryTokens(searchKey: Uint8Array, query: string): KeyedQuery {
  const phrases: bigint[][] = [];
  const singleCharacters: string[] = [];
  let bigrams: string[] = [];
  for (const term of indexTerms(query)) {
    if ([...term].length === 2) {
      bigrams.push(term);
      continue;
    }
    if (bigrams.length === 0) singleCharacters.push(term);
    else phrases.push(bigrams.map((b) => searchToken(searchKey, b)));
    bigrams = [];
  }
  return { phrases, singleCharacters };
}

/**
 * Duplicate check "same account and reference", keyed so the hash says nothing without the
 * client key. Values are compared exactly, as the current check (records/add-record.ts) does.
 */
export function referenceDuplicateHash(
  searchKey: Uint8Array,
  record: { accountId: string | number | null; reference: string },
): Buffer {
  const account = record.accountId === null ? '' : `a${String(record.accountId)}`;
  return keyedHash(searchKey, 'duplicate: account+reference', account, record.reference);
}

/** Duplicate check "same time, amount and counterparty" (exact, as today's check). */
export function transactionDuplicateHash(
  searchKey: Uint8Array,
  record: { occurredAtMs: number; amountMinor: number | bigint; counterparty: string },
): Buffer {
  return keyedHash(
    searchKey,
    'duplicate: time+amount+counterparty',
    String(record.occurredAtMs),
    String(record.amountMinor),
    record.counterparty,
  );
}

/** 16 bytes: a duplicate hash is an equality key in an index, and 128 bits never collide by chance. */
function keyedHash(searchKey: Uint8Array, label: string, ...parts: string[]): Buffer {
  return hmacSha256(searchKey, boundParts(label, ...parts)).subarray(0, DUPLICATE_HASH_BYTES);
}
