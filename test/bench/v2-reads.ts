/**
 * The v2 bench's reads (test/bench/v2-bench.ts): a client's first page, a Chinese substring
 * search over 50 and over 2,000 clients in both search layouts, and unwrapping a manager's
 * 2,000 client keys. Each beside plain SQLite reading the same rows in the clear.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import type { StaffIdentity } from '../../src/core/crypto/identity';
import { paymentRecords } from '../../src/core/db/schema';
import { inIds, searchRecordIds } from '../../src/core/records/keyed-search';
import { queryRecords } from '../../src/core/records/query-records';
import { baseSelect, toViews } from '../../src/core/records/record-view';
import { queryRuns, textMatches } from '../../src/core/search/search-index';
import { queryTokens, tokenText } from '../../src/core/search/search-tokens';
import { SEALED_FIELDS } from '../../src/core/records/sealed-record';
import { loadClientKeys } from '../../src/core/vault/client-key-store';
import { ClientKeyRing } from '../../src/core/vault/client-key-ring';
import { openText } from '../../src/core/vault/sealed-fields';
import type { VaultSession } from '../../src/core/vault/session';
import { percentiles, rng, timeInTurns, type Db } from './bench-util';
import { benchSession, CLIENTS, FTS_TABLE, GIVEN, SURNAMES, type BenchDbs } from './v2-setup';

type Stat = { p50: number; p99: number };

/** Clients per FTS5 MATCH expression in ftsSearchIds (a long OR is parsed once per query). */
const FTS_CLIENTS_PER_MATCH = 250;

/** The records screen's three statements (page, count, in/out totals) on plaintext columns. */
function plainPage(db: Db, scopeSql: string, textSql = '') {
  const page = db.prepare(
    `SELECT * FROM payment_records WHERE deleted_at IS NULL AND ${scopeSql} ${textSql} ORDER BY occurred_at DESC, id DESC LIMIT 50`,
  );
  const agg = db.prepare(
    `SELECT count(*) AS total, coalesce(sum(CASE WHEN direction = 'in' THEN amount_minor END), 0) AS in_minor,
       coalesce(sum(CASE WHEN direction = 'out' THEN amount_minor END), 0) AS out_minor
     FROM payment_records WHERE deleted_at IS NULL AND ${scopeSql} ${textSql}`,
  );
  return (...args: unknown[]) => [page.all(...args), agg.get(...args)];
}

/**
 * p50/p99 ms of opening a random client's first page (50 rows), the layouts in turns on the same
 * client: a cold pass right after opening (every page read from disk and decrypted), then a warm
 * one over the same clients (pages in the cache, as on a second look).
 */
export function firstPage(
  b: BenchDbs,
  queries: number,
): Record<'cold' | 'warm', Record<'plain' | 'page' | 'v2', Stat>> {
  const r = rng(11);
  const clients = Array.from({ length: queries }, () => 1 + Math.floor(r() * CLIENTS));
  const plain = plainPage(b.dbs.plain, 'client_id = ?');
  const page = plainPage(b.dbs.page, 'client_id = ?');
  const session = benchSession(b.dbs['v2 tokens'], b.vaultId, b.keyRing);
  const pass = () =>
    timeInTurns(queries, {
      plain: (i) => () => plain(clients[i]),
      page: (i) => () => page(clients[i]),
      // Through the core: queryRecords runs the page, count and totals, and decrypts the 50 rows and the client's name.
      v2: (i) => () => queryRecords(session, { clientId: clients[i]!, limit: 50 }),
    });
  return { cold: pass(), warm: pass() };
}

/** A query as someone types a name they half remember: two or three characters of one. */
function queries(n: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const two = SURNAMES[Math.floor(r() * 20)]! + GIVEN[Math.floor(r() * 20)]!;
    return r() < 0.7 ? two : GIVEN[Math.floor(r() * 20)]! + GIVEN[Math.floor(r() * 20)]!;
  });
}

/**
 * searchRecordIds (src/core/records/keyed-search.ts) with FTS5 candidates: per client key, the
 * query's tokens as one AND of tokenText terms; then the same decrypt-and-match.
 */
function ftsSearchIds(session: VaultSession, clientIds: number[], text: string, where: SQL[]): number[] | null {
  const runs = queryRuns(text);
  if (runs.length === 0) return null;
  const match = session.db.prepare(`SELECT rowid FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ?`).pluck();
  const candidates: number[] = [];
  const scanned: number[] = [];
  // One MATCH for many clients, "(a1 AND a2) OR (b1 AND b2) ...": a query per client costs FTS5
  // a cursor each, which for 2,000 clients outweighed the lookups themselves.
  const clauses: string[] = [];
  const flush = () => {
    if (clauses.length > 0) candidates.push(...(match.all(clauses.join(' OR ')) as number[]));
    clauses.length = 0;
  };
  for (const clientId of clientIds) {
    const tokens = [...new Set(queryTokens(session.keyRing.subkeys(clientId).searchKey, text).phrases.flat())];
    if (tokens.length === 0) scanned.push(clientId);
    else clauses.push(`(${tokens.map((t) => `"${tokenText(t)}"`).join(' AND ')})`);
    if (clauses.length === FTS_CLIENTS_PER_MATCH) flush();
  }
  flush();
  const matched: number[] = [];
  const searched = SEALED_FIELDS.filter((f) => f.key !== 'counterpartyAccount');
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
      const texts = searched.map((f) =>
        openText(session, { clientId: r.clientId, table: 'payment_records', rowId: r.id, field: f.column }, r[f.enc]),
      );
      if (textMatches(runs, texts)) matched.push(r.id);
    }
  };
  for (let i = 0; i < candidates.length; i += 5000) check(inIds(paymentRecords.id, candidates.slice(i, i + 5000)));
  for (const clientId of scanned) check(eq(paymentRecords.clientId, clientId));
  return matched;
}

