/**
 * The v2 bench's databases and inserts (test/bench/v2-bench.ts runs them). Four databases get
 * the same records, generated from one seed:
 *   plain      plain SQLite, sensitive text in the legacy plaintext columns, no search index
 *   plain+idx  the same plus version 1's plaintext search index (FTS5 over bigrams, indexRecord in
 *              src/core/search/search-index.ts): the same work as v2 minus the cryptography
 *   page       the same rows as plain under the page cipher only (the one the page-cipher bench chose)
 *   v2         all of version 2 through the core (insertRecords, src/core/records/insert-records.ts):
 *              the page cipher; counterparty, counterparty account, reference, merchant order and
 *              memo sealed with encryptField under the client key; the keyed duplicate hashes; and
 *              the keyed search tokens in the FTS5 table record_search (one document per record,
 *              rowid = record id: src/core/records/record-index.ts)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateClientKey, wrapClientKey } from '../../src/core/crypto/client-keys';
import { generateStaffIdentity, type StaffIdentity } from '../../src/core/crypto/identity';
import { insertRecords } from '../../src/core/records/insert-records';
import { mergeRecordIndexStep } from '../../src/core/records/record-index';
import { indexRecord } from '../../src/core/search/search-index';
import { ClientKeyRing } from '../../src/core/vault/client-key-ring';
import { applyMigrations, openVaultDatabase, ormOf, type PageCipher } from '../../src/core/vault/database';
import { sealText } from '../../src/core/vault/sealed-fields';
import type { VaultSession, WriteContext } from '../../src/core/vault/session';
import type { CheckedRecord } from '../../src/shared/records/check-record';
import type { Role } from '../../src/shared/access/roles';
import { openPlain, rng, type Db } from './bench-util';

export const CLIENTS = 2_000;
export const BATCH = 10_000;

export const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';
const MEMOS = ['货款', '工资代发', '房租', '报销', '服务费', '退款', '税费', '水电费'];

export type Layout = 'plain' | 'plain+idx' | 'page' | 'v2';
export const LAYOUTS: Layout[] = ['plain', 'plain+idx', 'page', 'v2'];

/**
 * Records as statements bring them: one client's run of 20-100 payments at a time, a Chinese
 * counterparty of two or three characters, a card-like account, a 12-16 character reference and
 * a short memo (test/bench/run.ts used the same shapes for version 1).
 */
export function* benchRecords(rows: number, seed: number): Generator<CheckedRecord> {
  const r = rng(seed);
  const base = Date.UTC(2023, 0, 1);
  let clientId = 1;
  let left = 0;
  for (let i = 0; i < rows; i += 1) {
    if (left === 0) {
      clientId = 1 + Math.floor(r() * CLIENTS);
      left = 20 + Math.floor(r() * 80);
    }
    left -= 1;
    const counterparty =
      SURNAMES[Math.floor(r() * 20)]! + GIVEN[Math.floor(r() * 20)]! + (r() < 0.5 ? GIVEN[Math.floor(r() * 20)]! : '');
    yield {
      clientId,
      occurredAt: '',
      occurredAtMs: base + Math.floor(r() * 3 * 365 * 86_400_000),
      hasTime: true,
      direction: r() < 0.5 ? 'in' : 'out',
      amount: '',
      amountMinor: 1 + Math.floor(r() * 10_000_000),
      currency: 'CNY',
      channel: r() < 0.5 ? 'alipay' : 'bank',
      counterparty,
      counterpartyAccount: `62220${Math.floor(r() * 1e14)}`,
      reference: `T${seed}${i}${Math.floor(r() * 1e9)}`,
      memo: MEMOS[Math.floor(r() * MEMOS.length)]!,
    };
  }
}

/**
 * What the core's record functions need of a session, over a bench database: its connection,
 * drizzle, the vault id bound into every sealed field, and a key ring. Not a signed-in session
 * (no keys file, certificate or audit): the bench times the record path, not unlock.
 */
export function benchSession(db: Db, vaultId: string, keyRing: ClientKeyRing, role: Role = 'manager'): VaultSession {
  return {
    db,
    orm: ormOf(db),
    vaultId,
    keyRing,
    user: { id: 'bench', username: 'bench', displayName: 'bench', role },
  } as unknown as VaultSession;
}

export interface BenchDbs {
  root: string;
  dek: Buffer;
  /** The page cipher of every database but the plain ones. */
  cipher: PageCipher;
  vaultId: string;
  /** Every client's key, as a manager's session holds them after unlock. */
  keyRing: ClientKeyRing;
  clientKeys: Map<number, Buffer>;
  files: Record<Layout, string>;
  dbs: Record<Layout, Db>;
}

function openLayout(layout: Layout, file: string, dek: Buffer, cipher: PageCipher, create: boolean): Db {
  return layout.startsWith('plain') ? openPlain(file) : openVaultDatabase(file, dek, { create, cipher });
}

/** Opens (or reopens, after `closeAll`) every database; a reopen starts with an empty page cache. */
export function reopenAll(b: BenchDbs): void {
  for (const l of LAYOUTS) b.dbs[l] = openLayout(l, b.files[l], b.dek, b.cipher, false);
}

export function closeAll(b: BenchDbs): void {
  for (const l of LAYOUTS) {
    b.dbs[l].pragma('wal_checkpoint(TRUNCATE)');
    b.dbs[l].close();
  }
}

