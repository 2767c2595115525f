import type { Database, Statement } from 'better-sqlite3';

/**
 * Chinese substring search without a word segmenter: text is cut into runs of letters and
 * digits, and each run indexed as its overlapping two-character tokens plus its last character.
 * "张三丰" -> 张三 三丰 丰. A query becomes a phrase of its own bigrams ("张三" finds 张三丰,
 * "三丰" too), so any substring of two or more characters matches exactly; one character is a
 * prefix query.
 */
export function searchTerms(...texts: (string | null | undefined)[]): string {
  const terms: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
      for (let i = 0; i + 1 < run.length; i += 1) terms.push(run[i]! + run[i + 1]!);
      terms.push(run[run.length - 1]!);
    }
  }
  return terms.join(' ');
}

function runs(text: string): string[][] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).map((r) => [...r]);
}

/**
 * What a typed query asks for, as the keyed search checks it after decrypting: its runs of
 * letters and digits, normalised as searchTerms normalises text (NFKC, lower case).
 */
export function queryRuns(text: string): string[] {
  return runs(text).map((r) => r.join(''));
}

/**
 * Whether texts match a query exactly as the index's phrases and prefixes mean: every run of the
 * query (however short, one character included) lies inside one field's normalised text. A run
 * holds only letters and digits, so it can only match within one run of the text, as a phrase of
 * bigrams (or a one-character prefix) does in the index.
 */
export function textMatches(queryRunsOf: string[], texts: (string | null | undefined)[]): boolean {
  const normal = texts.filter((t): t is string => !!t).map((t) => t.normalize('NFKC').toLowerCase());
  return queryRunsOf.every((run) => normal.some((t) => t.includes(run)));
}

/** An FTS5 MATCH expression for what the user typed, or null when it has no letters or digits. */
export function searchQuery(text: string): string | null {
  const parts = runs(text).map((run) => {
    if (run.length === 1) return `"${run[0]}"*`;
    const bigrams: string[] = [];
    for (let i = 0; i + 1 < run.length; i += 1) bigrams.push(run[i]! + run[i + 1]!);
    return `"${bigrams.join(' ')}"`;
  });
  return parts.length > 0 ? parts.join(' AND ') : null;
}

const statements = new WeakMap<Database, { put: Statement; del: Statement }>();

function stmts(db: Database) {
  let s = statements.get(db);
  if (!s) {
    s = {
      put: db.prepare('INSERT INTO payment_records_search (rowid, terms) VALUES (?, ?)'),
      del: db.prepare('DELETE FROM payment_records_search WHERE rowid = ?'),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Version 1's plain FTS5 index, kept only for the bench's comparison run and the upgrade (which
 * empties it): version-2 records are indexed by keyed tokens (record-index.ts).
 */
export function indexRecord(
  db: Database,
  id: number | bigint,
  fields: {
    counterparty?: string | null;
    memo?: string | null;
    reference?: string | null;
    merchantOrderRef?: string | null;
  },
  replace = false,
): void {
  const s = stmts(db);
  if (replace) s.del.run(id);
  s.put.run(id, searchTerms(fields.counterparty, fields.memo, fields.reference, fields.merchantOrderRef));
}