/** The matches' first page, count and totals, decrypted: what queryRecords does after its search. */
function pageOfIds(session: VaultSession, where: SQL[], ids: number[]) {
  const all = and(...where, inIds(paymentRecords.id, ids));
  const rows = toViews(
    session,
    baseSelect(session)
      .where(all)
      .orderBy(sql`${paymentRecords.occurredAt} DESC`, sql`${paymentRecords.id} DESC`)
      .limit(50)
      .all(),
  );
  const agg = session.orm
    .select({ total: sql<number>`count(*)` })
    .from(paymentRecords)
    .where(all)
    .get();
  return { rows, total: agg?.total ?? 0 };
}

export interface SearchFigures {
  plain: Stat;
  tokensCore: Stat;
  tokens: Stat;
  fts: Stat;
  /** Mean matches per query (the same in every layout: a check that they agree). */
  hits: { plain: number; tokens: number; fts: number };
}

/**
 * A Chinese substring over `scope` clients, p50/p99 ms per layout, for a session holding exactly
 * those clients' keys (an accountant with that many grants, or a manager with all 2,000):
 *   plain      LIKE over the plaintext columns of those clients (no index: what v1 did without FTS)
 *   tokensCore queryRecords({ text }) through the core (record_search_tokens)
 *   tokens     searchRecordIds (core) + the page of matches
 *   fts        the same with FTS5 candidates
 * in turns, query by query (timeInTurns).
 */
export function search(b: BenchDbs, scope: number, n: number): SearchFigures {
  const r = rng(100 + scope);
  const ids = new Set<number>();
  while (ids.size < Math.min(scope, CLIENTS)) ids.add(1 + Math.floor(r() * CLIENTS));
  const clientIds = [...ids];
  const ring = new ClientKeyRing();
  for (const id of clientIds) ring.add(id, Buffer.from(b.clientKeys.get(id)!), 1);
  const texts = queries(n, 200 + scope);
  const hits = { plain: 0, tokens: 0, fts: 0 };

  const scopeJson = JSON.stringify(clientIds);
  const likeRun = plainPage(
    b.dbs.plain,
    'client_id IN (SELECT value FROM json_each(?))',
    `AND (counterparty LIKE ? OR memo LIKE ? OR reference LIKE ? OR merchant_order_ref LIKE ?)`,
  );
  const layout = (db: Db, find: typeof searchRecordIds, key: 'tokens' | 'fts') => {
    const session = benchSession(db, b.vaultId, ring);
    return (i: number) => () => {
      const where = [sql`${paymentRecords.deletedAt} IS NULL`, inIds(paymentRecords.clientId, clientIds)];
      const found = find(session, clientIds, texts[i]!, where) ?? [];
      hits[key] += pageOfIds(session, where, found).total;
    };
  };
  const core = benchSession(b.dbs['v2 tokens'], b.vaultId, ring);
  const t = timeInTurns(n, {
    plain: (i) => () => {
      const like = `%${texts[i]!}%`;
      const [, agg] = likeRun(scopeJson, like, like, like, like);
      hits.plain += (agg as { total: number }).total;
    },
    tokens: layout(b.dbs['v2 tokens'], searchRecordIds, 'tokens'),
    fts: layout(b.dbs['v2 fts5'], ftsSearchIds, 'fts'),
    tokensCore: (i) => () => queryRecords(core, { text: texts[i]!, limit: 50 }),
  });
  const { plain, tokens, fts, tokensCore } = t;
  ring.wipe();
  return {
    plain,
    tokensCore,
    tokens,
    fts,
    hits: { plain: hits.plain / n, tokens: hits.tokens / n, fts: hits.fts / n },
  };
}

/**
 * Unlock's share for a manager: loadClientKeys (src/core/vault/client-key-store.ts) opening all
 * 2,000 wraps addressed to them and deriving each client's subkeys into a fresh key ring. The
 * bench's session object offers what it reads: the identity, drizzle, the vault id.
 */
export function unwrapAll(
  b: BenchDbs,
  identity: StaffIdentity,
  recipientId: string,
  runs: number,
): Stat & { keys: number } {
  const samples: number[] = [];
  let keys = 0;
  for (let i = 0; i < runs; i += 1) {
    const ring = new ClientKeyRing();
    const session = {
      ...benchSession(b.dbs['v2 tokens'], b.vaultId, ring),
      identity,
      user: { id: recipientId, username: recipientId, displayName: recipientId, role: 'manager' },
    } as unknown as VaultSession;
    const t = performance.now();
    loadClientKeys(session, recipientId);
    samples.push(performance.now() - t);
    keys = ring.size;
    ring.wipe();
  }
  return { ...percentiles(samples), keys };
}
