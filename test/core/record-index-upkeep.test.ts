/**
 * The keyed search index's idle upkeep (records/record-index.ts, mergeRecordIndexStep, run by
 * AppService when nobody has called for UPKEEP_AFTER_IDLE_MS): every write leaves an FTS5
 * segment, and a manager's search looks each client's tokens up in every segment. Upkeep must
 * merge them while the app is idle, never while the user is working, find exactly what it found
 * before, and stop writing once there is nothing left to merge.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UPKEEP_AFTER_IDLE_MS } from '../../src/core/app/app-service';
import { AppService, ARGON2_FLOOR } from '../../src/core/index';
import { createClient } from '../../src/core/clients/clients';
import { addRecord, listRecords } from '../../src/core/records/index';
import { mergeRecordIndexStep } from '../../src/core/records/record-index';
import type { SqliteDb } from '../../src/core/vault/database';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, codeFor, nextSignInTime } from '../helpers/staff';
import { rmSync } from 'node:fs';

let vault: TestVault | undefined;
afterEach(() => {
  vi.useRealTimers();
  if (vault) rmSync(vault.dir, { recursive: true, force: true });
  vault = undefined;
});

const segments = (db: SqliteDb) =>
  (db.prepare('SELECT count(DISTINCT segid) AS n FROM record_search_idx').get() as { n: number }).n;
const totalChanges = (db: SqliteDb) => db.prepare('SELECT total_changes()').pluck().get() as number;

const COUNTERPARTIES = ['杭州明达贸易有限公司', '上海浦发物流', '深圳华强电子', '北京东方餐饮'];

/** A manager signed in through AppService (as the app and the harness do), with fake timers. */
async function managerService() {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  const manager = await addStaff(admin, vault, 'manager', 'upkeep.manager');
  admin.lock();
  await activate(vault, manager);
  const service = new AppService({ vaultDir: vault.dir, keyStore: vault.keyStore, version: 't', kdf: ARGON2_FLOOR });
  const now = nextSignInTime();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now });
  await service.unlock({
    username: manager.username,
    password: manager.password,
    totp: manager.totpSecret ? codeFor(manager.totpSecret, now) : undefined,
  });
  return service;
}

/** `n` records, one write transaction each (as people type them), each leaving a segment. */
function typeRecords(service: AppService, clientId: number, n: number) {
  const session = service.requireSession();
  for (let i = 0; i < n; i += 1) {
    addRecord(session, {
      clientId,
      occurredAt: `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00`,
      direction: 'out',
      amount: `${100 + i}.00`,
      counterparty: COUNTERPARTIES[i % COUNTERPARTIES.length]!,
      memo: `第${i}笔货款`,
      allowDuplicate: true,
    });
  }
}

const found = (service: AppService, text: string) =>
  listRecords(service.requireSession(), { text, limit: 1000 })
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);

describe('search index upkeep', () => {
  it('merges the segments people leave while the app is idle, and finds the same records', async () => {
    const service = await managerService();
    const session = service.requireSession();
    const a = createClient(session, { name: '明达贸易' });
    const b = createClient(session, { name: '浦发物流' });
    typeRecords(service, a.id, 30);
    typeRecords(service, b.id, 30);
    // drizzle/0006: a level is merged once it holds two segments.
    expect(session.db.prepare("SELECT v FROM record_search_config WHERE k = 'usermerge'").pluck().get()).toBe(2);
    const before = segments(session.db);
    expect(before).toBeGreaterThanOrEqual(4);
    const queries = ['明达', '物流', '华强电子', '第1', '餐饮'];
    const answers = queries.map((q) => found(service, q));
    expect(answers[0]).toHaveLength(16);

    // Someone still working (every call re-arms the quiet period): no upkeep yet.
    for (let i = 0; i < 5; i += 1) {
      vi.advanceTimersByTime(UPKEEP_AFTER_IDLE_MS - 100);
      service.touch();
    }
    expect(segments(session.db)).toBe(before);

    // Quiet: steps run one after another until nothing is left to merge.
    vi.advanceTimersByTime(UPKEEP_AFTER_IDLE_MS + 5_000);
    const after = segments(session.db);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(3);
    expect(queries.map((q) => found(service, q))).toEqual(answers);
    expect(() =>
      session.db.prepare("INSERT INTO record_search (record_search, rank) VALUES ('integrity-check', 0)").run(),
    ).not.toThrow();

    // Settled: another quiet period writes nothing at all.
    const settled = totalChanges(session.db);
    service.touch();
    vi.advanceTimersByTime(UPKEEP_AFTER_IDLE_MS * 3);
    expect(totalChanges(session.db)).toBe(settled);

    // A new write makes it work again, once the user is quiet.
    typeRecords(service, a.id, 12);
    const grown = segments(session.db);
    service.touch();
    vi.advanceTimersByTime(UPKEEP_AFTER_IDLE_MS + 5_000);
    expect(segments(session.db)).toBeLessThanOrEqual(Math.max(after, 3));
    expect(segments(session.db)).toBeLessThanOrEqual(grown);
    expect(found(service, '明达')).toHaveLength(16 + 3);
    service.lock();
  });

  it('a locked vault does no upkeep', async () => {
    const service = await managerService();
    const session = service.requireSession();
    const a = createClient(session, { name: '明达贸易' });
    typeRecords(service, a.id, 20);
    const db = session.db;
    service.lock();
    expect(() => vi.advanceTimersByTime(UPKEEP_AFTER_IDLE_MS * 3)).not.toThrow();
    expect(session.isOpen).toBe(false);
    expect(() => db.prepare('SELECT 1').get()).toThrow();
  });
});

describe('mergeRecordIndexStep', () => {
  it('merges in bounded steps and then reports that nothing is left', async () => {
    const service = await managerService();
    const session = service.requireSession();
    const a = createClient(session, { name: '明达贸易' });
    typeRecords(service, a.id, 40);
    const db = session.db;
    let settled: Buffer | null = null;
    let steps = 0;
    for (;;) {
      const step = mergeRecordIndexStep(db, settled, 1);
      steps += 1;
      if (!step.merged) {
        settled = step.structure;
        break;
      }
      expect(steps).toBeLessThan(500);
    }
    expect(steps).toBeGreaterThan(1);
    expect(found(service, '明达')).toHaveLength(10);
    // Only audit events written since (the search above): the next step writes nothing.
    const changes = totalChanges(db);
    expect(mergeRecordIndexStep(db, settled).merged).toBe(false);
    expect(totalChanges(db)).toBe(changes);
    // A record written since: the step looks again.
    typeRecords(service, a.id, 1);
    const written = totalChanges(db);
    mergeRecordIndexStep(db, settled);
    expect(totalChanges(db)).toBeGreaterThan(written);
    service.lock();
  });
});
