import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { applyMigrations, defaultMigrationsDir, openVaultDatabase } from '../../src/core/vault/database';
import { tempDir } from '../helpers/test-vault';
import { columns, migrateTo, tableNames } from '../helpers/migrations';
import { storedSearchTerms } from '../helpers/search-terms';
import { queryTokens, recordDocument, recordTokens, tokenText } from '../../src/core/search/search-tokens';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freshDb() {
  const dir = tempDir('lv-mig-');
  dirs.push(dir);
  return openVaultDatabase(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
}

describe('migrations', () => {
  it('0000_init creates the foundation tables on an empty encrypted database', () => {
    const db = freshDb();
    migrateTo(db, 0);
    expect(tableNames(db)).toEqual([
      '__drizzle_migrations',
      'audit_events',
      'clients',
      'payment_accounts',
      'payment_records',
      'users',
      'vault_meta',
    ]);
    expect(columns(db, 'payment_records')).toEqual(
      expect.arrayContaining([
        'amount_minor',
        'currency',
        'occurred_at',
        'counterparty_account',
        'version',
        'deleted_reason',
      ]),
    );
    expect(columns(db, 'audit_events')).toEqual([
      'seq',
      'at',
      'tz',
      'actor_id',
      'actor_name',
      'workstation',
      'action',
      'target_type',
      'target_id',
      'client_id',
      'outcome',
      'details',
      'hash',
    ]);
    db.close();
  });

  it('0001_access keeps existing staff and clients and adds grants, MFA, history and settings', () => {
    const db = freshDb();
    migrateTo(db, 0);
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES ('u1', 'wang', '王经理', 'manager', 't', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES ('甲公司', 't', 'u1', 't', 'u1')`,
    ).run();
    migrateTo(db, 1);
    expect(
      db.prepare('SELECT id, username, display_name, role, status, mfa_secret, password_changed_at FROM users').all(),
    ).toEqual([
      {
        id: 'u1',
        username: 'wang',
        display_name: '王经理',
        role: 'manager',
        status: 'active',
        mfa_secret: null,
        password_changed_at: null,
      },
    ]);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'client_grants',
        'mfa_recovery_codes',
        'password_history',
        'settings',
        'signin_workstations',
        'user_permissions',
      ]),
    );
    db.prepare(
      `INSERT INTO client_grants (user_id, client_id, granted_by, granted_at) VALUES ('u1', 1, 'u1', 't')`,
    ).run();
    expect(db.prepare('SELECT user_id, client_id, can_write FROM client_grants').all()).toEqual([
      { user_id: 'u1', client_id: 1, can_write: 0 },
    ]);
    expect(() =>
      db
        .prepare(
          `INSERT INTO client_grants (user_id, client_id, granted_by, granted_at) VALUES ('nobody', 1, 'u1', 't')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('0002_records keeps existing records and adds their history and the search index', () => {
    const db = freshDb();
    migrateTo(db, 1);
    db.prepare(
      `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES ('甲公司', 't', 'u', 't', 'u')`,
    ).run();
    db.prepare(
      `INSERT INTO payment_records (client_id, occurred_at, direction, amount_minor, counterparty, created_at, created_by, updated_at, updated_by)
       VALUES (1, 1700000000000, 'out', 12345, '张三', 't', 'u', 't', 'u')`,
    ).run();
    migrateTo(db, 2);
    expect(db.prepare('SELECT id, amount_minor, counterparty, version FROM payment_records').all()).toEqual([
      { id: 1, amount_minor: 12345, counterparty: '张三', version: 1 },
    ]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['record_history', 'payment_records_search']));
    db.prepare(`INSERT INTO payment_records_search (rowid, terms) VALUES (1, '张三 三')`).run();
    expect(
      db.prepare(`SELECT rowid FROM payment_records_search WHERE payment_records_search MATCH '"张三"'`).all(),
    ).toEqual([{ rowid: 1 }]);
    // Contentless: the index keeps no copy of the text it was given.
    expect(db.prepare('SELECT terms FROM payment_records_search').all()).toEqual([{ terms: null }]);
    db.close();
  });

  it('0003_periods keeps records and accounts, adds opening balances, and marks date-only records', () => {
    const db = freshDb();
    migrateTo(db, 2);
    db.prepare(
      `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES ('甲公司', 't', 'u', 't', 'u')`,
    ).run();
    db.prepare(
      `INSERT INTO payment_accounts (client_id, kind, created_at, created_by, updated_at, updated_by) VALUES (1, 'bank', 't', 'u', 't', 'u')`,
    ).run();
    // 2024-03-05 00:00 Beijing (a date typed without a time) and 2024-03-05 09:30 Beijing.
    const midnight = Date.parse('2024-03-05T00:00:00+08:00');
    const morning = Date.parse('2024-03-05T09:30:00+08:00');
    const insert = db.prepare(
      `INSERT INTO payment_records (client_id, account_id, occurred_at, direction, amount_minor, counterparty, created_at, created_by, updated_at, updated_by)
       VALUES (1, 1, ?, 'out', 500, '张三', 't', 'u', 't', 'u')`,
    );
    insert.run(midnight);
    insert.run(morning);
    migrateTo(db, 3);
    expect(db.prepare('SELECT id, occurred_at, amount_minor, has_time FROM payment_records ORDER BY id').all()).toEqual(
      [
        { id: 1, occurred_at: midnight, amount_minor: 500, has_time: 0 },
        { id: 2, occurred_at: morning, amount_minor: 500, has_time: 1 },
      ],
    );
    expect(db.prepare('SELECT id, opening_balance_minor, opening_balance_date FROM payment_accounts').all()).toEqual([
      { id: 1, opening_balance_minor: null, opening_balance_date: null },
    ]);
    db.close();
  });

  it('0005_keyed_search_fts moves every keyed token into the FTS5 index, found by the same tokens', () => {
    const db = freshDb();
    migrateTo(db, 4);
    const key = randomBytes(32);
    // Tokens as version 2 wrote them at 0004: signed 64-bit integers, one row per (client, token, record).
    const texts: Record<number, string[]> = {
      1: ['张三丰', '货款', 'REF-0042'],
      2: ['李四', '房租', null!],
      3: ['王五', '', 'X'],
    };
    const put = db.prepare('INSERT INTO record_search_tokens (client_id, token, record_id) VALUES (7, ?, ?)');
    for (const [id, t] of Object.entries(texts))
      for (const token of new Set(recordTokens(key, ...t))) put.run(token, Number(id));
    // A token whose top bit is set, and one that is zero: both ends of the hex conversion.
    put.run(-2n, 3);
    put.run(0n, 3);
    migrateTo(db, 5);
    expect(tableNames(db)).not.toContain('record_search_tokens');
    const stored = storedSearchTerms(db);
    for (const [id, t] of Object.entries(texts))
      expect([...stored.get(Number(id))!].sort(), `record ${id}`).toEqual(
        expect.arrayContaining(recordDocument(key, t).split(' ')),
      );
    expect(stored.get(3)).toEqual(
      new Set([...recordDocument(key, texts[3]!).split(' '), 'fffffffffffffffe', '0000000000000000']),
    );
    const match = (tokens: bigint[]) =>
      db
        .prepare('SELECT rowid FROM record_search WHERE record_search MATCH ? ORDER BY rowid')
        .pluck()
        .all(tokens.map((t) => `"${tokenText(t)}"`).join(' AND '));
    expect(match(queryTokens(key, '三丰').phrases.flat())).toEqual([1]);
    expect(match(queryTokens(key, 'REF').phrases.flat())).toEqual([1]);
    expect(match(queryTokens(key, '房租').phrases.flat())).toEqual([2]);
    expect(match([-2n])).toEqual([3]);
    // Contentless: no copy of the terms outside the index, and a record's tokens can be deleted by id.
    expect(db.prepare('SELECT tokens FROM record_search WHERE rowid = 1').pluck().get()).toBeNull();
    db.prepare('DELETE FROM record_search WHERE rowid = 1').run();
    expect(match(queryTokens(key, '三丰').phrases.flat())).toEqual([]);
    db.close();
  });

  it('applying twice changes nothing, and foreign keys are enforced', () => {
    const db = freshDb();
    applyMigrations(db);
    const applied = db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    applyMigrations(db);
    expect(db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(applied);
    expect(() =>
      db
        .prepare(
          `INSERT INTO payment_records (client_id, occurred_at, direction, amount_minor, created_at, created_by, updated_at, updated_by) VALUES (42, 0, 'in', 1, '', '', '', '')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('migrations are history: the journal lists every SQL file, in order, and none is renamed', () => {
    const dir = defaultMigrationsDir();
    const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    };
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((e) => e.idx)).toEqual(files.map((_, i) => i));
    expect(files[0]).toBe('0000_init.sql');
  });
});