export function setUp(root: string, dek: Buffer, cipher: PageCipher): BenchDbs {
  const vaultId = randomUUID();
  const keyRing = new ClientKeyRing();
  const clientKeys = new Map<number, Buffer>();
  for (let id = 1; id <= CLIENTS; id += 1) {
    const key = generateClientKey();
    clientKeys.set(id, Buffer.from(key));
    keyRing.add(id, key, 1);
  }
  const files = Object.fromEntries(LAYOUTS.map((l) => [l, `${root}/${l.replace(/\W+/g, '-')}.db`])) as Record<
    Layout,
    string
  >;
  const dbs = Object.fromEntries(LAYOUTS.map((l) => [l, openLayout(l, files[l], dek, cipher, true)])) as Record<
    Layout,
    Db
  >;
  const b: BenchDbs = { root, dek, cipher, vaultId, keyRing, clientKeys, files, dbs };
  for (const l of LAYOUTS) {
    applyMigrations(dbs[l]);
    seedClients(dbs[l], l === 'v2' ? benchSession(dbs[l], vaultId, keyRing) : null);
  }
  return b;
}

/** The 2,000 clients, their names sealed when a session is given (as version 2 stores them). */
export function seedClients(db: Db, session: VaultSession | null): void {
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO clients (id, name, name_enc, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, 'bench', ?, 'bench')`,
  );
  db.transaction(() => {
    for (let id = 1; id <= CLIENTS; id += 1) {
      const name = `客户${id}有限公司`;
      const at = { clientId: id, table: 'clients', rowId: id, field: 'name' } as const;
      ins.run(id, session ? '' : name, session ? sealText(session, at, name) : null, now, now);
    }
  })();
}

/** The version-1 shape of a row: text in the plaintext columns (plain and page-cipher-only). */
export function plainInsert(db: Db, indexed: boolean) {
  const ins = db.prepare(
    `INSERT INTO payment_records (client_id, occurred_at, has_time, direction, amount_minor, currency, channel, counterparty,
       counterparty_account, reference, memo, status, source, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'succeeded', 'manual', ?, 'bench', ?, 'bench')`,
  );
  return (batch: CheckedRecord[], stamp: string) => {
    for (const r of batch) {
      const info = ins.run(
        r.clientId,
        r.occurredAtMs,
        r.direction,
        r.amountMinor,
        r.currency,
        r.channel ?? null,
        r.counterparty,
        r.counterpartyAccount ?? null,
        r.reference ?? null,
        r.memo ?? null,
        stamp,
        stamp,
      );
      if (indexed) {
        indexRecord(db, info.lastInsertRowid, {
          counterparty: r.counterparty,
          memo: r.memo,
          reference: r.reference,
          merchantOrderRef: r.merchantOrderRef,
        });
      }
    }
  };
}

function coreInsert(db: Db, session: VaultSession) {
  const ctx = { db } as unknown as WriteContext;
  return (batch: CheckedRecord[], stamp: string) => {
    insertRecords(session, ctx, batch, { stamp });
  };
}

/** Inserts `rows` records (seeded) into one layout in BATCH-record transactions; returns the ms taken. */
export function insertInto(b: BenchDbs, layout: Layout, rows: number, seed: number): number {
  const db = b.dbs[layout];
  const session = benchSession(db, b.vaultId, b.keyRing);
  const write = layout === 'v2' ? coreInsert(db, session) : plainInsert(db, layout === 'plain+idx');
  const stamp = new Date().toISOString();
  const gen = benchRecords(rows, seed);
  const start = performance.now();
  for (let done = 0; done < rows; done += BATCH) {
    const batch: CheckedRecord[] = [];
    for (let i = 0; i < BATCH; i += 1) {
      const next = gen.next();
      if (next.done) break;
      batch.push(next.value);
    }
    db.transaction(() => write(batch, stamp))();
  }
  return performance.now() - start;
}

/** A manager's identity and a wrap of every client's key to it, as createVault/grants leave them. */
export function wrapAllClientKeys(b: BenchDbs, recipientId: string): StaffIdentity {
  const identity = generateStaffIdentity();
  const db = b.dbs.v2;
  const ins = db.prepare(
    'INSERT OR REPLACE INTO client_key_wraps (client_id, recipient_id, key_generation, wrap) VALUES (?, ?, 1, ?)',
  );
  db.transaction(() => {
    for (const [clientId, key] of b.clientKeys) {
      ins.run(
        clientId,
        recipientId,
        wrapClientKey(key, identity.x25519.publicKey, { vaultId: b.vaultId, clientId, recipientUserId: recipientId }),
      );
    }
  })();
  return identity;
}

/**
 * The search index upkeep the app runs once the user is idle (AppService.upkeepStep): merge
 * steps until one finds nothing. Timed step by step, with the FTS5 segment count around it.
 */
export function idleUpkeep(db: Db): {
  steps: number;
  ms: number;
  longestMs: number;
  medianMs: number;
  segmentsBefore: number;
  segmentsAfter: number;
} {
  const segments = () => db.prepare('SELECT count(DISTINCT segid) FROM record_search_idx').pluck().get() as number;
  const segmentsBefore = segments();
  const times: number[] = [];
  for (let merged = true; merged && times.length < 100_000;) {
    const t = performance.now();
    merged = mergeRecordIndexStep(db, null).merged;
    times.push(performance.now() - t);
  }
  const sorted = [...times].sort((x, y) => x - y);
  return {
    steps: times.length,
    ms: times.reduce((x, y) => x + y, 0),
    longestMs: sorted.at(-1) ?? 0,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    segmentsBefore,
    segmentsAfter: segments(),
  };
}
