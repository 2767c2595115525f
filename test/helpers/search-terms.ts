/**
 * What the keyed search index (the contentless FTS5 table record_search) holds, read back the way
 * a DEK holder could: through an fts5vocab table, as (record id, term) pairs. Terms are tokens as
 * 16 hex digits (src/core/search/search-tokens.ts, tokenText).
 */
import type { SqliteDb } from '../../src/core/vault/database';

/** Every record's terms in record_search. */
export function storedSearchTerms(db: SqliteDb): Map<number, Set<string>> {
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.record_search_terms USING fts5vocab(main, 'record_search', 'instance')`,
  );
  const out = new Map<number, Set<string>>();
  for (const { doc, term } of db.prepare('SELECT doc, term FROM temp.record_search_terms').all() as {
    doc: number;
    term: string;
  }[]) {
    let terms = out.get(doc);
    if (!terms) out.set(doc, (terms = new Set()));
    terms.add(term);
  }
  return out;
}
