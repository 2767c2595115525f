/**
 * Chinese substring search over sealed text (security model v2, "Search"). The query is turned
 * into keyed tokens once per client key the session holds (only for the clients the query may
 * reach); records holding every token of every phrase are candidates; candidates are decrypted
 * and matched again here, with the normalisation the tokens were made with, so the answer is
 * exact: a token collision costs one decrypt, and one-character runs (which an HMAC index cannot
 * answer as a prefix) are checked on the decrypted text.
 */
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { paymentRecords } from '../db/schema';
import { openText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import { queryRuns } from '../search/search-index';
import { queryHasPhrases, queryLookupTerms, searchTokenText } from '../search/search-tokens';
import { SEALED_FIELDS } from './sealed-record';

/** Ids per json_each list: a single bound parameter, so only memory bounds it. */
const CHUNK = 5000;

const SEARCHED = SEALED_FIELDS.filter((f) => f.key !== 'counterpartyAccount');

/** `column IN (ids)` with the ids as one JSON parameter (no variable limit to meet). */
export function inIds(column: AnyColumn, ids: number[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/**
 * Clients per MATCH: one FTS5 query answers many clients, "(a1 AND a2) OR (b1 AND b2) ...";
 * a query per client cost FTS5 a cursor each, which for a manager's 2,000 clients outweighed the
 * lookups themselves (npm run bench).
 */
const CLIENTS_PER_MATCH = 250;

/** The query's terms under one client's key, as an FTS5 AND group. */
function groupOf(session: VaultSession, clientId: number, terms: string[]): string {
  const { searchKey } = session.keyRing.subkeys(clientId);
  return `(${terms.map((term) => `"${searchTokenText(searchKey, term)}"`).join(' AND ')})`;
}

/** Record ids holding every token of the query under their client's key (a superset: see above). */
function candidatesOf(session: VaultSession, clientIds: number[], text: string): number[] {
  const match = session.db.prepare('SELECT rowid FROM record_search WHERE record_search MATCH ?').pluck();
  const terms = queryLookupTerms(text);
  const candidates: number[] = [];
  for (let i = 0; i < clientIds.length; i += CLIENTS_PER_MATCH) {
    const groups = clientIds.slice(i, i + CLIENTS_PER_MATCH).map((id) => groupOf(session, id, terms));
    candidates.push(...(match.all(groups.join(' OR ')) as number[]));
  }
  return candidates;
}

/**
 * textMatches (the same rule: every run of the query inside one field's normalised text), with
 * each field decrypted only when a run is still being looked for: most matches are found in the
 * first field read (the counterparty), and decrypting was most of a manager's search (npm run bench).
 */
export function sealedTextMatches(runs: string[], fields: (() => string | null)[]): boolean {
  const normal: (string | null | undefined)[] = [];
  const text = (i: number) => {
    if (normal[i] === undefined) normal[i] = fields[i]!()?.normalize('NFKC').toLowerCase() ?? null;
    return normal[i];
  };
  return runs.every((run) => fields.some((_, i) => text(i)?.includes(run) ?? false));
}

/**
 * The ids of records of `clientIds` (each one whose key the session holds) that satisfy `where`
 * and whose counterparty, memo, reference or merchant order contain the query; null when the
 * query has no letters or digits (it filters nothing, as before).
 */
export function searchRecordIds(
  session: VaultSession,
  clientIds: number[],
  text: string,
  where: SQL[],
): number[] | null {
  const runs = queryRuns(text);
  if (runs.length === 0) return null;
  // Whether a query has tokens depends on its text alone (runs of two or more characters).
  const keyed = queryHasPhrases(text);
  const candidates = keyed ? candidatesOf(session, clientIds, text) : [];
  const scanned = keyed ? [] : clientIds;
  const exact = keyed && answeredByIndex(runs);
  const asked = new Set(clientIds);
  const matched: number[] = [];
  const check = (filter: SQL) => {
    const rows = session.orm
      .select({
        id: paymentRecords.id,
        clientId: paymentRecords.clientId,
        counterpartyEnc: paymentRecords.counterpartyEnc,
        referenceEnc: paymentRecords.referenceEnc,
        merchantOrderRefEnc: paymentRecords.merchantOrderRefEnc,
        memoEnc: paymentRecords.memoEnc,
      })
      .from(paymentRecords)
      .where(and(...where, filter))
      .all();
    for (const r of rows) {
      // Another client's record can be a candidate only by a token collision: never decrypted here.
      if (!asked.has(r.clientId)) continue;
      if (exact) {
        matched.push(r.id);
        continue;
      }
      const fields = SEARCHED.map(
        (f) => () =>
          openText(session, { clientId: r.clientId, table: 'payment_records', rowId: r.id, field: f.column }, r[f.enc]),
      );
      if (sealedTextMatches(runs, fields)) matched.push(r.id);
    }
  };
  for (let i = 0; i < candidates.length; i += CHUNK) check(inIds(paymentRecords.id, candidates.slice(i, i + CHUNK)));
  // One-character queries have no tokens: every record of those clients is a candidate.
  for (const clientId of scanned) check(eq(paymentRecords.clientId, clientId));
  return matched;
}

/**
 * Whether the index's candidates are the answer without decrypting them: when every run of the
 * query is exactly two characters ("张伟", "明达 物流"), a record holding a run's token holds that
 * bigram inside one run of one field (records are tokenized field by field, run by run,
 * normalised as the query is), which is all textMatches asks. Longer runs need their bigrams
 * next to each other, and one-character runs have no token, so those are decrypted and checked.
 * The only wrong answer possible is a 64-bit token collision under the same client key
 * (search-tokens.ts: below 10^-13 per query term), which would show one extra row.
 */
function answeredByIndex(runs: string[]): boolean {
  return runs.every((run) => [...run].length === 2);
}
