/**
 * Chinese substring search over sealed text (security model v2, "Search"). The query is turned
 * into keyed tokens once per client key the session holds (only for the clients the query may
 * reach); records holding every token of every phrase are candidates; candidates are decrypted
 * and matched again here, with the normalisation the tokens were made with, so the answer is
 * exact: a token collision costs one decrypt, and one-character runs (which an HMAC index cannot
 * answer as a prefix) are checked on the decrypted text.
 */
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import { paymentRecords } from '../db/schema';
import { openText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import { queryRuns, textMatches } from '../search/search-index';
import { queryTokens } from '../search/search-tokens';
import { SEALED_FIELDS } from './sealed-record';

/** Ids per json_each list: a single bound parameter, so only memory bounds it. */
const CHUNK = 5000;

const SEARCHED = SEALED_FIELDS.filter((f) => f.key !== 'counterpartyAccount');

/** `column IN (ids)` with the ids as one JSON parameter (no variable limit to meet). */
export function inIds(column: AnyColumn, ids: number[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

function candidatesOf(session: VaultSession, clientId: number, text: string, cache: Map<number, Statement>) {
  const { phrases } = queryTokens(session.keyRing.subkeys(clientId).searchKey, text);
  const tokens = [...new Set(phrases.flat())];
  if (tokens.length === 0) return null;
  let stmt = cache.get(tokens.length);
  if (!stmt) {
    // Every token of every phrase: a record has each (client, token) at most once, so count(*) counts distinct tokens.
    stmt = session.db
      .prepare(
        `SELECT record_id FROM record_search_tokens WHERE client_id = ? AND token IN (${tokens.map(() => '?').join(',')})
         GROUP BY record_id HAVING count(*) = ${tokens.length}`,
      )
      .pluck();
    cache.set(tokens.length, stmt);
  }
  return stmt.all(clientId, ...tokens) as number[];
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
  const cache = new Map<number, Statement>();
  const candidates: number[] = [];
  const scanned: number[] = [];
  for (const clientId of clientIds) {
    const ids = candidatesOf(session, clientId, text, cache);
    if (ids === null) scanned.push(clientId);
    else candidates.push(...ids);
  }
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
      const texts = SEARCHED.map((f) =>
        openText(session, { clientId: r.clientId, table: 'payment_records', rowId: r.id, field: f.column }, r[f.enc]),
      );
      if (textMatches(runs, texts)) matched.push(r.id);
    }
  };
  for (let i = 0; i < candidates.length; i += CHUNK) check(inIds(paymentRecords.id, candidates.slice(i, i + CHUNK)));
  // One-character queries have no tokens: every record of those clients is a candidate.
  for (const clientId of scanned) check(eq(paymentRecords.clientId, clientId));
  return matched;
}
