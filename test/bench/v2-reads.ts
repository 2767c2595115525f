/**
 * The v2 bench's reads (test/bench/v2-bench.ts): a client's first page, a Chinese substring
 * search over 50 and over 2,000 clients (the core's queryRecords over the keyed FTS5 index), and
 * unwrapping a manager's 2,000 client keys. Each beside plain SQLite reading the same rows in the
 * clear.
 */
import { performance } from 'node:perf_hooks';
import type { StaffIdentity } from '../../src/core/crypto/identity';
import { queryRecords } from '../../src/core/records/query-records';
import { loadClientKeys } from '../../src/core/vault/client-key-store';
import { ClientKeyRing } from '../../src/core/vault/client-key-ring';
import type { VaultSession } from '../../src/core/vault/session';
import { percentiles, rng, timeInTurns, type Db } from './bench-util';
import { benchSession, CLIENTS, GIVEN, SURNAMES, type BenchDbs } from './v2-setup';

type Stat = { p50: number; p99: number };

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
  const session = benchSession(b.dbs.v2, b.vaultId, b.keyRing);
  const pass = () =>
    timeInTurns(queries, {
      plain: (i) => () => plain(clients[i]),
      page: (i) => () => page(clients[i]),
      // Through the core: queryRecords runs the page, count and totals, and decrypts the 50 rows and the client's name.
      v2: (i) => () => queryRecords(session, { clientId: clients[i]!, limit: 50 }),
    });
  return { cold: pass(), warm: pass() };
}

/**
 * A query as someone types a name they half remember: two or three characters of one. Two-
 * character queries are answered by the keyed index alone; three need their candidates
 * decrypted (records/keyed-search.ts), so both kinds are asked.
 */
function queries(n: number, seed: number): string[] {
  const r = rng(seed);
  const given = () => GIVEN[Math.floor(r() * 20)]!;
  return Array.from({ length: n }, () => {
    const roll = r();
    const surname = SURNAMES[Math.floor(r() * 20)]!;
    if (roll < 0.5) return surname + given();
    if (roll < 0.7) return given() + given();
    return surname + given() + given();
  });
}

export interface SearchFigures {
  /** The first query after opening the vault (cold: index and rows read from disk), ms. */
  first: { plain: number; v2: number };
  /** The queries after it. */
  plain: Stat;
  v2: Stat;
  /** Mean matches per query (the same in both: a check that they agree). */
  hits: { plain: number; v2: number };
}

/**
 * A Chinese substring over `scope` clients, p50/p99 ms, for a session holding exactly those
 * clients' keys (an accountant with that many grants, or a manager with all 2,000):
 *   plain  LIKE over the plaintext columns of those clients (no index: what v1 did without FTS),
 *          the records screen's page, count and totals
 *   v2     queryRecords({ text, limit: 50 }) through the core: keyed tokens looked up in the FTS5
 *          table record_search, candidates decrypted and matched, then page, count and totals
 * in turns, query by query (timeInTurns). The first query after opening is reported on its own:
 * with n queries p99 is nearly the slowest one, and the first pays for a cold cache alone.
 */
export function search(b: BenchDbs, scope: number, n: number): SearchFigures {
  const r = rng(100 + scope);
  const ids = new Set<number>();
  while (ids.size < Math.min(scope, CLIENTS)) ids.add(1 + Math.floor(r() * CLIENTS));
  const clientIds = [...ids];
  const ring = new ClientKeyRing();
  for (const id of clientIds) ring.add(id, Buffer.from(b.clientKeys.get(id)!), 1);
  const texts = queries(n + 1, 200 + scope);
  const hits = { plain: 0, v2: 0 };

  const scopeJson = JSON.stringify(clientIds);
  const likeRun = plainPage(
    b.dbs.plain,
    'client_id IN (SELECT value FROM json_each(?))',
    `AND (counterparty LIKE ? OR memo LIKE ? OR reference LIKE ? OR merchant_order_ref LIKE ?)`,
  );
  // A manager's session: queryRecords reads every client whose key the ring holds, i.e. the scope.
  const core = benchSession(b.dbs.v2, b.vaultId, ring);
  const contenders = (offset: number) => ({
    plain: (i: number) => () => {
      const like = `%${texts[offset + i]!}%`;
      const [, agg] = likeRun(scopeJson, like, like, like, like);
      hits.plain += (agg as { total: number }).total;
    },
    v2: (i: number) => () => {
      hits.v2 += queryRecords(core, { text: texts[offset + i]!, limit: 50 }).total;
    },
  });
  const first = timeInTurns(1, contenders(0));
  const t = timeInTurns(n, contenders(1));
  ring.wipe();
  return {
    first: { plain: first.plain.p50, v2: first.v2.p50 },
    plain: t.plain,
    v2: t.v2,
    hits: { plain: hits.plain / (n + 1), v2: hits.v2 / (n + 1) },
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
      ...benchSession(b.dbs.v2, b.vaultId, ring),
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
