import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Shipped migrations are frozen. drizzle's migrator records a migration as applied by its journal
 * timestamp (`when`), so an edit to a shipped SQL file never reaches a vault that already ran it:
 * fresh and upgraded vaults would silently differ. A change to the schema is a new migration.
 *
 * To ship a new migration: `npm run db:generate`, then run this test; it fails and prints the line
 * to add to SHIPPED below (its journal index, tag, timestamp and the SHA-256 of its SQL file).
 */
const SHIPPED: readonly Shipped[] = [
  {
    idx: 0,
    tag: '0000_init',
    when: 1795892103611,
    sha256: '7e4ab2e2b04b15301f56c60a59adf5bd84f6e04070f733e06299835338eb8250',
  },
  {
    idx: 1,
    tag: '0001_access',
    when: 1795893170572,
    sha256: 'd62419856c7bbc590abc7524bbf58d37d1617263e61850e07bbba70945f1f612',
  },
  {
    idx: 2,
    tag: '0002_records',
    when: 1795894178328,
    sha256: '005c5b13d12fa7ee2cb3e815990f71f994d386613e28f710587a6d0ae21d7676',
  },
  {
    idx: 3,
    tag: '0003_periods',
    when: 1796190553742,
    sha256: 'a4fb4e4df72828cda4381db8eaf22d1bb7742d5f9d8e861605126c570bdea3db',
  },
  {
    idx: 4,
    tag: '0004_client_keys',
    when: 1796198405841,
    sha256: '20a24868e5dac47e79b986cd4ea5dc8c97f2c1403394d3ec8c81ecead376717d',
  },
  {
    idx: 5,
    tag: '0005_keyed_search_fts',
    when: 1796211026595,
    sha256: 'f92cf08983729a19188ea5ee8308360d419a1b72f2d45c9f864aec6aec27341b',
  },
  {
    idx: 6,
    tag: '0006_record_search_merge',
    when: 1796222760695,
    sha256: '8e6c2b7ff780d7f4785e59a50f85d5b9d4384b3060c5e36a37b8d69ba26f61f5',
  },
  {
    idx: 7,
    tag: '0007_audit_seals',
    when: 1796247567119,
    sha256: '3e506a1075df4d08c79de2e547b6f2caeed99b0325a0dffc3e424be96f84a693',
  },
  {
    idx: 8,
    tag: '0008_backup_history',
    when: 1796285977046,
    sha256: 'f923e1efe5b9420a53b4096b1f316dd4499158532db7fd7ed749a01ac2e57b62',
  },
  {
    idx: 9,
    tag: '0009_import_batches',
    when: 1796301074910,
    sha256: '06444e0f02bc2862134752d6cb23dfda21d56d5b52c7f99f4e9287dad9461ed4',
  },
  {
    idx: 10,
    tag: '0010_import_mappings',
    when: 1796310418953,
    sha256: '8182bb00acd4c42ccc7541e82b5c4d1f3e1550d983e1c663751472fc0a9b2295',
  },
  {
    idx: 11,
    tag: '0011_access_reviews',
    when: 1796312480258,
    sha256: '7b10b6f3aaff3c2c1f93f791a47ba1de4bf1ffdea59ba61c7adf0062db396d99',
  },
  {
    idx: 12,
    tag: '0012_compliance_registers',
    when: 1796321726929,
    sha256: '050e20906506b2e69a392d945df7d08481da225f53019052171b93a968357d42',
  },
];

interface Shipped {
  idx: number;
  tag: string;
  when: number;
  sha256: string;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
  breakpoints: boolean;
}

const DRIZZLE = path.resolve(__dirname, '../../drizzle');
const THIS_FILE = 'test/core/migrations-frozen.test.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What is wrong with the migrations in `dir` against SHIPPED, one sentence each. */
function frozenProblems(dir: string): string[] {
  const problems: string[] = [];
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  for (const shipped of SHIPPED) {
    const file = path.join(dir, `${shipped.tag}.sql`);
    const entry = journal.entries.find((e) => e.idx === shipped.idx);
    const where = `drizzle/${shipped.tag}.sql`;
    if (!entry || entry.tag !== shipped.tag || entry.when !== shipped.when || !entry.breakpoints) {
      problems.push(
        `${where}: its entry in drizzle/meta/_journal.json was changed or removed; shipped vaults know it as ` +
          `{ idx: ${shipped.idx}, tag: '${shipped.tag}', when: ${shipped.when} }. Restore it.`,
      );
    }
    if (!existsSync(file)) {
      problems.push(`${where} is gone, but vaults have applied it: restore it.`);
    } else if (sha256(file) !== shipped.sha256) {
      problems.push(
        `${where} was edited after it shipped: vaults that already applied it will never see the edit. ` +
          'Revert it and add a new migration instead (npm run db:generate).',
      );
    }
  }
  for (const entry of journal.entries) {
    if (SHIPPED.some((s) => s.idx === entry.idx && s.tag === entry.tag)) continue;
    const file = path.join(dir, `${entry.tag}.sql`);
    const hash = existsSync(file) ? sha256(file) : 'the SQL file is missing';
    problems.push(
      `new migration ${entry.tag} is not frozen yet: add ` +
        `{ idx: ${entry.idx}, tag: '${entry.tag}', when: ${entry.when}, sha256: '${hash}' } to SHIPPED in ${THIS_FILE}.`,
    );
  }
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql'))) {
    if (!journal.entries.some((e) => `${e.tag}.sql` === name)) {
      problems.push(`drizzle/${name} is not in drizzle/meta/_journal.json, so no vault would ever apply it.`);
    }
  }
  return problems;
}

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyOfDrizzle(): string {
  // No import of the core here: this check must hold even while the core does not compile.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-frozen-'));
  copies.push(dir);
  cpSync(DRIZZLE, dir, { recursive: true });
  return dir;
}

describe('shipped migrations', () => {
  it('are exactly as they shipped, and every migration in drizzle/ is on the list', () => {
    expect(frozenProblems(DRIZZLE)).toEqual([]);
  });

  it('an edit to a shipped SQL file fails with "add a new migration instead"', () => {
    const dir = copyOfDrizzle();
    const file = path.join(dir, '0001_access.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
    expect(frozenProblems(dir)).toEqual([
      expect.stringMatching(/0001_access\.sql was edited.*add a new migration instead/),
    ]);
  });

  it('a changed journal timestamp fails, and an unlisted migration says which line to add', () => {
    const dir = copyOfDrizzle();
    const journalFile = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] };
    journal.entries[0]!.when += 1;
    const next = { idx: journal.entries.length, tag: '0099_next', when: 1900000000000, breakpoints: true };
    journal.entries.push(next);
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(path.join(dir, '0099_next.sql'), 'CREATE TABLE t (id integer);\n');
    const problems = frozenProblems(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/0000_init\.sql: its entry in drizzle\/meta\/_journal\.json was changed/);
    expect(problems[1]).toContain(`{ idx: ${next.idx}, tag: '0099_next', when: 1900000000000, sha256: '`);
    expect(problems[1]).toContain(`to SHIPPED in ${THIS_FILE}`);
  });
});
